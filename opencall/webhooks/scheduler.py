"""The sweep of the deliveries, run every minute by the mail scheduler
(mail.scheduler.mail_tick): rows a dead worker left "sending", and pending rows whose
task was lost or could not wait for its time. Safe to run in several processes at
once: each change is a conditional update of one row.
"""

from __future__ import annotations

import datetime as dt

from django_tasks.base import TaskResultStatus

from opencall.core.background import database_workers
from opencall.webhooks import conf
from opencall.webhooks.enums import DeliveryStatus
from opencall.webhooks.models import Delivery
from opencall.webhooks.outbox import enqueue_send
from opencall.webhooks.tasks import send_tasks

STOPPED = "The worker stopped during attempt {attempt}; the receiver may have it already."


def webhooks_sweep(*, now: dt.datetime) -> int:
    """Settle stale sends, then queue what is due. How many rows were queued."""
    _recover_stale(now)
    return _queue_due(now)


def _recover_stale(now: dt.datetime) -> None:
    stale = Delivery.objects.filter(
        status=DeliveryStatus.SENDING,
        attempt_started_at__lt=now - conf.seconds("WEBHOOKS_SENDING_STALE_SECONDS"),
    )
    for delivery in stale.only("pk", "attempts"):
        row = Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts
        )
        note = STOPPED.format(attempt=delivery.attempts)
        if delivery.attempts >= conf.max_attempts():
            row.update(status=DeliveryStatus.FAILED, last_error=note, updated_at=now)
        else:
            row.update(
                status=DeliveryStatus.PENDING, next_attempt_at=now, last_error=note, updated_at=now
            )


def _queue_due(now: dt.datetime) -> int:
    """Pending rows whose time has come and that no task waits for: queue a task. A
    spare task is harmless (only one claims the row); a row whose task still waits for
    a worker (the workers are away) is left alone, so that tasks do not pile up."""
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    count = 0
    for delivery_id in list(due.values_list("pk", flat=True)):
        if _task_waiting(delivery_id):
            continue
        enqueue_send(delivery_id)
        count += 1
    return count


def _task_waiting(delivery_id: int) -> bool:
    if not database_workers():
        return False  # tasks run where they are queued: none can be waiting
    # READY whatever its run_after: a retry waiting for its time is not lost either.
    return send_tasks(delivery_id).filter(status=TaskResultStatus.READY).exists()
