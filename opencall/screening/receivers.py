"""Screening follows what happens elsewhere: each receiver is one service call."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from opencall.applications import signals
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.reference.models import Country, Hub, ReferenceVersion
from opencall.screening.services import screening_refresh
from opencall.screening.tasks import refresh_call_screening


@receiver(signals.application_submitted)
def screen_submitted(sender, application, **kwargs):
    screening_refresh(application=application)


@receiver(signals.application_edited)
def screen_edited(sender, application, **kwargs):
    if application.status != Status.DRAFT:
        screening_refresh(application=application)


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
