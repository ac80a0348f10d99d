"""Writes about staff: memberships, the call's two-factor requirement (the second
factor itself is two_factor.py), moves made in a staff role (the rulebook picks the
role, the table decides), and personal API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from opencall.accounts import selectors
from opencall.accounts.models import (
    ApiToken,
    CallStaffSettings,
    Membership,
    StaffProfile,
    StaffRole,
)
from opencall.applications.models import Application
from opencall.applications.services import application_transition
from opencall.applications.workflow import Role, Status, TransitionRefused, check_move
from opencall.calls.models import Call

# Secrets start with this, so that a leaked one is easy to recognise (and to scan for).
TOKEN_MARK = "oc_"  # noqa: S105 - a visible mark, not a secret
PREFIX_LENGTH = len(TOKEN_MARK) + 6
# Writing last_used_at on every request would make each read a write: once a minute is enough.
LAST_USED_STEP = dt.timedelta(minutes=1)


def staff_language_remember(*, user: Any, language: str) -> None:
    """Mail to this staff member goes out in `language` from now on (an unknown code is
    ignored: the pages fall back to the default language for it too)."""
    if not selectors.is_staff_user(user):  # applicants have no account: nothing to keep
        return
    if language not in dict(settings.LANGUAGES):
        return
    StaffProfile.objects.update_or_create(user=user, defaults={"language": language})


class MembershipRefused(ValueError):
    """The membership asked for makes no sense; the message says why."""


@transaction.atomic
def membership_add(
    *, user: Any, call: Call, role: StaffRole | str, hub_code: str = ""
) -> Membership:
    role = StaffRole(role)
    if role == StaffRole.HUB_MANAGER:
        if not call.reference_version.hubs.filter(code=hub_code).exists():
            raise MembershipRefused(f"'{hub_code}' is not a hub of this call's reference data")
    elif hub_code:
        raise MembershipRefused("only hub managers belong to a hub")
    membership, _created = Membership.objects.get_or_create(
        user=user, call=call, role=role, hub_code=hub_code
    )
    return membership


@transaction.atomic
def call_require_two_factor(*, call: Call, required: bool) -> CallStaffSettings:
    settings, _created = CallStaffSettings.objects.select_for_update().get_or_create(call=call)
    settings.require_two_factor = required
    settings.save(update_fields=["require_two_factor"])
    return settings


class ReviewSectionError(ValueError):
    """The call file's `[review]` cannot be used; the message names the key."""


def review_section_parse(section: Any) -> bool:
    """`[review]` of a call file: `blind = true` holds the reviewers blind to the
    applicant until their review is in (docs/reviewing.md). Absent: not blind."""
    if section is None:
        return False
    if not isinstance(section, dict):
        raise ReviewSectionError("review: must be a table ([review])")
    unknown = sorted(set(section) - {"blind"})
    if unknown:
        raise ReviewSectionError(f"review: unknown key(s) {', '.join(unknown)}")
    blind = section.get("blind", False)
    if not isinstance(blind, bool):
        raise ReviewSectionError(f"review.blind: must be true or false ({blind!r})")
    return blind


@transaction.atomic
def review_settings_install(*, call: Call, section: Any) -> list[str]:
    """Store the call file's `[review]` in the call's staff settings; what changed."""
    blind = review_section_parse(section)
    settings = CallStaffSettings.objects.select_for_update().filter(call=call).first()
    if settings is None:
        if not blind:
            return []
        settings = CallStaffSettings(call=call)
    if settings.pk is not None and settings.blind_review == blind:
        return []
    settings.blind_review = blind
    settings.save()
    return ["blind review on" if blind else "blind review off"]


@transaction.atomic
def call_blind_review(*, call: Call, blind: bool, by: Any) -> CallStaffSettings:
    """Turn the call's blind review on or off (a call administrator, on the staff
    settings page; kept in the admin's history)."""
    settings, _created = CallStaffSettings.objects.select_for_update().get_or_create(call=call)
    if settings.blind_review != blind:
        settings.blind_review = blind
        settings.save(update_fields=["blind_review"])
        audit([settings], by=by, flag=CHANGE, message=f"blind review {'on' if blind else 'off'}")
    return settings


def review_settings_export(*, call: Call) -> dict[str, Any]:
    """`[review]` as the call file writes it: only when it says something."""
    blind = CallStaffSettings.objects.filter(call=call, blind_review=True).exists()
    return {"review": {"blind": True}} if blind else {}


@dataclass
class BulkResult:
    moved: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (ref, why)


