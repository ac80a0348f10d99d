"""The outbox's two primitives: the one status move, and queueing a send on commit."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from opencall.mail.enums import TRANSITIONS, Action, TransitionRefused
from opencall.mail.models import MailEvent, OutgoingMail

logger = logging.getLogger(__name__)


def locked(mail_id: int) -> OutgoingMail | None:
    """The row, locked until the transaction ends (call inside `transaction.atomic`)."""
    return OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()


def move(
    mail: OutgoingMail,
    target: str,
    *,
    action: Action,
    by: AbstractBaseUser | None = None,
    note: str = "",
) -> None:
    """Save the row in its new status and write the audit trail, or refuse the move."""
    old = mail.status
    if target not in TRANSITIONS[old]:
        raise TransitionRefused(f"A mail cannot move from {old} to {target}.")
    mail.status = target
    mail.save()
    MailEvent.objects.create(
        mail=mail,
        action=action,
        user=by if by is not None and by.is_authenticated else None,
        old=old,
        new=target,
        attempt=mail.attempts,
        note=note,
    )


def schedule_send(mail: OutgoingMail, *, at: dt.datetime | None = None) -> None:
    """Queue the send task once the current transaction commits.

    If queueing fails after the commit, the row is still there: the scheduler
    queues every row that waited too long (recovery.requeue_lost).
    """
    mail_id = mail.pk
    transaction.on_commit(lambda: enqueue_send(mail_id, at=at), robust=True)


def enqueue_send(mail_id: int, *, at: dt.datetime | None = None) -> None:
    from opencall.mail.tasks import send_mail

    task = send_mail
    if at is not None and at > timezone.now():
        if not task.get_backend().supports_defer:
            logger.info("mail %s: this task backend cannot wait; the scheduler will", mail_id)
            return
        task = task.using(run_after=at)
    task.enqueue(mail_id=mail_id)
