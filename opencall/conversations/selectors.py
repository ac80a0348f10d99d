"""Reads of the conversation."""

from __future__ import annotations

from django.db.models import QuerySet

from opencall.applications.models import Application
from opencall.conversations.models import Message


def thread(*, application: Application) -> QuerySet[Message]:
    """The whole conversation, in order (staff see all of it)."""
    return Message.objects.filter(application=application).select_related("author")


def applicant_thread(*, application: Application) -> QuerySet[Message]:
    """What the applicant sees: the messages to them and their own answers. Staff
    names stay with staff: the page shows the organiser, not the person."""
    return Message.objects.filter(application=application).only(
        "direction", "kind", "criterion", "body", "created_at", "answered_at", "application_id"
    )


def open_requests(*, application: Application) -> QuerySet[Message]:
    return Message.objects.filter(
        application=application, kind=Message.Kind.INFO_REQUEST, answered_at__isnull=True
    )
