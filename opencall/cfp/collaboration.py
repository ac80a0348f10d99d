"""What the organiser's private page says of their collaboration: what HOT does, what
they promised (each with its due date and whether it is done), and the report.
Words only (statuses as people say them); staff names never appear, a team may."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.models import Application
from opencall.calls.texts import date_in_words
from opencall.collaborations.due import event_days
from opencall.collaborations.models import Collaboration, Commitment, EventReport
from opencall.collaborations.services import defaults_of
from opencall.collaborations.workflow import (
    CommitmentStatus,
    DeliverableStatus,
)
from opencall.core.rows import read_with


@dataclass(frozen=True)
class HotWork:
    what: str
    team: str
    due: str  # the date in words, or ""
    status: str  # in words
    tone: str  # the badge's tone


@dataclass
class Promise:
    commitment: Commitment
    label: str
    due: str
    status: str
    tone: str
    late: bool
    answerable: bool  # open or kept: the organiser may (again) give the links
    form: Any = None  # the answer form, set by the view


@dataclass
class OrganiserCollaboration:
    collaboration: Collaboration
    hot: list[HotWork]
    promises: list[Promise]
    report: EventReport | None
    event_over: bool
    report_due: str
    is_open: bool


DELIVERABLE_TONES = {
    DeliverableStatus.PLANNED: "",
    DeliverableStatus.IN_PROGRESS: "info",
    DeliverableStatus.DELIVERED: "ok",
    DeliverableStatus.DROPPED: "warn",
}


def today_for(application: Application) -> dt.date:
    return timezone.now().astimezone(application.call.tzinfo).date()


def _promise(commitment: Commitment, today: dt.date) -> Promise:
    status = CommitmentStatus(commitment.status)
    late = status == CommitmentStatus.OPEN and bool(commitment.due_on and commitment.due_on < today)
    if late:
        words, tone = _("Late"), "bad"
    else:
        words = str(status.label)
        tone = {"open": "", "kept": "ok", "waived": "info"}[status]
    return Promise(
        commitment=commitment,
        label=str(commitment.get_kind_display()),
        due=date_in_words(commitment.due_on),
        status=words,
        tone=tone,
        late=late,
        answerable=status != CommitmentStatus.WAIVED,
    )


def organiser_collaboration(application: Application) -> OrganiserCollaboration | None:
    """The collaboration as its organiser sees it, or None before there is one."""
    collaboration = read_with(
        application,
        "collaboration",
        lambda: Collaboration.objects.filter(application=application).first(),
    )
    if collaboration is None:
        return None
    today = today_for(application)
    hot = [
        HotWork(
            what=deliverable.what,
            team=deliverable.team,
            due=date_in_words(deliverable.due_on),
            status=str(DeliverableStatus(deliverable.status).label),
            tone=DELIVERABLE_TONES[DeliverableStatus(deliverable.status)],
        )
        for deliverable in collaboration.deliverables.all()
    ]
    promises = [_promise(commitment, today) for commitment in collaboration.commitments.all()]
    report = EventReport.objects.filter(collaboration=collaboration).first()
    _start, end = event_days(application)
    report_due = (
        end + dt.timedelta(days=defaults_of(application.call).report_due_days_after)
        if end
        else None
    )
    return OrganiserCollaboration(
        collaboration=collaboration,
        hot=hot,
        promises=promises,
        report=report,
        event_over=bool(end and today > end),
        report_due=date_in_words(report_due),
        is_open=collaboration.is_open,
    )
