"""Replies by email: one message as the mail server hands it over, turned into the
applicant's answer on their application (the same service as their web page)."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses

from django.utils.html import strip_tags

from opencall.applications.links import application_for_reply
from opencall.conversations.models import Message
from opencall.conversations.services import reply_from_applicant

# Where the quoted earlier mail starts, in the mail programs people use (en, fr).
_QUOTE_START = re.compile(
    r"^(On .+ wrote:|Le .+ a écrit ?:|-+ ?Original Message ?-+|-+ ?Message d'origine ?-+)\s*$",
    re.IGNORECASE,
)
ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc")


class InboundRefused(ValueError):
    """The message is not a reply opencall takes; `unknown_recipient` says whether
    it was addressed to no reply address of opencall (the mail server bounces it)."""

    def __init__(self, message: str, *, unknown_recipient: bool = False):
        super().__init__(message)
        self.unknown_recipient = unknown_recipient


def reply_text(message: EmailMessage) -> str:
    """The new text of a reply: the plain part (or the HTML one, stripped), without
    the earlier mail it quotes."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = strip_tags(text)
    lines = []
    for line in text.splitlines():
        if _QUOTE_START.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            lines.append(line.rstrip())
    return "\n".join(lines).strip()


def _addresses(message: EmailMessage, envelope_recipient: str | None) -> list[str]:
    found = [envelope_recipient] if envelope_recipient else []
    for header in ADDRESS_HEADERS:
        found.extend(address for _name, address in getaddresses(message.get_all(header, [])))
    return found


def receive(raw: bytes, *, envelope_recipient: str | None = None) -> Message:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    application = next(
        (
            found
            for address in _addresses(message, envelope_recipient)
            if (found := application_for_reply(address))
        ),
        None,
    )
    if application is None:
        raise InboundRefused(
            "no opencall reply address among the recipients", unknown_recipient=True
        )
    # Out-of-office answers and other robots must not become the applicant's answer.
    if message.get("Auto-Submitted", "no").strip().lower() != "no":
        raise InboundRefused("an automatic reply (Auto-Submitted) is not an answer")
    return reply_from_applicant(
        application=application, body=reply_text(message), channel=Message.Channel.EMAIL
    )
