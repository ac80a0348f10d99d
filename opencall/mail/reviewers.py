"""Reviewer reminders: open reviews as the call's decision date nears, once per
reviewer and reminder day. A reminder source (reminders.py), fed by the reviews app."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from opencall.calls.models import Call
from opencall.mail import conf
from opencall.mail.context import admin_link
from opencall.mail.reminders import AWAITING_ANSWER, Due, register, sent_dedupe_keys
from opencall.reviews.models import Assignment, Conflict, Review

KEY = "reminder_review_pending"


def decision_day_starts(call: Call) -> dt.datetime:
    return dt.datetime.combine(call.decision_date, dt.time.min, tzinfo=call.tzinfo)


def reminder_days(now: dt.datetime, call: Call) -> int | None:
    """The reminder whose day has come (days before the decision date), if any."""
    deadline = decision_day_starts(call)
    if now >= deadline:
        return None
    passed = [
        days
        for days in conf.get("MAIL_REVIEW_REMINDER_DAYS")
        if deadline - dt.timedelta(days=days) <= now
    ]
    return min(passed) if passed else None


def pending_assignments(call: Call) -> Iterable[Assignment]:
    """Assignments without a submitted review or a declared conflict."""
    submitted = Review.objects.filter(
        application=OuterRef("application"),
        reviewer=OuterRef("reviewer"),
        state=Review.State.SUBMITTED,
    )
    conflict = Conflict.objects.filter(
        application=OuterRef("application"), user=OuterRef("reviewer")
    )
    return (
        Assignment.objects.filter(application__call=call, application__status__in=AWAITING_ANSWER)
        .exclude(Exists(submitted))
        .exclude(Exists(conflict))
        .select_related("application__call", "reviewer")
        .order_by("application__number")
    )


@register("reviews_pending")
def reviews_due(now: dt.datetime) -> Iterable[Due]:
    sent = sent_dedupe_keys(f"{KEY}:")
    for call in Call.objects.filter(is_practice=False, decision_date__gte=now.date()):
        days = reminder_days(now, call)
        if days is None:
            continue
        pending = defaultdict(list)
        for assignment in pending_assignments(call):
            pending[assignment.reviewer].append(assignment.application)
        for reviewer, applications in pending.items():
            dedupe_key = f"{KEY}:{call.pk}:{reviewer.pk}:{days}"
            if dedupe_key in sent or not reviewer.email or not reviewer.is_active:
                continue
            yield Due(
                KEY,
                dedupe_key,
                user=reviewer,
                call=call,
                extra={
                    "pending_count": len(applications),
                    "pending": [f"{a.ref} {a.event_name}".strip() for a in applications],
                    "review_link": admin_link("staff:queue", slug=call.slug),
                },
            )
