"""Reads of what is due in the open collaborations, by date: for the reminders and the
staff digest (mail app) and the organiser's private page. A day is a date; "today"
is given by the caller, so the clock is the caller's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from opencall.collaborations.models import Collaboration, Commitment, Deliverable
from opencall.collaborations.workflow import COMMITMENT_SETTLED, DELIVERABLE_SETTLED


def event_days(application: Any) -> tuple[dt.date | None, dt.date | None]:
    """The event's first and last day, as the application says (the last day defaults
    to the first)."""
    document = application.document or {}

    def day(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(document.get(name) or "")
        except (TypeError, ValueError):
            return None

    start = day("start_date")
    return start, day("end_date") or start


def open_collaborations(call: Any | None = None) -> QuerySet[Collaboration]:
    rows = Collaboration.objects.filter(
        closed_at__isnull=True, application__call__is_practice=False
    )
    if call is not None:
        rows = rows.filter(application__call=call)
    return rows.select_related("application__call")


def deliverables_unsettled(call: Any | None = None) -> QuerySet[Deliverable]:
    rows = Deliverable.objects.filter(
        collaboration__closed_at__isnull=True,
        collaboration__application__call__is_practice=False,
        due_on__isnull=False,
    ).exclude(status__in=DELIVERABLE_SETTLED)
    if call is not None:
        rows = rows.filter(collaboration__application__call=call)
    return rows.select_related("collaboration__application__call", "owner")


def commitments_unsettled(call: Any | None = None) -> QuerySet[Commitment]:
    rows = Commitment.objects.filter(
        collaboration__closed_at__isnull=True,
        collaboration__application__call__is_practice=False,
        due_on__isnull=False,
    ).exclude(status__in=COMMITMENT_SETTLED)
    if call is not None:
        rows = rows.filter(collaboration__application__call=call)
    return rows.select_related("collaboration__application__call")


def deliverables_late(call: Any, today: dt.date) -> QuerySet[Deliverable]:
    """What HOT has not done past its due date."""
    return deliverables_unsettled(call).filter(due_on__lt=today).order_by("due_on", "pk")


def commitments_late(call: Any, today: dt.date) -> QuerySet[Commitment]:
    """What organisers have not answered past its due date."""
    return commitments_unsettled(call).filter(due_on__lt=today).order_by("due_on", "pk")
