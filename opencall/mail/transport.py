"""One message to the mail server, and what its failure means.

SMTP hands a message over at one moment: the server's answer to the end of DATA.
Before DATA starts, the server cannot have the message (a dropped connection
discards the transaction), so any failure may be retried. After it starts, a
dropped connection leaves the outcome unknown. `deliver` therefore calls
`before_data` just before DATA, so the caller can record the phase (and refuse, if
the row is no longer its own), and `classify` tells the three outcomes apart.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from opencall.applications.links import reply_address
from opencall.mail.models import OutgoingMail

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    TEMPORARY = "temporary"  # retry later
    PERMANENT = "permanent"  # the server refused it for good
    UNKNOWN = "unknown"  # the server may have it: never resend automatically


def build_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers={
            # The same id on every attempt: receivers can spot a copy, staff can
            # find the message in the relay's log.
            "Message-ID": mail.message_id,
            "Auto-Submitted": "auto-generated",
            "Content-Language": mail.template_language,
        },
    )
    if mail.application_id and (reply_to := reply_address(mail.application)):
        message.reply_to = [reply_to]
    message.attach_alternative(mail.body_html, "text/html")
    return message


def deliver(message: EmailMultiAlternatives, *, before_data: Callable[[], None]) -> None:
    """Send one message; raises on any failure. `before_data` may raise to abort."""
    backend = get_connection(fail_silently=False)
    if not isinstance(backend, SMTPBackend):
        # Console, file, in-memory: nothing can be half-sent.
        before_data()
        backend.send_messages([message])
        return
    backend.open()
    connection = backend.connection
    send_data = connection.data

    def data(msg: bytes) -> tuple[int, bytes]:
        before_data()
        return send_data(msg)

    # smtplib's sendmail calls self.data(): hook the phase change in right there.
    connection.data = data
    try:
        backend.send_messages([message])
    finally:
        try:
            backend.close()
        except (OSError, smtplib.SMTPException):
            # The message was accepted (or the error above is the real news).
            logger.warning("mail server connection did not close cleanly", exc_info=True)


def _code(exc: BaseException) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return max(codes) if codes else None
    code = getattr(exc, "smtp_code", None)
    return code if isinstance(code, int) and code > 0 else None


def classify(exc: BaseException, *, data_started: bool) -> Outcome:
    code = _code(exc)
    if code is not None:
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            # Our credentials are wrong: fixed by configuration, then retried.
            return Outcome.TEMPORARY
        return Outcome.PERMANENT if code >= 500 else Outcome.TEMPORARY
    if data_started:
        return Outcome.UNKNOWN
    if isinstance(exc, OSError):  # refused, timed out, disconnected, TLS
        return Outcome.TEMPORARY
    return Outcome.PERMANENT


def describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:2000]
