"""Queueing a delivery's send once the current transaction commits (as mail's outbox)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def schedule_send(delivery_id: int, *, at: dt.datetime | None = None) -> None:
    """Queue the send task on commit. If queueing fails, the row is still pending:
    the sweep (scheduler.py) queues every row that waited too long."""
    transaction.on_commit(lambda: enqueue_send(delivery_id, at=at), robust=True)


def enqueue_send(delivery_id: int, *, at: dt.datetime | None = None) -> None:
    from opencall.webhooks.tasks import send_delivery

    task = send_delivery
    if at is not None and at > timezone.now():
        if not task.get_backend().supports_defer:
            logger.info("delivery %s: this task backend cannot wait; the sweep will", delivery_id)
            return
        task = task.using(run_after=at)
    task.enqueue(delivery_id=delivery_id)
