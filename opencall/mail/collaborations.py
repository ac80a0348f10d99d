"""Reminders of the collaborations (issue 13), a reminder source (reminders.py):

- the deliverable's owner, some days before its due date and once when it is late;
- the organiser, before each commitment's due date and once when it is late;
- the organiser, a check-in 30 and 7 days before the event's first day, listing what
  is still open on both sides;
- the organiser, after the event's last day, asking for the report.

Days are counted in the call's time zone. Each reminder has a dedupe key (the due
date is part of it: a date moved by staff gets its own reminder), so it is sent once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from opencall.accounts.selectors import staff_language
from opencall.applications.links import private_url
from opencall.collaborations import due as collaboration_due
from opencall.collaborations.models import Collaboration, Commitment, Deliverable, EventReport
from opencall.collaborations.services import defaults_of
from opencall.collaborations.workflow import CommitmentStatus, DeliverableStatus
from opencall.mail import conf
from opencall.mail.context import format_day
from opencall.mail.reminders import Due, register, sent_dedupe_keys

DELIVERABLE_DUE = "reminder_deliverable_due"
DELIVERABLE_LATE = "reminder_deliverable_overdue"
COMMITMENT_DUE = "reminder_commitment_due"
COMMITMENT_LATE = "reminder_commitment_overdue"
CHECKIN = "collaboration_checkin"
REPORT = "report_request"


def today_for(call: Any, now: dt.datetime) -> dt.date:
    return now.astimezone(call.tzinfo).date()


def staff_collaboration_link(application: Any) -> str:
    """The staff page of the collaboration; the application's page where it does not
    exist (yet)."""
    kwargs = {"slug": application.call.slug, "number": application.number}
    for name in ("staff:collaboration", "staff:application"):
        try:
            return settings.SITE_URL + reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return settings.SITE_URL + "/staff/"


def report_link(application: Any) -> str:
    return private_url(application) + "report/"


def _language(application: Any) -> str:
    return (application.language or "en").replace("_", "-").split("-")[0].lower()


def _phase(today: dt.date, due_on: dt.date, days_before: int) -> str | None:
    """ "due" inside the days before the due date (the day itself included), "late" after."""
    if today > due_on:
        return "late"
    if today >= due_on - dt.timedelta(days=days_before):
        return "due"
    return None


@register("collaboration_deliverables")
def deliverables_due(now: dt.datetime) -> Iterable[Due]:
    days_before = int(conf.get("MAIL_COLLABORATION_REMINDER_DAYS"))
    sent = sent_dedupe_keys(DELIVERABLE_DUE + ":") | sent_dedupe_keys(DELIVERABLE_LATE + ":")
    rows = collaboration_due.deliverables_unsettled().filter(
        owner__isnull=False, owner__is_active=True
    )
    for deliverable in rows.exclude(owner__email=""):
        application = deliverable.collaboration.application
        today = today_for(application.call, now)
        phase = _phase(today, deliverable.due_on, days_before)
        if phase is None:
            continue
        key = DELIVERABLE_DUE if phase == "due" else DELIVERABLE_LATE
        dedupe_key = f"{key}:{deliverable.pk}:{deliverable.due_on.isoformat()}"
        if dedupe_key in sent:
            continue
        yield Due(
            key,
            dedupe_key,
            user=deliverable.owner,
            call=application.call,
            extra={
                "event_name": application.event_name,
                "ref": application.ref,
                "what": deliverable.what,
                "due_on": deliverable.due_on,
                "days_left": (deliverable.due_on - today).days,
                "collaboration_link": staff_collaboration_link(application),
            },
        )


@register("collaboration_commitments")
def commitments_due(now: dt.datetime) -> Iterable[Due]:
    days_before = int(conf.get("MAIL_COLLABORATION_REMINDER_DAYS"))
    sent = sent_dedupe_keys(COMMITMENT_DUE + ":") | sent_dedupe_keys(COMMITMENT_LATE + ":")
    for commitment in collaboration_due.commitments_unsettled():
        application = commitment.collaboration.application
        today = today_for(application.call, now)
        phase = _phase(today, commitment.due_on, days_before)
        if phase is None:
            continue
        key = COMMITMENT_DUE if phase == "due" else COMMITMENT_LATE
        dedupe_key = f"{key}:{commitment.pk}:{commitment.due_on.isoformat()}"
        if dedupe_key in sent:
            continue
        with translation.override(_language(application)):
            words = str(commitment.get_kind_display())
        yield Due(
            key,
            dedupe_key,
            application=application,
            extra={
                "commitment": words,
                "due_on": commitment.due_on,
                "days_left": (commitment.due_on - today).days,
            },
        )


def checkin_days(today: dt.date, start: dt.date) -> int | None:
    """The check-in whose day has come (days before the first day), if any."""
    if today >= start:
        return None
    passed = [
        days
        for days in conf.get("MAIL_COLLABORATION_CHECKIN_DAYS")
        if start - dt.timedelta(days=days) <= today
    ]
    return min(passed) if passed else None


def still_open(collaboration: Collaboration, language: str) -> dict[str, list[str]]:
    """What is still open on each side, in the organiser's language."""
    with translation.override(language):
        commitments = [
            _("%(what)s, due %(date)s")
            % {"what": c.get_kind_display(), "date": format_day(c.due_on, language)}
            if c.due_on
            else str(c.get_kind_display())
            for c in collaboration.commitments.filter(status=CommitmentStatus.OPEN)
        ]
        deliverables = [
            _("%(what)s: %(status)s")
            % {"what": d.what, "status": DeliverableStatus(d.status).label}
            for d in collaboration.deliverables.exclude(
                status__in=(DeliverableStatus.DELIVERED, DeliverableStatus.DROPPED)
            )
        ]
    return {"commitments": commitments, "deliverables": deliverables}


