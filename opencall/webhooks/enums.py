"""The events a hook may hear, a delivery's statuses, and the hooks' audit actions:
labelled choices and plain data, no logic."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SUBMITTED = "application.submitted", _("An application was sent")
    SCREENED = "application.screened", _("An application was screened (again)")
    STATUS_CHANGED = "application.status_changed", _("An application changed status")
    DECISION_RELEASED = "decision.released", _("A decision was released to the applicant")
    COLLABORATION_UPDATED = (
        "collaboration.updated",
        _("A collaboration changed (opened, a deliverable, a commitment, the report, closed)"),
    )
    # Sent only by the "send a test event" button, to every hook asked, whatever it hears.
    PING = "ping", _("Test event")


# What staff may choose (the test event is not chosen: it is asked for).
SUBSCRIBABLE = tuple(event for event in Event if event != Event.PING)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Action(models.TextChoices):
    CREATED = "created", _("Hook added")
    CHANGED = "changed", _("Hook changed")
    DELETED = "deleted", _("Hook removed")
    SECRET_SHOWN = "secret_shown", _("Secret shown")
    SECRET_RENEWED = "secret_renewed", _("Secret renewed")
    REPLAYED = "replayed", _("Failed delivery sent again")
    TEST_SENT = "test_sent", _("Test event sent")
