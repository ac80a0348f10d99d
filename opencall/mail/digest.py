"""The daily digest: yesterday's new applications and applicants' messages, and what
is late in the collaborations, for the staff who asked for it.

Days are counted in the site's time zone (settings.TIME_ZONE). A digest is sent
only when there is something in it, once per person, call and day.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings

from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.conversations.models import Message
from opencall.mail.collaborations import late_lines
from opencall.mail.models import DigestSubscription
from opencall.mail.reminders import Due, register, sent_dedupe_keys


def _day_bounds(now: dt.datetime) -> tuple[dt.date, dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = now.astimezone(zone).date()
    day = today - dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return day, start, start + dt.timedelta(days=1)


def _line(application: Application) -> str:
    where = f" ({application.country})" if application.country else ""
    return f"{application.ref} {application.event_name}{where}".strip()


def _message_line(message: Message) -> str:
    text = " ".join(message.body.split())
    return f"{message.application.ref}: {text[:117] + '...' if len(text) > 120 else text}"


@register("digest")
def digests_due(now: dt.datetime) -> Iterable[Due]:
    day, start, end = _day_bounds(now)
    sent = sent_dedupe_keys("digest:")
    subscriptions = DigestSubscription.objects.select_related("user", "call").filter(
        user__is_active=True
    )
    for subscription in subscriptions:
        if not subscription.user.email:
            continue
        calls = (
            [subscription.call]
            if subscription.call
            else list(Call.objects.filter(is_practice=False))
        )
        for call in calls:
            dedupe_key = f"digest:{subscription.pk}:{call.pk}:{day.isoformat()}"
            if dedupe_key in sent:
                continue
            new = list(
                Application.objects.filter(
                    call=call, submitted_at__gte=start, submitted_at__lt=end
                ).select_related("call")
            )
            messages = list(
                Message.objects.filter(
                    application__call=call,
                    direction=Message.Direction.FROM_APPLICANT,
                    created_at__gte=start,
                    created_at__lt=end,
                ).select_related("application__call")
            )
            # Late deliverables and commitments, as of the day the digest is sent.
            late = late_lines(
                call, day + dt.timedelta(days=1), subscription.user, subscription.language
            )
            if not new and not messages and not late:
                continue
            yield Due(
                "digest",
                dedupe_key,
                user=subscription.user,
                call=call,
                language=subscription.language or None,  # None: the staff member's own
                extra={
                    "day": day,
                    "count": len(new),
                    "applications": [_line(application) for application in new],
                    "messages": [_message_line(message) for message in messages],
                    "overdue": late,
                },
            )
