"""The supported events' pages follow the decisions, their release and the publication
setting, the admin's edits included (calls/versions.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opencall.applications.models import Application
from opencall.calls.versions import call_page_changed
from opencall.selection.models import Decision, SelectionSettings


@receiver(post_save, sender=SelectionSettings)
@receiver(post_delete, sender=SelectionSettings)
def settings_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        call_page_changed(call_ids=[instance.call_id])


@receiver(post_save, sender=Decision)
@receiver(post_delete, sender=Decision)
def decision_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        calls = Application.objects.filter(pk=instance.application_id).values_list("call_id")
        call_page_changed(call_ids=[call_id for (call_id,) in calls])


@receiver(post_save, sender=Application)
def application_saved(sender, instance, raw=False, **kwargs):
    # Only a told decision puts an application on the public pages: a draft's save (the
    # deadline rush) touches no call row.
    if not raw and instance.decision_told:
        call_page_changed(call_ids=[instance.call_id])