@register("collaboration_checkins")
def checkins_due(now: dt.datetime) -> Iterable[Due]:
    sent = sent_dedupe_keys(CHECKIN + ":")
    for collaboration in collaboration_due.open_collaborations():
        application = collaboration.application
        start, _end = collaboration_due.event_days(application)
        if start is None:
            continue
        today = today_for(application.call, now)
        days = checkin_days(today, start)
        if days is None:
            continue
        dedupe_key = f"{CHECKIN}:{collaboration.pk}:{start.isoformat()}:{days}"
        if dedupe_key in sent:
            continue
        yield Due(
            CHECKIN,
            dedupe_key,
            application=application,
            extra={
                "days_left": (start - today).days,
                "start_date": start,
                **still_open(collaboration, _language(application)),
            },
        )


@register("collaboration_reports")
def reports_due(now: dt.datetime) -> Iterable[Due]:
    """The day after the event's last day: the organiser is asked for the report, once."""
    sent = sent_dedupe_keys(REPORT + ":")
    reported = EventReport.objects.values("collaboration")
    for collaboration in collaboration_due.open_collaborations().exclude(pk__in=reported):
        dedupe_key = f"{REPORT}:{collaboration.pk}"
        application = collaboration.application
        _start, end = collaboration_due.event_days(application)
        if dedupe_key in sent or end is None or today_for(application.call, now) <= end:
            continue
        after = defaults_of(application.call).report_due_days_after
        yield Due(
            REPORT,
            dedupe_key,
            application=application,
            extra={
                "report_link": report_link(application),
                "report_due": end + dt.timedelta(days=after),
            },
        )


def late_lines(call: Any, today: dt.date, user: Any, language: str | None) -> list[str]:
    """Overdue deliverables and commitments of a call, one line each, for the digest."""
    language = language or staff_language(user)
    lines = []
    deliverables: Iterable[Deliverable] = collaboration_due.deliverables_late(call, today)
    commitments: Iterable[Commitment] = collaboration_due.commitments_late(call, today)
    with translation.override(language):
        for deliverable in deliverables:
            application = deliverable.collaboration.application
            who = deliverable.owner.get_full_name() if deliverable.owner else ""
            who = who or (deliverable.owner.get_username() if deliverable.owner else "")
            lines.append(
                _("%(ref)s %(event)s: %(what)s (HOT%(who)s), due %(date)s")
                % {
                    "ref": application.ref,
                    "event": application.event_name,
                    "what": deliverable.what,
                    "who": f", {who or deliverable.team}" if who or deliverable.team else "",
                    "date": format_day(deliverable.due_on, language),
                }
            )
        for commitment in commitments:
            application = commitment.collaboration.application
            lines.append(
                _("%(ref)s %(event)s: %(what)s (the organiser), due %(date)s")
                % {
                    "ref": application.ref,
                    "event": application.event_name,
                    "what": commitment.get_kind_display(),
                    "date": format_day(commitment.due_on, language),
                }
            )
    return lines
