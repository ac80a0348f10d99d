"""Reads about staff: their roles on a call and on an application, what they may see.

The rulebook (rules.py) and the pages ask these many times per request, so what is
read from the database is remembered on the user object, which lives as long as
the request does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from opencall.accounts.models import ApiToken, CallStaffSettings, Membership, StaffProfile
from opencall.applications.models import Application
from opencall.applications.workflow import DECIDED, TRANSITIONS, Role, Status
from opencall.calls.models import Call
from opencall.reference.models import Hub
from opencall.reviews.models import Assignment, Conflict, Review, Share

# Roles whose membership shows every application of the call.
WHOLE_CALL = frozenset({Role.WORKING_GROUP, Role.CALL_ADMIN})
# Drafts belong to their applicant alone until they are submitted.
HIDDEN_FROM_STAFF = frozenset({Status.DRAFT})
# A blind review's scores are in once the application is decided: from then on every
# member who may see it sees the applicant too (the collaboration needs their contacts).
SCORES_ARE_IN = DECIDED | frozenset({Status.NOTIFIED, Status.COLLABORATION, Status.CLOSED})


@dataclass(frozen=True)
class CallRoles:
    roles: frozenset[Role]
    hubs: frozenset[str]


@dataclass(frozen=True)
class ApplicationFacts:
    shared: bool
    assigned: bool
    conflicted: bool
    reviewed: bool  # the user submitted their own review


def _memberships(user: Any) -> dict[int, CallRoles]:
    cached = getattr(user, "_opencall_memberships", None)
    if cached is None:
        found: dict[int, tuple[set[Role], set[str]]] = {}
        for call_id, role, hub in Membership.objects.filter(user=user).values_list(
            "call_id", "role", "hub_code"
        ):
            roles, hubs = found.setdefault(call_id, (set(), set()))
            roles.add(Role(role))
            if hub:
                hubs.add(hub)
        cached = {key: CallRoles(frozenset(r), frozenset(h)) for key, (r, h) in found.items()}
        user._opencall_memberships = cached
    return cached


def _calls_requiring_two_factor(user: Any) -> frozenset[int]:
    cached = getattr(user, "_opencall_two_factor_calls", None)
    if cached is None:
        cached = frozenset(
            CallStaffSettings.objects.filter(require_two_factor=True).values_list(
                "call_id", flat=True
            )
        )
        user._opencall_two_factor_calls = cached
    return cached


def _blind_calls(user: Any) -> frozenset[int]:
    cached = getattr(user, "_opencall_blind_calls", None)
    if cached is None:
        cached = frozenset(
            CallStaffSettings.objects.filter(blind_review=True).values_list("call_id", flat=True)
        )
        user._opencall_blind_calls = cached
    return cached


def is_staff_user(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def two_factor_required(*, user: Any, call_id: int) -> bool:
    return call_id in _calls_requiring_two_factor(user)


def two_factor_satisfied(*, user: Any, call_id: int) -> bool:
    """False when the call asks for a second factor and this session has not given one."""
    if not two_factor_required(user=user, call_id=call_id):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def blind_review(*, user: Any, call_id: int) -> bool:
    """The call holds its reviewers blind to the applicant (CallStaffSettings.blind_review);
    read once per request for every call."""
    return call_id in _blind_calls(user)


def call_roles(*, user: Any, call_id: int) -> CallRoles:
    """The user's roles on a call (a site administrator is a call administrator
    everywhere), or none while the call's second factor is missing."""
    empty = CallRoles(frozenset(), frozenset())
    if not is_staff_user(user) or not two_factor_satisfied(user=user, call_id=call_id):
        return empty
    found = _memberships(user).get(call_id, empty)
    if user.is_superuser:
        return CallRoles(found.roles | {Role.CALL_ADMIN}, found.hubs)
    return found


FACTS = ("shared", "assigned", "conflicted", "reviewed")


def _facts_of(user: Any, ids: list[int]) -> dict[int, ApplicationFacts]:
    mine = {"application": OuterRef("pk")}
    rows = (
        Application.objects.filter(pk__in=ids)
        .annotate(
            shared=Exists(Share.objects.filter(user=user, **mine)),
            assigned=Exists(Assignment.objects.filter(reviewer=user, **mine)),
            conflicted=Exists(Conflict.objects.filter(user=user, **mine)),
            reviewed=Exists(
                Review.objects.filter(reviewer=user, state=Review.State.SUBMITTED, **mine)
            ),
        )
        .values("pk", *FACTS)
    )
    found = {row.pop("pk"): ApplicationFacts(**row) for row in rows}
    nothing = ApplicationFacts(**dict.fromkeys(FACTS, False))
    return {pk: found.get(pk, nothing) for pk in ids}


