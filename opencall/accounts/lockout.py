"""Sign-in lockout. django-axes counts wrong passwords per (username, address) and
locks that pair; one limit per pair lets an address try a few passwords on each of
many usernames (a spray). This handler adds a second, higher limit per address,
across usernames, counted from the same axes rows within the same cool-off."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request: Any) -> int:
    """Wrong passwords from the request's address, any username, within the cool-off."""
    return (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )


class AddressLimitHandler(AxesDatabaseHandler):
    """axes' database handler, with the per-address limit on top of the per-pair one.

    A successful sign-in still clears only its own pair (AXES_LOCKOUT_PARAMETERS), so
    an attacker's own valid account cannot wipe the address's count."""

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or _address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # axes answers "locked out" (429) only when a pair reaches its limit; the failure
        # that reaches the address's limit gets the same answer.
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and _address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def _address_locked(request: Any) -> bool:
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    return bool(limit) and address_failures(request) >= limit
