"""The supported events' page shows what an event published (outcome.published_content):
a change of a collaboration, its commitments or its report changes the page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opencall.applications.models import Application
from opencall.calls.versions import call_page_changed
from opencall.collaborations.models import Collaboration, Commitment, EventReport


@receiver(post_save, sender=Collaboration)
@receiver(post_delete, sender=Collaboration)
def collaboration_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _changed(Application.objects.filter(pk=instance.application_id))


@receiver(post_save, sender=Commitment)
@receiver(post_delete, sender=Commitment)
@receiver(post_save, sender=EventReport)
@receiver(post_delete, sender=EventReport)
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _changed(Application.objects.filter(collaboration__pk=instance.collaboration_id))


def _changed(applications) -> None:
    call_page_changed(call_ids=applications.values_list("call_id", flat=True))