def _remembered(user: Any) -> dict[str, Any]:
    """Where facts are remembered: on the user itself. request.user is a lazy wrapper and
    the rulebook is handed the user it wraps, so what is kept on the wrapper is never read."""
    # django-otp wraps the lazy user of the auth middleware in a lazy object of its own:
    # unwrap every layer, or facts remembered here are never read by the rulebook.
    target = user
    while True:
        target.pk  # noqa: B018 - makes a lazy request.user load the user it wraps
        inner = getattr(target, "_wrapped", None)
        if inner is None or inner is target:
            return target.__dict__
        target = inner


def application_facts(*, user: Any, application: Application) -> ApplicationFacts:
    """What links this user to this application, in one query, remembered."""
    cache: dict[int, ApplicationFacts] = _remembered(user).setdefault("_opencall_facts", {})
    if application.pk not in cache:
        cache.update(_facts_of(user, [application.pk]))
    return cache[application.pk]


def remember_facts(*, user: Any, applications: Iterable[Application]) -> None:
    """Read the facts of many applications in one query, so that the rulebook asked
    about each of them in a list reads nothing more."""
    cache: dict[int, ApplicationFacts] = _remembered(user).setdefault("_opencall_facts", {})
    missing = [a.pk for a in applications if a.pk not in cache]
    if missing:
        cache.update(_facts_of(user, missing))


def forget(user: Any) -> None:
    """Drop what was remembered (after the user's roles or links changed)."""
    for name in (
        "_opencall_memberships",
        "_opencall_two_factor_calls",
        "_opencall_blind_calls",
        "_opencall_facts",
    ):
        _remembered(user).pop(name, None)


def roles_for(*, user: Any, application: Application) -> set[Role]:
    """The staff roles this user holds on this application (empty: no access)."""
    if application.status in HIDDEN_FROM_STAFF:
        return set()
    found = call_roles(user=user, call_id=application.call_id)
    roles = set(found.roles - {Role.HUB_MANAGER})
    if Role.HUB_MANAGER in found.roles:
        in_region = bool(application.hub_code) and application.hub_code in found.hubs
        if in_region:
            roles.add(Role.HUB_MANAGER)
        else:
            facts = application_facts(user=user, application=application)
            if facts.shared or facts.assigned:
                roles.add(Role.HUB_MANAGER)
    return roles


def manages_hub_of(*, user: Any, application: Application) -> bool:
    """A hub community manager of the event's region (not one it was shared with)."""
    if not application.hub_code:
        return False
    found = call_roles(user=user, call_id=application.call_id)
    return Role.HUB_MANAGER in found.roles and application.hub_code in found.hubs


def applicants_seen(*, user: Any, call: Call) -> Q | None:
    """The rulebook's `applications.see_applicant` over a call's visible applications, as
    a filter (None: every one), for what must not answer about a hidden applicant: the
    queue's search by email. tests/reviews/test_blind_review.py keeps both in step."""
    if not blind_review(user=user, call_id=call.pk):
        return None
    found = call_roles(user=user, call_id=call.pk)
    if Role.CALL_ADMIN in found.roles:
        return None
    mine = {"application": OuterRef("pk")}
    seen = Q(status__in=sorted(SCORES_ARE_IN)) | Exists(
        Review.objects.filter(reviewer=user, state=Review.State.SUBMITTED, **mine)
    )
    if Role.HUB_MANAGER in found.roles and found.hubs:
        seen |= Q(hub_code__in=sorted(found.hubs))
    return seen


def move_role(*, user: Any, application: Application, target: Status) -> Role | None:
    """The user's role that the status table lets make this move, if any."""
    allowed = TRANSITIONS[Status(application.status)].get(target, frozenset())
    roles = roles_for(user=user, application=application)
    # Prefer the broadest role, so the audit names the capacity that allowed the move.
    for role in (Role.CALL_ADMIN, Role.WORKING_GROUP, Role.HUB_MANAGER):
        if role in roles and role in allowed:
            return role
    return None


