"""Collaborations open when the decisions are released (selection's signal)."""

from typing import Any

from django.dispatch import receiver

from opencall.collaborations.services import collaboration_open
from opencall.selection import signals as selection
from opencall.selection.models import Decision


@receiver(selection.decisions_released, dispatch_uid="collaborations.decisions_released")
def on_decisions_released(sender: Any, call: Any, applications: list, user: Any, **kwargs: Any):
    accepted = Decision.objects.filter(
        application__in=applications,
        outcome=Decision.Outcome.ACCEPTED,
        released_at__isnull=False,
    ).select_related("application")
    for decision in accepted:
        collaboration_open(application=decision.application, user=user)
