"""Sending one outbox row: claim, hand over, record. Never twice for one row.

1. Claim (committed before any network traffic): the row moves queued → sending,
   its attempt counter grows, and that number becomes the attempt's token.
2. Just before SMTP DATA, the row's phase becomes "data" — only if the row still
   carries this attempt's token. Recovery may have given a slow worker's row to
   another worker; the slow one then stops before DATA, so the server never gets
   the message twice.
3. The outcome is recorded against the token: sent; queued again with a backoff
   (temporary failure before the last attempt); failed; or unconfirmed when the
   connection broke after DATA began (the server may have the message).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from opencall.applications.models import Actor, ApplicationEvent
from opencall.mail.conf import retry_delay
from opencall.mail.enums import Action, Phase, Status
from opencall.mail.models import OutgoingMail
from opencall.mail.outbox import locked, move, schedule_send
from opencall.mail.transport import Outcome, build_message, classify, deliver, describe

logger = logging.getLogger(__name__)

UNCONFIRMED_NOTE = (
    "The connection ended while the server was taking the message: it may have "
    "been delivered. Check (the relay's log, or the recipient) before resending."
)


class Fenced(Exception):
    """The row no longer belongs to this attempt: stop before the server gets it."""


def mail_send(*, mail_id: int) -> str:
    """Send one row if it is queued. Returns what happened, for the task's result."""
    attempt = _claim(mail_id)
    if attempt is None:
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    data_started = False

    def before_data() -> None:
        nonlocal data_started
        _enter_data_phase(mail_id, attempt)
        data_started = True

    try:
        deliver(build_message(mail), before_data=before_data)
    except Fenced:
        logger.warning("mail %s: attempt %s was taken over; not sent by it", mail_id, attempt)
        return "fenced"
    except Exception as exc:
        outcome = classify(exc, data_started=data_started)
        logger.warning("mail %s attempt %s: %s (%s)", mail_id, attempt, describe(exc), outcome)
        return _record_failure(mail_id, attempt, describe(exc), outcome)
    return _record_sent(mail_id, attempt)


def _claim(mail_id: int) -> int | None:
    with transaction.atomic(durable=True):
        mail = locked(mail_id)
        if mail is None or mail.status != Status.QUEUED:
            return None
        mail.attempts += 1
        mail.phase = Phase.ENVELOPE
        mail.attempt_started_at = timezone.now()
        mail.due_at = None
        move(mail, Status.SENDING, action=Action.ATTEMPT)
        return mail.attempts


def _enter_data_phase(mail_id: int, attempt: int) -> None:
    with transaction.atomic(durable=True):
        mail = locked(mail_id)
        if mail is None or mail.status != Status.SENDING or mail.attempts != attempt:
            raise Fenced
        mail.phase = Phase.DATA
        mail.save(update_fields=["phase", "updated_at"])


def _current(mail_id: int, attempt: int) -> OutgoingMail | None:
    """The locked row if this attempt may still record its outcome on it."""
    mail = locked(mail_id)
    if mail is None or mail.attempts != attempt:
        return None
    if mail.status not in (Status.SENDING, Status.UNCONFIRMED):
        return None
    return mail


def _record_sent(mail_id: int, attempt: int) -> str:
    with transaction.atomic(durable=True):
        mail = _current(mail_id, attempt)
        if mail is None:
            logger.error("mail %s: sent by attempt %s, but the row moved on", mail_id, attempt)
            return "sent-superseded"
        mail.phase = Phase.NONE
        mail.sent_at = timezone.now()
        mail.last_error = ""
        move(mail, Status.SENT, action=Action.SENT)
        note_on_timeline(mail)
    return "sent"


def _record_failure(mail_id: int, attempt: int, error: str, outcome: Outcome) -> str:
    with transaction.atomic(durable=True):
        mail = _current(mail_id, attempt)
        if mail is None:
            return "superseded"
        mail.phase = Phase.NONE
        mail.last_error = error
        if outcome == Outcome.UNKNOWN:
            move(mail, Status.UNCONFIRMED, action=Action.UNCONFIRMED, note=UNCONFIRMED_NOTE)
        elif outcome == Outcome.TEMPORARY and mail.attempts < mail.max_attempts:
            mail.due_at = timezone.now() + retry_delay(mail.attempts)
            move(mail, Status.QUEUED, action=Action.RETRY_LATER, note=error)
            schedule_send(mail, at=mail.due_at)
        else:
            move(mail, Status.FAILED, action=Action.FAILED, note=error)
        if mail.status != Status.QUEUED:
            note_on_timeline(mail)
    return str(mail.status)


def note_on_timeline(mail: OutgoingMail) -> None:
    """The final outcome on the application's own timeline, where staff look first."""
    if mail.application_id is None:
        return
    ApplicationEvent.objects.create(
        application_id=mail.application_id,
        kind=ApplicationEvent.Kind.MAIL,
        actor=Actor.SYSTEM,
        new=f"{mail.key}: {mail.status}"[:200],
        reason=mail.last_error if mail.status != Status.SENT else "",
        data={"mail": str(mail.public_id), "to": mail.to, "attempts": mail.attempts},
    )
