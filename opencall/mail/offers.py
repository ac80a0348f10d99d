"""Mail of the offers (selection/offers.py), a reminder source (reminders.py) and a
receiver:

- the accepted applicant, some days before the deadline to confirm or decline the
  offer, and once more on its last day;
- the call's administrators, when an offer is declined or expires, with the waitlisted
  applications that now fit the pools (selection/waitlist.py).

Days are counted in the call's time zone; each reminder has a dedupe key (the deadline
is part of it), so it is sent once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from django.dispatch import receiver

from opencall.accounts.models import Membership, StaffRole
from opencall.mail import conf
from opencall.mail.context import admin_link
from opencall.mail.decisions import offer_labels
from opencall.mail.receivers import _safely
from opencall.mail.reminders import Due, register, sent_dedupe_keys
from opencall.mail.services import mail_to_staff
from opencall.selection import signals as selection
from opencall.selection.models import Decision
from opencall.selection.waitlist import waitlist_fits

REMINDER = "reminder_offer_answer"
FREED = "offer_freed"


@register("offers")
def offers_due(now: dt.datetime) -> Iterable[Due]:
    """An offer not answered yet: a reminder each time fewer days than one of
    MAIL_OFFER_REMINDER_DAYS are left (counted from the release, so an offer released
    inside a window is not reminded at once)."""
    windows = sorted(int(days) for days in conf.get("MAIL_OFFER_REMINDER_DAYS"))
    sent = sent_dedupe_keys(REMINDER + ":")
    waiting = Decision.objects.filter(
        answer=Decision.Answer.AWAITED, answer_due__gt=now
    ).select_related("application__call")
    for decision in waiting:
        left = decision.answer_due - now
        window = next((days for days in windows if left <= dt.timedelta(days=days)), None)
        if window is None or decision.released_at > decision.answer_due - dt.timedelta(days=window):
            continue
        due = decision.answer_due.astimezone(decision.application.call.tzinfo)
        dedupe_key = f"{REMINDER}:{decision.pk}:{window}:{due.date().isoformat()}"
        if dedupe_key in sent:
            continue
        application = decision.application
        yield Due(
            REMINDER,
            dedupe_key,
            application=application,
            extra={
                "answer_due": due.date(),
                "days_left": max(0, math.ceil(left / dt.timedelta(days=1)) - 1),
                "offers": offer_labels(application, decision.offers),
            },
        )


def _fits_lines(call: Any) -> list[str]:
    return [
        f"{row.candidate.application.ref} {row.candidate.application.event_name}: "
        + ", ".join(row.offer_labels)
        for row in waitlist_fits(call=call)
        if row.fits
    ]


@receiver(selection.offer_freed, dispatch_uid="mail.offer_freed")
def on_offer_freed(sender: Any, application: Any, decision: Any, **kwargs: Any) -> None:
    _safely(f"offer mail for application {application.pk}", lambda: mail_offer_freed(decision))


def mail_offer_freed(decision: Decision) -> int:
    """Tell each of the call's administrators; returns how many mails were queued."""
    application, call = decision.application, decision.application.call
    extra = {
        "event_name": application.event_name,
        "ref": application.ref,
        "declined": "yes" if decision.answer == Decision.Answer.DECLINED else "",
        "fits": _fits_lines(call),
        "selection_link": admin_link("staff:selection", slug=call.slug),
    }
    admins = Membership.objects.filter(call=call, role=StaffRole.CALL_ADMIN).select_related("user")
    queued = 0
    for membership in admins:
        queued += (
            mail_to_staff(
                user=membership.user,
                call=call,
                key=FREED,
                extra=extra,
                dedupe_key=f"{FREED}:{decision.pk}:{membership.user_id}",
            )
            is not None
        )
    return queued
