"""THE rulebook: every permission of opencall, as named predicates (django-rules).

Pages, actions and the API ask `user.has_perm(name, obj)`; nothing else decides
who may do what. Call-level names take a Call, application-level names take an
Application. A call may require a second factor: until the session has one, the
user holds no role on that call (selectors.call_roles), so every name says no.

The status table (applications/workflow.py) still decides each single move:
`applications.move` only says the user may move this application at all.
"""

from __future__ import annotations

from typing import Any

import rules

from opencall.accounts import selectors
from opencall.applications.workflow import Role, Status

REVIEWING = frozenset({Role.WORKING_GROUP, Role.HUB_MANAGER, Role.CALL_ADMIN})
CLOSED_TO_REVIEW = frozenset({Status.DRAFT, Status.WITHDRAWN})


def _call_roles(user: Any, call: Any) -> frozenset[Role]:
    if call is None:
        return frozenset()
    return selectors.call_roles(user=user, call_id=call.pk).roles


def _roles(user: Any, application: Any) -> set[Role]:
    if application is None or not selectors.is_staff_user(user):
        return set()
    return selectors.roles_for(user=user, application=application)


# Call-level predicates ------------------------------------------------------------


@rules.predicate
def is_call_member(user: Any, call: Any) -> bool:
    return bool(_call_roles(user, call))


@rules.predicate
def is_call_admin(user: Any, call: Any) -> bool:
    return Role.CALL_ADMIN in _call_roles(user, call)


@rules.predicate
def signed_in_with_second_factor(user: Any) -> bool:
    """This session gave a second factor: a password alone may not remove anyone's."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


# Application-level predicates -----------------------------------------------------


@rules.predicate
def has_staff_role(user: Any, application: Any) -> bool:
    return bool(_roles(user, application))


@rules.predicate
def is_reviewer_of(user: Any, application: Any) -> bool:
    return bool(_roles(user, application) & REVIEWING)


@rules.predicate
def is_decider_of(user: Any, application: Any) -> bool:
    """Working group members and call administrators take the decisions."""
    return bool(_roles(user, application) & {Role.WORKING_GROUP, Role.CALL_ADMIN})


@rules.predicate
def is_admin_of(user: Any, application: Any) -> bool:
    return Role.CALL_ADMIN in _roles(user, application)


@rules.predicate
def is_conflicted(user: Any, application: Any) -> bool:
    if application is None or not selectors.is_staff_user(user):
        return False
    return selectors.application_facts(user=user, application=application).conflicted


@rules.predicate
def has_submitted_review(user: Any, application: Any) -> bool:
    if application is None or not selectors.is_staff_user(user):
        return False
    return selectors.application_facts(user=user, application=application).reviewed


@rules.predicate
def is_open_to_review(user: Any, application: Any) -> bool:
    return application is not None and application.status not in CLOSED_TO_REVIEW


@rules.predicate
def is_blind_review(user: Any, application: Any) -> bool:
    if application is None or not selectors.is_staff_user(user):
        return False
    return selectors.blind_review(user=user, call_id=application.call_id)


@rules.predicate
def manages_its_hub(user: Any, application: Any) -> bool:
    """The hub community manager of the event's region; a share or an assignment to a
    manager of another region does not count."""
    if application is None or not selectors.is_staff_user(user):
        return False
    return selectors.manages_hub_of(user=user, application=application)


@rules.predicate
def scores_are_in(user: Any, application: Any) -> bool:
    """Decided (or past it): no score is still to be given."""
    return application is not None and application.status in selectors.SCORES_ARE_IN


@rules.predicate
def can_declare_conflict(user: Any, application: Any) -> bool:
    """Reviewers declare their own conflicts; call administrators are not exempt."""
    return bool(_roles(user, application) & REVIEWING)


# The rulebook ---------------------------------------------------------------------

RULES = {
    # See the call's applications (the queue).
    "calls.view_applications": is_call_member,
    # Configure the call: staff settings, two-factor requirement, rubric.
    "calls.administer": is_call_admin,
    # Assign reviewers, by hand or automatically.
    "calls.assign": is_call_admin,
    # Let a member locked out of signing in (wrong passwords) try again at once.
    "calls.unlock_members": is_call_admin,
    # Reset a member's second factor (lost phone and recovery codes); never one's own.
    "calls.reset_two_factor": is_call_admin & signed_in_with_second_factor,
    # Bring in applications submitted elsewhere (the import, the API's upsert).
    "calls.import_applications": is_call_admin,
    # Release the decisions (decided -> notified, the held decision mail).
    "calls.release_decisions": is_call_admin,
    # Write one message to a group of the call's applicants (mail/groups.py).
    "calls.mail_group": is_call_admin,
    # ... and to the reviewers with reviews pending: those who assign reviews.
    "calls.mail_reviewers": is_call_admin,
    # Let one applicant send after the close, until a moment chosen, or end that (audited;
    # applications/late.py). Asked of the call: the applicant's draft is hidden from
    # staff (and so from the application-level rules) until it is sent.
    "calls.grant_late_access": is_call_admin,
    # The selection page: working group, hub managers and call administrators.
    "calls.select": is_call_member,
    # The outcome report: what the call achieved (hub managers: their events).
    "calls.view_outcome": is_call_member,
    # See one application, its timeline, notes and conversation.
    "applications.view": has_staff_role,
    # Score and comment it (never with a conflict of interest).
    "applications.review": is_reviewer_of & ~is_conflicted & is_open_to_review,
    # Override a screening result (audited by the screening app).
    "applications.override_screening": is_reviewer_of & ~is_conflicted,
    # Write to the applicant and ask for missing information.
    "applications.message": has_staff_role & ~is_conflicted & is_open_to_review,
    # Move it through the status table (each move is checked against the table too).
    "applications.move": has_staff_role & ~is_conflicted,
    # Open it to a hub manager of another region.
    "applications.share": is_decider_of & ~is_conflicted,
    # See the aggregated scores: after one's own review; call administrators always.
    "applications.view_scores": has_staff_role
    & ~is_conflicted
    & (is_admin_of | has_submitted_review),
    # See who applied (names, addresses, personal answers): always, unless the call holds
    # its reviewers blind; then once one's own review is in or the application is decided,
    # and always for call administrators and the hub manager of the event's region.
    # accounts/blind.py applies it; selectors.applicants_seen is its twin as a filter.
    "applications.see_applicant": has_staff_role
    & (~is_blind_review | is_admin_of | manages_its_hub | has_submitted_review | scores_are_in),
    # Write an internal note (staff only).
    "applications.note": has_staff_role & ~is_conflicted,
    # Declare one's own conflict of interest.
    "applications.declare_conflict": can_declare_conflict & ~is_conflicted,
    # Revoke the applicant's private link and mail them a new one (audited).
    "applications.revoke_link": is_admin_of,
    # The collaboration after an accepted decision (issue 13).
    # Move and edit its deliverables, waive an organiser's commitment (or undo it).
    "collaborations.work": has_staff_role & ~is_conflicted,
    # Record what HOT actually spent from a pool: the deciders.
    "collaborations.spend": is_decider_of & ~is_conflicted,
    # Close it once everything is settled and the report is in.
    "collaborations.close": is_decider_of & ~is_conflicted,
    # Close it before that, with a reason: call administrators only.
    "collaborations.close_early": is_admin_of,
    # The call's webhooks: add, change, remove, see their secrets and deliveries,
    # send a failed delivery again (docs/webhooks.md).
    "webhooks.manage": is_call_admin,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)
