"""The second factor: an authenticator app (TOTP) and its recovery codes (django-otp's
static device). Enrolled, replaced, removed, or reset by a call administrator.

A password alone must never change a confirmed second factor: replacing or removing
it, or making new recovery codes, takes a code from the current authenticator or a
recovery code. Every change is in the admin's history, and announced
(signals.second_factor_changed) for the mail app to tell the owner.
"""

from __future__ import annotations

import base64
from enum import StrEnum
from typing import Any

from django.contrib.admin.models import CHANGE
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts import signals
from opencall.accounts.services import MembershipRefused, audit
from opencall.calls.models import Call

DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
RECOVERY_COUNT = 10


class Change(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    REMOVED = "removed"
    RESET = "reset"
    CODES_MADE = "codes made"
    CODE_USED = "code used"


class SecondFactorRefused(ValueError):
    """A change to the second factor that was not allowed; the message says why."""


def wrong_code() -> str:
    return _("This code is not right, or it has expired. Try the current one.")


def proof_needed() -> str:
    return _(
        "Give a code from your current authenticator app, or one of your recovery codes: "
        "a password alone cannot change your second factor."
    )


# Reads -----------------------------------------------------------------------------


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def members_with_a_device(*, call: Call) -> QuerySet[Any]:
    """Members of the call whose second factor a call administrator may reset: not site
    administrators (their second factor guards the whole site)."""
    device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        get_user_model()
        .objects.filter(memberships__call=call, is_superuser=False)
        .filter(Exists(device))
        .distinct()
        .order_by("username")
    )


# Codes -----------------------------------------------------------------------------


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _stored(code: str) -> str:
    # django-otp keeps static tokens as typed; we keep a keyed hash instead, so that the
    # database alone does not give the codes away. Its token column holds 16 characters:
    # 80 bits of the HMAC in base32.
    digest = salted_hmac("opencall.recovery-code", code, algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:16].lower()


def check_second_factor(*, user: Any, code: str) -> Device | None:
    """The device that accepts `code`: the authenticator for a code of digits, else the
    recovery codes (that code is then used up, and the owner told). django-otp slows
    down repeated wrong codes on each device."""
    code = _normalise(code)
    if not code:
        return None
    if code.isdigit() and len(code) <= 8:
        device = confirmed_device(user)
        return device if device is not None and device.verify_token(code) else None
    static = StaticDevice.objects.filter(user=user).first()
    if static is None or not static.verify_token(_stored(code)):
        return None
    _tell(user=user, change=Change.CODE_USED)
    return static


def _new_code() -> str:
    # Never digits only: those are taken for authenticator codes (check_second_factor).
    while (code := StaticToken.random_token()).isdigit():
        pass
    return code


def _make_codes(user: Any) -> list[str]:
    """A new set of recovery codes; the earlier ones stop working. Shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [_new_code() for _ in range(RECOVERY_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_stored(c)) for c in codes)
    return codes


# Writes ----------------------------------------------------------------------------


@transaction.atomic
def totp_enrol(*, user: Any) -> TOTPDevice:
    """Start enrolment: one unconfirmed device per user, replaced by each new start. It
    counts for nothing until confirmed (totp_confirm)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_confirm(*, device: TOTPDevice, token: str, proof: str = "") -> list[str]:
    """Confirm a new authenticator with its first code, and make its recovery codes
    (returned, to be shown once). If the user has a confirmed one already, the new one
    replaces it, and `proof` must be a code from the current one or a recovery code.

    The new code is checked first: a wrong one then costs no recovery code. Checks are
    outside the transaction, so that django-otp's count of wrong codes is kept."""
    user = device.user
    if not device.verify_token(_normalise(token)):
        raise SecondFactorRefused(wrong_code())
    current = confirmed_device(user)
    if current is not None and check_second_factor(user=user, code=proof) is None:
        raise SecondFactorRefused(proof_needed())
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=locked.pk)
        change = Change.REPLACED if replaced.exists() else Change.ADDED
        replaced.delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        codes = _make_codes(user)
        _record(user=user, by=user, change=change)
    return codes


def recovery_codes_renew(*, user: Any, proof: str) -> list[str]:
    """A new set of recovery codes, for someone with a confirmed authenticator who gives
    the second factor."""
    if confirmed_device(user) is None:
        raise SecondFactorRefused(_("Set up an authenticator app first."))
    if check_second_factor(user=user, code=proof) is None:
        raise SecondFactorRefused(proof_needed())
    with transaction.atomic():
        codes = _make_codes(user)
        _record(user=user, by=user, change=Change.CODES_MADE)
    return codes


def second_factor_remove(*, user: Any, proof: str) -> None:
    """Turn two-factor off for one's own account: the authenticator and the recovery
    codes go. Calls that require it will ask to enrol again."""
    if confirmed_device(user) is None:
        raise SecondFactorRefused(_("Your account has no authenticator app."))
    if check_second_factor(user=user, code=proof) is None:
        raise SecondFactorRefused(proof_needed())
    with transaction.atomic():
        _delete_all(user)
        _record(user=user, by=user, change=Change.REMOVED)


def member_two_factor_reset(*, call: Call, username: str, by: Any) -> None:
    """A call administrator removes a member's second factor (lost phone and recovery
    codes): they enrol again at their next visit. Audited, and mailed to the member.
    Only members of this call, never oneself nor a site administrator."""
    member = members_with_a_device(call=call).filter(username=username).first()
    if member is None:
        raise MembershipRefused(
            _("%(username)s has no second factor to reset on this call.") % {"username": username}
        )
    if member.pk == by.pk:
        raise MembershipRefused(_("Change your own second factor on your two-factor page."))
    with transaction.atomic():
        _delete_all(member)
        _record(user=member, by=by, change=Change.RESET, call=call)


def _delete_all(user: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# Audit and announce --------------------------------------------------------------------


def _record(*, user: Any, by: Any, change: Change, call: Call | None = None) -> None:
    where = f" for call {call.slug}" if call is not None else ""
    audit(
        get_user_model().objects.filter(pk=user.pk),
        by=by,
        flag=CHANGE,
        message=f"two-factor: {change}{where}",
    )
    _tell(user=user, change=change, by=by, call=call)


def _tell(*, user: Any, change: Change, by: Any = None, call: Call | None = None) -> None:
    signals.second_factor_changed.send(
        sender=get_user_model(), user=user, change=change, by=by, call=call
    )
