"""The outbox's statuses as one explicit table, and the audit trail's actions.

Labelled Django `TextChoices` and plain data, no logic: the services enforce the
table (`services.move`), the admin reads it to decide which buttons make sense.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    HELD = "held", _("Held for review")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The worker stopped after handing the message to the server and before it
    # heard the answer: the server may have it. Never resent without a person.
    UNCONFIRMED = "unconfirmed", _("Unconfirmed: check before resending")
    CANCELLED = "cancelled", _("Cancelled")


class Phase(models.TextChoices):
    """How far a send got; decides what recovery may do with a dead worker's row."""

    NONE = "", _("not sending")
    ENVELOPE = "envelope", _("connecting (the server cannot have the message)")
    DATA = "data", _("handing over the message (the server may have it)")


# status -> statuses it may move to next
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.QUEUED: frozenset({Status.SENDING, Status.CANCELLED, Status.QUEUED}),
    Status.HELD: frozenset({Status.QUEUED, Status.CANCELLED, Status.HELD}),
    Status.SENDING: frozenset({Status.SENT, Status.QUEUED, Status.FAILED, Status.UNCONFIRMED}),
    Status.FAILED: frozenset({Status.QUEUED, Status.CANCELLED}),
    Status.UNCONFIRMED: frozenset(
        {Status.SENT, Status.QUEUED, Status.FAILED, Status.CANCELLED, Status.UNCONFIRMED}
    ),
    Status.CANCELLED: frozenset({Status.QUEUED}),
    Status.SENT: frozenset(),
}

# What staff may change by hand, and what they may retry.
EDITABLE = frozenset({Status.QUEUED, Status.HELD, Status.FAILED, Status.UNCONFIRMED})
RETRYABLE = frozenset({Status.FAILED, Status.UNCONFIRMED, Status.CANCELLED})
CANCELLABLE = frozenset({Status.QUEUED, Status.HELD, Status.FAILED, Status.UNCONFIRMED})
NEEDS_ATTENTION = frozenset({Status.FAILED, Status.UNCONFIRMED, Status.HELD})


class Action(models.TextChoices):
    CREATED = "created", _("Created")
    ATTEMPT = "attempt", _("Attempt started")
    SENT = "sent", _("Sent")
    RETRY_LATER = "retry_later", _("Temporary failure, retry scheduled")
    FAILED = "failed", _("Failed")
    UNCONFIRMED = "unconfirmed", _("Outcome unknown")
    RECOVERED = "recovered", _("Recovered after a stopped worker")
    REQUEUED = "requeued", _("Queued again (lost task)")
    RELEASED = "released", _("Released by staff")
    RETRIED = "retried", _("Retried by staff")
    EDITED = "edited", _("Edited by staff")
    CANCELLED = "cancelled", _("Cancelled by staff")
    CONFIRMED = "confirmed", _("Delivery confirmed by staff")


class TransitionRefused(Exception):
    """A move the outbox table does not allow; the message says which."""


class GroupAudience(models.TextChoices):
    """Whom a group message goes to (groups.py says who is in each, at sending time)."""

    DRAFTS = "drafts", _("Applicants with a draft not yet submitted")
    SHORTLIST = "shortlist", _("Applicants on the shortlist")
    ACCEPTED = "accepted", _("Applicants told they are accepted")
    REVIEWERS_PENDING = "reviewers_pending", _("Reviewers with reviews pending")
