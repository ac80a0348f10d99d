"""Stored screenings follow the data they were computed from.

A stored screening is derived from the application's answers, the call's rules and
the reference data (hubs, countries). Answers change only through services, which
screen again themselves (services.py); the call and the reference rows are also
edited in the admin and by loaders, so a save of any of them queues a background
refresh of the screenings of the calls that use it, on commit.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from opencall.calls.models import Call
from opencall.reference.models import Country, Hub, ReferenceVersion
from opencall.screening.tasks import refresh_call_screening


def _refresh_calls(calls) -> None:
    for call_id in calls.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=call_id: refresh_call_screening.enqueue(pk))


@receiver(post_save, sender=Hub)
@receiver(post_save, sender=Country)
def reference_row_changed(sender, instance, created, raw=False, **kwargs):
    # Rows created by a load belong to a version no call uses yet: nothing to redo.
    if not raw and not created:
        _refresh_calls(Call.objects.filter(reference_version_id=instance.version_id))


@receiver(post_save, sender=ReferenceVersion)
def reference_version_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        _refresh_calls(Call.objects.filter(reference_version=instance))


@receiver(post_save, sender=Call)
def call_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        _refresh_calls(Call.objects.filter(pk=instance.pk))
