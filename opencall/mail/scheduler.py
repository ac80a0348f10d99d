"""One tick of the mail scheduler: settle what workers left behind, expire the offers
not answered by their deadline (selection/offers.py), then send the reminders that are
due, sweep the webhooks' deliveries (webhooks/scheduler.py, on mail's level of the app
table) and remove import uploads never started (imports/waiting.py); privacy adds its
retention step to STEPS when it is ready (privacy/apps.py: it sits above mail).
Idempotent: run it every minute, from one process or more.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from opencall.imports.waiting import uploads_clear_stale
from opencall.mail.recovery import recover_stale, requeue_lost
from opencall.mail.reminders import reminders_send_due
from opencall.selection.offers import offers_expire
from opencall.webhooks.scheduler import webhooks_sweep

logger = logging.getLogger(__name__)

STEPS = {
    "recovered": recover_stale,
    "requeued": requeue_lost,
    # Before the reminders: an offer past its deadline is not reminded, it expires.
    "offers_expired": offers_expire,
    "reminders": reminders_send_due,
    "webhooks": webhooks_sweep,
    "import_uploads": uploads_clear_stale,
}


def mail_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run every step; a failing step is logged and the others still run."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for name, step in STEPS.items():
        try:
            done[name] = step(now=now)
        except Exception:
            logger.exception("mail scheduler: %s failed", name)
            done[name] = -1
    return done