def primary_role(roles: set[Role]) -> Role | None:
    for role in (Role.CALL_ADMIN, Role.WORKING_GROUP, Role.HUB_MANAGER):
        if role in roles:
            return role
    return None


def visible_applications(*, user: Any, call: Call) -> QuerySet[Application]:
    """The applications of a call this user may see; one query, however many."""
    found = call_roles(user=user, call_id=call.pk)
    submitted = Application.objects.filter(call=call).exclude(status__in=HIDDEN_FROM_STAFF)
    if found.roles & WHOLE_CALL:
        return submitted
    if Role.HUB_MANAGER in found.roles:
        mine = {"application": OuterRef("pk")}
        return submitted.filter(
            Q(hub_code__in=sorted(found.hubs))
            | Exists(Share.objects.filter(user=user, **mine))
            | Exists(Assignment.objects.filter(reviewer=user, **mine))
        )
    return submitted.none()


def staff_calls(*, user: Any) -> QuerySet[Call]:
    """The calls this user works on (every call for a site administrator)."""
    if not is_staff_user(user):
        return Call.objects.none()
    if user.is_superuser:
        return Call.objects.order_by("is_practice", "-closes_at")
    return Call.objects.filter(pk__in=list(_memberships(user))).order_by(
        "is_practice", "-closes_at"
    )


def hub_managers(*, call: Call, hub_code: str | None = None) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(call=call, role=Role.HUB_MANAGER)
    if hub_code is not None:
        memberships = memberships.filter(hub_code=hub_code)
    return memberships.select_related("user")


def reviewers(*, call: Call) -> QuerySet[Membership]:
    """Memberships of the people who review this call: working group and hub managers."""
    return (
        Membership.objects.filter(call=call, role__in=[Role.WORKING_GROUP, Role.HUB_MANAGER])
        .select_related("user")
        .order_by("user__username", "role")
    )


def hub_names(*, call: Call) -> dict[str, str]:
    """Every hub of the call's reference data, code to name in the reader's language
    (for lists: one query)."""
    language = get_language()
    # By the version's id: one query, whether or not the call's version is loaded.
    hubs = Hub.objects.filter(version_id=call.reference_version_id)
    return {hub.code: hub.name_in(language) for hub in hubs}


def staff_language(user: Any) -> str:
    """The language of mail to this staff member: the one they last used the pages in."""
    language = StaffProfile.objects.filter(user=user).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Lockout:
    """A member of a call who cannot sign in for now (too many wrong passwords)."""

    username: str
    ip_address: str
    until: Any  # datetime


def locked_out_members(*, call: Call) -> list[Lockout]:
    """Members of the call whose sign-in django-axes holds back, soonest free first."""
    from axes.models import AccessAttempt  # axes is a sign-in concern: imported here only

    cooloff = settings.AXES_COOLOFF_TIME
    usernames = Membership.objects.filter(call=call).values("user__username")
    attempts = AccessAttempt.objects.filter(
        username__in=usernames,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - cooloff,
    ).order_by("attempt_time")
    return [Lockout(a.username, a.ip_address or "", a.attempt_time + cooloff) for a in attempts]


# Personal API tokens ---------------------------------------------------------------


def secret_hash(secret: str) -> str:
    # A token's secret is long and random: a plain SHA-256 is enough to keep it unreadable
    # (no salt or slow hash needed, unlike a password), and lets us look it up directly.
    return hashlib.sha256(secret.encode()).hexdigest()


def active_token(*, secret: str) -> ApiToken | None:
    """The token with this secret, unless it is revoked or its owner is deactivated
    (an expired one too: the API says it expired, rather than that it is unknown),
    with its calls."""
    return (
        ApiToken.objects.select_related("user")
        .prefetch_related("calls")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


# A token lasts 90 days unless its owner chooses otherwise, a year at most.
TOKEN_LIFETIME = dt.timedelta(days=90)
TOKEN_MAX_LIFETIME = dt.timedelta(days=365)


def token_expiry_bounds() -> tuple[dt.date, dt.date, dt.date]:
    """(earliest, default, latest) last day of a token made today."""
    today = timezone.localdate()
    return today + dt.timedelta(days=1), today + TOKEN_LIFETIME, today + TOKEN_MAX_LIFETIME


def tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    """A person's tokens, newest first, each with its calls in the staff home's order."""
    calls = Call.objects.order_by("is_practice", "-closes_at")
    return ApiToken.objects.filter(user=user).prefetch_related(Prefetch("calls", calls))
