"""Reads of the collaborations: what is overdue (the staff home, the mail digest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from opencall.accounts.selectors import remember_facts
from opencall.applications.models import Application
from opencall.collaborations.models import Collaboration, Commitment, Deliverable
from opencall.collaborations.workflow import COMMITMENT_SETTLED, DELIVERABLE_SETTLED

DELIVERABLE = "deliverable"
COMMITMENT = "commitment"
# Whoever may decide on an application follows its collaboration: the Working Group and
# call administrators every one of the call's, a hub manager their own hub's.
FOLLOWS = "applications.decide"


@dataclass(frozen=True)
class Overdue:
    application: Application
    kind: str  # DELIVERABLE (what HOT does) or COMMITMENT (what the organiser promised)
    what: str  # in words
    due_on: dt.date
    owner_id: int | None = None  # a deliverable's owner, if one is named


def overdue(call: Any, today: dt.date, user: Any = None) -> list[Overdue]:
    """What is due before `today` and not settled, in open collaborations of the call,
    by due date. With a user: the deliverables they own, and every overdue item of the
    applications they decide on (rulebook: `applications.decide`). Two queries, then
    the rulebook's remembered facts."""
    deliverables = (
        Deliverable.objects.filter(
            collaboration__application__call=call,
            collaboration__closed_at__isnull=True,
            due_on__lt=today,
        )
        .exclude(status__in=DELIVERABLE_SETTLED)
        .select_related("collaboration__application__call")
    )
    commitments = (
        Commitment.objects.filter(
            collaboration__application__call=call,
            collaboration__closed_at__isnull=True,
            due_on__lt=today,
        )
        .exclude(status__in=COMMITMENT_SETTLED)
        .select_related("collaboration__application__call")
    )
    rows = [
        Overdue(d.collaboration.application, DELIVERABLE, d.what, d.due_on, d.owner_id)
        for d in deliverables
    ] + [
        Overdue(c.collaboration.application, COMMITMENT, str(c.get_kind_display()), c.due_on)
        for c in commitments
    ]
    if user is not None and rows:
        remember_facts(user=user, applications={row.application for row in rows})
        follows: dict[int, bool] = {}

        def followed(application: Application) -> bool:
            if application.pk not in follows:
                follows[application.pk] = user.has_perm(FOLLOWS, application)
            return follows[application.pk]

        rows = [
            row
            for row in rows
            if (row.kind == DELIVERABLE and row.owner_id == user.pk) or followed(row.application)
        ]
    return sorted(rows, key=lambda row: (row.due_on, row.application.number, row.kind))


def collaborations_of(*, applications: QuerySet[Application]) -> list[Collaboration]:
    """The collaborations of these applications (a reader's visible ones), in the outcome
    report's order (by the event's start, then name), with their deliverables, the
    organiser's commitments and report, and the decision's commitments and spending from
    the pools: a fixed number of queries."""
    return list(
        Collaboration.objects.filter(application__in=applications)
        .select_related("application", "application__call", "application__decision", "report")
        .prefetch_related(
            Prefetch("deliverables", Deliverable.objects.select_related("owner")),
            "commitments",
            "application__decision__commitments__pool",
            "application__decision__spends__pool",
        )
        .order_by("application__start_date", "application__event_name", "application__number")
    )
