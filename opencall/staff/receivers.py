"""Glue between sibling apps that may not import each other: conversations does not
know screening. When an applicant answers a request for information, screen the
application again, so the reviewer looks at a fresh result."""

from django.dispatch import receiver

from opencall.conversations import signals
from opencall.screening.services import screening_refresh


@receiver(signals.applicant_replied)
def rescreen_after_answer(sender, application, answered, **kwargs):
    if answered:
        screening_refresh(application=application)