def application_move(
    *, user: Any, application: Application, target: Status, reason: str, via: str = ""
) -> Application:
    """Move an application in the capacity (role) the status table allows this user.
    The one transition function (applications.services) locks, checks and audits;
    `via` names the API token the move came through, for the timeline."""
    if not user.has_perm("applications.move", application):
        raise TransitionRefused(_("You may not move this application."))
    role = selectors.move_role(user=user, application=application, target=target)
    if role is None:
        roles = selectors.roles_for(user=user, application=application)
        # Let the table word the refusal (no such move, or not for this role).
        check_move(
            Status(application.status), target, selectors.primary_role(roles) or Role.APPLICANT
        )
        raise TransitionRefused(_("You may not make this move."))
    return application_transition(
        application=application, target=target, role=role, user=user, reason=reason, via=via
    )


def applications_move_bulk(
    *, user: Any, applications: list[Application], target: Status, reason: str
) -> BulkResult:
    """Each application moves on its own: one refusal does not undo the others."""
    result = BulkResult()
    for application in applications:
        try:
            application_move(user=user, application=application, target=target, reason=reason)
        except TransitionRefused as exc:
            result.refused.append((application.ref, str(exc)))
        else:
            result.moved.append(application.ref)
    return result


def member_unlock(*, call: Call, username: str, by: Any) -> None:
    """Let a call's member sign in again before the lockout ends (audited in the admin's
    log). Only members of this call: a call administrator has no say over others."""
    from axes.utils import reset  # axes is a sign-in concern: imported here only
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.filter(memberships__call=call, username=username)
    if not members.exists():
        raise MembershipRefused(
            _("%(username)s does not work on this call.") % {"username": username}
        )
    reset(username=username)
    audit(members.distinct(), by=by, flag=CHANGE, message=f"sign-in unlocked for call {call.slug}")


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once to its owner, stored nowhere


class TokenNotMade(ValueError):
    """The token asked for cannot be made; the message says why, for the page."""


class TokenExpired(Exception):
    """A known, unrevoked token past its last day; the API names the day."""

    def __init__(self, token: ApiToken):
        super().__init__(f"API token {token.prefix}… expired")
        self.token = token


def audit(objects: Any, *, by: Any, flag: int, message: str) -> None:
    """One entry in the admin's history: what a person did to an account or a token."""
    LogEntry.objects.log_actions(by.pk, objects, flag, change_message=message, single_object=True)


def _token_scope_check(*, user: Any, calls: list[Call], expires_on: dt.date) -> None:
    if not calls:
        raise TokenNotMade(_("Choose at least one call for the token."))
    allowed = set(selectors.staff_calls(user=user).values_list("pk", flat=True))
    for call in calls:
        if call.pk not in allowed:
            raise TokenNotMade(
                _("You do not work on the call “%(title)s”: a token reaches only your calls.")
                % {"title": call.title}
            )
    earliest, _default, latest = selectors.token_expiry_bounds()
    if expires_on < earliest:
        raise TokenNotMade(_("The last day of the token must be after today."))
    if expires_on > latest:
        raise TokenNotMade(
            _("A token lasts at most a year: choose %(latest)s or earlier.")
            % {"latest": formats.date_format(latest, "DATE_FORMAT")}
        )


@transaction.atomic
def token_create(
    *,
    user: Any,
    name: str,
    calls: Iterable[Call],
    access: ApiToken.Access | str = ApiToken.Access.READ,
    expires_on: dt.date | None = None,
) -> NewToken:
    """A new personal API token for `user`, for some of the calls they work on, read
    only or read and write, until `expires_on` (90 days by default, a year at most);
    audited in the admin's log with its scope. TokenNotMade says what is wrong."""
    calls = sorted(set(calls), key=lambda call: call.pk)
    access = ApiToken.Access(access)
    expires_on = expires_on or selectors.token_expiry_bounds()[1]
    _token_scope_check(user=user, calls=calls, expires_on=expires_on)
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=selectors.secret_hash(secret),
        access=access,
        expires_on=expires_on,
    )
    token.full_clean()
    token.save()
    token.calls.set(calls)
    slugs = ", ".join(call.slug for call in calls)
    audit(
        ApiToken.objects.filter(pk=token.pk),
        by=user,
        flag=ADDITION,
        message=f"API token {token.prefix}… created: {access.value} on {slugs}, "
        f"until {expires_on.isoformat()}",
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """Revoke a token for good (audited); revoking it again changes nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit(
            ApiToken.objects.filter(pk=locked.pk),
            by=by,
            flag=CHANGE,
            message=f"API token {locked.prefix}… revoked",
        )
    return locked


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The unrevoked token with this secret, marked as used; None for an unknown or
    revoked one (or a deactivated owner's); TokenExpired past its last day."""
    token = selectors.active_token(secret=secret)
    if token is None:
        return None
    if token.is_expired:
        raise TokenExpired(token)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
        # An update, not save(): no lock, no race with a revocation at the same moment.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
