"""Rows a worker left behind: a send it never finished, a task that never ran.

Both run from the scheduler (scheduler.mail_tick); both are safe to run in several
processes at once, and as often as one likes: each row is locked and re-checked.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks.base import TaskResultStatus

from opencall.core.background import database_workers
from opencall.mail import conf
from opencall.mail.enums import Action, Phase, Status
from opencall.mail.models import OutgoingMail
from opencall.mail.outbox import locked, move, schedule_send
from opencall.mail.sending import UNCONFIRMED_NOTE, note_on_timeline
from opencall.mail.tasks import send_tasks

STOPPED_NOTE = "The worker stopped during attempt {attempt}, before the server had the message."


def recover_stale(*, now: dt.datetime) -> int:
    """Settle rows still "sending" long after their attempt began (the worker died).

    Before DATA the server cannot have the message: queue it again. After DATA
    began it may have it: mark it unconfirmed for staff, never resend on our own.
    A worker that was only slow is fenced off by the attempt token (sending.py).
    """
    stale_before = now - conf.seconds("MAIL_SENDING_STALE_SECONDS")
    ids = OutgoingMail.objects.filter(
        status=Status.SENDING, attempt_started_at__lt=stale_before
    ).values_list("pk", flat=True)
    count = 0
    for mail_id in list(ids):
        with transaction.atomic(durable=True):
            mail = locked(mail_id)
            if mail is None or mail.status != Status.SENDING:
                continue
            if mail.attempt_started_at is None or mail.attempt_started_at >= stale_before:
                continue
            _settle(mail, now)
            count += 1
    return count


def _settle(mail: OutgoingMail, now: dt.datetime) -> None:
    stopped = STOPPED_NOTE.format(attempt=mail.attempts)
    if mail.phase == Phase.DATA:
        mail.phase = Phase.NONE
        mail.last_error = "The worker stopped while handing the message to the server."
        move(mail, Status.UNCONFIRMED, action=Action.UNCONFIRMED, note=UNCONFIRMED_NOTE)
        note_on_timeline(mail)
        return
    mail.phase = Phase.NONE
    mail.last_error = stopped
    if mail.attempts >= mail.max_attempts:
        move(mail, Status.FAILED, action=Action.FAILED, note=stopped)
        note_on_timeline(mail)
        return
    mail.due_at = now
    move(mail, Status.QUEUED, action=Action.RECOVERED, note=stopped)
    schedule_send(mail)


def requeue_lost(*, now: dt.datetime) -> int:
    """Queue a task again for queued rows well past their time (the task was lost,
    or never written because the process died right after the commit). A spare
    task is harmless: only one can claim the row. A row whose task still waits for a
    worker (the workers are away) is left alone, so that a long outage does not pile
    up one more task per overdue mail at every tick."""
    late_before = now - conf.seconds("MAIL_REQUEUE_AFTER_SECONDS")
    ids = OutgoingMail.objects.filter(status=Status.QUEUED, due_at__lt=late_before).values_list(
        "pk", flat=True
    )
    count = 0
    for mail_id in list(ids):
        with transaction.atomic(durable=True):
            mail = locked(mail_id)
            if mail is None or mail.status != Status.QUEUED or not mail.due_at:
                continue
            if mail.due_at >= late_before or _task_waiting(mail_id):
                continue
            mail.due_at = now
            move(mail, Status.QUEUED, action=Action.REQUEUED)
            schedule_send(mail)
            count += 1
    return count


def _task_waiting(mail_id: int) -> bool:
    if not database_workers():
        return False
    # READY whatever its run_after: a retry waiting for its time is not lost either.
    return send_tasks(mail_id).filter(status=TaskResultStatus.READY).exists()


def settle_abandoned_send(*, mail_id: int, since: dt.datetime, now: dt.datetime) -> bool:
    """The row of a send task whose worker is known dead (abandoned.py), at once rather
    than after MAIL_SENDING_STALE_SECONDS. Only an attempt begun by that task (at or
    after `since`) is settled; the same rules as recover_stale keep it sent once."""
    with transaction.atomic(durable=True):
        mail = locked(mail_id)
        if mail is None or mail.status != Status.SENDING:
            return False
        if mail.attempt_started_at is None or mail.attempt_started_at < since:
            return False
        _settle(mail, now)
        return True
