"""Reminders: which are due now, from the calls' dates; each is sent once.

A source is a function `(now) -> Iterable[Due]`. Each due reminder carries a
dedupe key, so the scheduler may run as often as it likes, in as many processes
as it likes: a reminder becomes at most one outbox row. Other apps add sources
with `register` (the reviews app: pending reviews as the decision date nears).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.workflow import Status as ApplicationStatus
from opencall.calls.models import Call
from opencall.mail import conf
from opencall.mail.enums import Status
from opencall.mail.models import OutgoingMail
from opencall.mail.services import mail_to_applicant, mail_to_staff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    key: str
    dedupe_key: str
    application: Application | None = None
    user: AbstractBaseUser | None = None
    call: Call | None = None
    language: str | None = None  # staff mail: None is the staff member's own language
    extra: dict[str, Any] = field(default_factory=dict)


Source = Callable[[dt.datetime], Iterable[Due]]
SOURCES: dict[str, Source] = {}


def register(name: str) -> Callable[[Source], Source]:
    def add(source: Source) -> Source:
        SOURCES[name] = source
        return source

    return add


def reminders_send_due(*, now: dt.datetime) -> int:
    """Create the outbox rows of every reminder due now. Returns how many."""
    created = 0
    for name, source in SOURCES.items():
        try:
            for due in source(now):
                created += _create(due) is not None
        except Exception:
            # One broken source must not stop the others (nor the scheduler).
            logger.exception("reminder source %s failed", name)
    return created


def _create(due: Due) -> OutgoingMail | None:
    if due.application is not None:
        return mail_to_applicant(
            application=due.application, key=due.key, extra=due.extra, dedupe_key=due.dedupe_key
        )
    assert due.user is not None and due.call is not None
    return mail_to_staff(
        user=due.user,
        call=due.call,
        key=due.key,
        language=due.language,
        extra=due.extra,
        dedupe_key=due.dedupe_key,
    )


def sent_dedupe_keys(prefix: str) -> set[str]:
    return set(
        OutgoingMail.objects.filter(dedupe_key__startswith=prefix).values_list(
            "dedupe_key", flat=True
        )
    )


def last_day_starts(call: Call) -> dt.datetime:
    """Midnight, in the call's time zone, of the last day on which it is open."""
    local = (call.closes_at - dt.timedelta(microseconds=1)).astimezone(call.tzinfo)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def draft_reminder_days(call: Call) -> int:
    return int((call.extra or {}).get("mail", {}).get("draft_reminder_days") or 0) or int(
        conf.get("MAIL_DRAFT_REMINDER_DAYS")
    )


@register("drafts")
def drafts_due(now: dt.datetime) -> Iterable[Due]:
    """Drafts: a few days before the call closes, and on its last day; once each.

    A draft started inside a reminder's window does not get that reminder: its
    confirmation, with the same link, has just gone out.
    """
    calls = Call.objects.filter(is_practice=False, opens_at__lte=now, closes_at__gt=now)
    for call in calls:
        last_day = last_day_starts(call)
        closing = call.closes_at - dt.timedelta(days=draft_reminder_days(call))
        if now >= last_day:
            key, window_start = "reminder_draft_last_day", last_day
        elif now >= closing:
            key, window_start = "reminder_draft_closing", closing
        else:
            continue
        days_left = max(1, math.ceil((call.closes_at - now) / dt.timedelta(days=1)))
        sent = sent_dedupe_keys(f"{key}:")
        drafts = Application.objects.filter(
            call=call, status=ApplicationStatus.DRAFT, created_at__lt=window_start
        ).exclude(email="")
        for application in drafts.select_related("call"):
            dedupe_key = f"{key}:{application.pk}"
            if dedupe_key not in sent:
                yield Due(key, dedupe_key, application=application, extra={"days_left": days_left})


# An answer matters while the application is still being considered.
AWAITING_ANSWER = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENED,
    ApplicationStatus.IN_CONVERSATION,
    ApplicationStatus.RESOURCE_CHECK,
    ApplicationStatus.SHORTLISTED,
]


@register("info_requests")
def info_requests_due(now: dt.datetime) -> Iterable[Due]:
    """A request for information the applicant has not answered after some days.

    Anything the applicant did on the application since the request (an edit, a
    message) counts as an answer. One reminder per request.
    """
    asked_before = now - dt.timedelta(days=int(conf.get("MAIL_INFO_REMINDER_DAYS")))
    requests = OutgoingMail.objects.filter(
        key="info_request",
        status=Status.SENT,
        sent_at__lte=asked_before,
        application__status__in=AWAITING_ANSWER,
    ).select_related("application__call")
    sent = sent_dedupe_keys("reminder_info_request:")
    for request in requests:
        dedupe_key = f"reminder_info_request:{request.pk}"
        if dedupe_key in sent:
            continue
        answered = ApplicationEvent.objects.filter(
            Q(application=request.application_id), actor=Actor.APPLICANT, at__gt=request.sent_at
        ).exists()
        if not answered:
            yield Due(
                "reminder_info_request",
                dedupe_key,
                application=request.application,
                extra={
                    "questions": request.context.get("questions", ""),
                    "asked_on": request.sent_at.date(),
                },
            )
