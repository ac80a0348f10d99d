"""Tasks left "running" by a worker that died (killed, out of memory, machine gone).

Each worker records a heartbeat (worker.py). A running task whose worker has not
been seen for WORKER_STALE_SECONDS never finishes by itself: it is marked failed,
and the work behind it is made whole — a send is settled like any stale send
(recovery.py: queued again before DATA, unconfirmed after), a scenario fails with a
reason and can be run again. Safe in several processes at once: rows are locked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencall.mail.models import WorkerHeartbeat
from opencall.mail.recovery import settle_abandoned_send
from opencall.mail.tasks import send_mail, send_tasks
from opencall.selection.tasks import scenarios_recover

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running the task stopped before it could record the outcome."""


def recover_abandoned(*, now: dt.datetime) -> dict[str, int]:
    """Settle abandoned tasks, then scenarios no task will finish. Counts of each."""
    return {"tasks": _abandoned_tasks(now), "scenarios": scenarios_recover(now=now)}


def _abandoned_tasks(now: dt.datetime) -> int:
    seen_after = now - dt.timedelta(seconds=float(settings.WORKER_STALE_SECONDS))
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=seen_after).values_list("worker_id", flat=True)
    )
    # A task claimed a moment ago may belong to a worker whose first beat is on its way.
    rows = DBTaskResult.objects.running().filter(started_at__lt=seen_after)
    count = 0
    for pk, workers in rows.values_list("pk", "worker_ids"):
        if workers and workers[-1] in alive:
            continue
        if settle_task(pk, reason="its worker was not seen any more", now=now):
            count += 1
    return count


def settle_task(
    task_id, *, reason: str, now: dt.datetime | None = None, error: BaseException | None = None
) -> bool:
    """Fail one running task (with `error` if known) and make its work whole.
    False if it was not running."""
    with transaction.atomic():
        row = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        if row is None:
            return False
        row.set_failed(error or WorkerLost(f"The worker stopped before this task ended: {reason}."))
    logger.warning("task %s (%s) failed: %s", row.pk, row.task_path, reason)
    if settle := AFTERWARDS.get(row.task_path):
        settle(row, now or row.finished_at)
    return True


def _send(row: DBTaskResult, now: dt.datetime) -> None:
    mail_id = row.args_kwargs["kwargs"].get("mail_id")
    if mail_id is None or send_tasks(mail_id).running().exists():
        return  # another attempt is under way; recover_stale is the backstop
    settle_abandoned_send(mail_id=mail_id, since=row.started_at, now=now)


# What to make whole after a task of this kind was abandoned (scenarios: swept above).
AFTERWARDS: dict[str, Callable[[DBTaskResult, dt.datetime], None]] = {
    send_mail.module_path: _send,
}
