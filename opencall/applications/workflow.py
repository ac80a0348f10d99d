"""The application's life as one explicit table: status -> allowed next statuses,
and who may make each move; the transition service enforces it. The table is plain
data, but the statuses are Django `TextChoices` with their labels, and refusals are
worded through gettext: this module imports Django (the pure screening engine does
not use it).
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where an application is; the label is the staff's word for it (`label`)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENED = "screened", _("Screened")
    IN_CONVERSATION = "in_conversation", _("In conversation")
    RESOURCE_CHECK = "resource_check", _("Resource check")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    NOTIFIED = "notified", _("Notified")
    COLLABORATION = "collaboration", _("Collaboration")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What the applicant reads. Decisions are released together by the call administrator,
# so until then a decided application reads as under review; after, the decision they
# were told (`Application.decision_told`). Internal steps are not the applicant's
# concern, except a conversation, which they take part in.
UNDER_REVIEW = _("Under review")
APPLICANT_LABELS = {
    Status.DRAFT: _("Draft"),
    Status.SUBMITTED: _("Submitted"),
    Status.IN_CONVERSATION: _("In conversation with the selection team"),
    Status.COLLABORATION: _("Collaboration under way"),
    Status.CLOSED: _("Closed"),
    Status.WITHDRAWN: _("Withdrawn"),
}
TOLD_LABELS = {
    "accepted": _("Accepted"),
    "waitlisted": _("On the waiting list"),
    "declined": _("Not selected this time"),
}


def applicant_status_label(status: Status, decision_told: str = "") -> str:
    if status in APPLICANT_LABELS:
        return str(APPLICANT_LABELS[status])
    if decision_told in TOLD_LABELS:
        return str(TOLD_LABELS[decision_told])
    return str(UNDER_REVIEW)


class Role(StrEnum):
    APPLICANT = "applicant"
    WORKING_GROUP = "working_group"
    HUB_MANAGER = "hub_manager"
    CALL_ADMIN = "call_admin"
    SYSTEM = "system"


APPLICANT = frozenset({Role.APPLICANT})
REVIEWERS = frozenset({Role.WORKING_GROUP, Role.HUB_MANAGER, Role.CALL_ADMIN})
DECIDERS = frozenset({Role.WORKING_GROUP, Role.CALL_ADMIN, Role.SYSTEM})
ADMIN = frozenset({Role.CALL_ADMIN, Role.SYSTEM})
SCREENERS = REVIEWERS | {Role.SYSTEM}

# status -> {next status: roles that may make the move}
TRANSITIONS: dict[Status, dict[Status, frozenset[Role]]] = {
    Status.DRAFT: {Status.SUBMITTED: APPLICANT, Status.WITHDRAWN: APPLICANT},
    Status.SUBMITTED: {Status.SCREENED: SCREENERS, Status.WITHDRAWN: APPLICANT},
    Status.SCREENED: {
        Status.IN_CONVERSATION: REVIEWERS,
        Status.DECLINED: DECIDERS,
        Status.WITHDRAWN: APPLICANT,
    },
    Status.IN_CONVERSATION: {
        Status.RESOURCE_CHECK: REVIEWERS,
        Status.DECLINED: DECIDERS,
        Status.WITHDRAWN: APPLICANT,
    },
    Status.RESOURCE_CHECK: {
        Status.SHORTLISTED: REVIEWERS,
        Status.IN_CONVERSATION: REVIEWERS,
        Status.DECLINED: DECIDERS,
        Status.WITHDRAWN: APPLICANT,
    },
    Status.SHORTLISTED: {
        Status.ACCEPTED: DECIDERS,
        Status.WAITLISTED: DECIDERS,
        Status.DECLINED: DECIDERS,
        Status.RESOURCE_CHECK: REVIEWERS,
        Status.WITHDRAWN: APPLICANT,
    },
    # Released or not, a waiting list stays one: a place may free up until the call ends
    # (accepted), or not (declined); either decision is released like the others.
    Status.WAITLISTED: {
        Status.ACCEPTED: DECIDERS,
        Status.DECLINED: DECIDERS,
        Status.WITHDRAWN: APPLICANT,
    },
    Status.ACCEPTED: {Status.NOTIFIED: ADMIN, Status.SHORTLISTED: DECIDERS},
    Status.DECLINED: {Status.NOTIFIED: ADMIN},
    # An accepted applicant, once told, answers the offer (selection/offers.py): a
    # confirmation opens the collaboration; a decline closes the application, and so
    # does the system when the deadline passes unanswered. The collaboration closes
    # when it is settled (collaborations/services.py), or a call administrator closes
    # it early.
    Status.NOTIFIED: {
        Status.COLLABORATION: ADMIN | APPLICANT,
        Status.CLOSED: REVIEWERS | APPLICANT | {Role.SYSTEM},
    },
    Status.COLLABORATION: {Status.CLOSED: ADMIN},
    Status.CLOSED: {},
    Status.WITHDRAWN: {},
}

DECIDED = frozenset({Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED})
# What the applicant may still change: before the call closes, and only these.
EDITABLE_BY_APPLICANT = frozenset({Status.DRAFT, Status.SUBMITTED, Status.SCREENED})


class TransitionRefused(Exception):
    """A move the table does not allow, or not for this role; the message says why."""


def allowed_moves(source: Status, role: Role) -> list[Status]:
    return [target for target, roles in TRANSITIONS[source].items() if role in roles]


def check_move(source: Status, target: Status, role: Role) -> None:
    roles = TRANSITIONS[source].get(target)
    if roles is None:
        raise TransitionRefused(
            _("An application cannot move from “%(source)s” to “%(target)s”.")
            % {"source": source.label, "target": target.label}
        )
    if role not in roles:
        raise TransitionRefused(
            _("Your role cannot move an application from “%(source)s” to “%(target)s”.")
            % {"source": source.label, "target": target.label}
        )
