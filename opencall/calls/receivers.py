"""The public pages' version follows every edit of a call, its offers and the reference
data, the admin's and the loaders' included (calls/versions.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opencall.calls.models import Call, Offer
from opencall.calls.versions import call_page_changed
from opencall.reference.models import Country, Hub, ReferenceVersion


@receiver(post_save, sender=Call)
def call_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        call_page_changed(call_ids=[instance.pk])


@receiver(post_save, sender=Offer)
@receiver(post_delete, sender=Offer)
def offer_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        call_page_changed(call_ids=[instance.call_id])


@receiver(post_save, sender=Hub)
@receiver(post_save, sender=Country)
@receiver(post_delete, sender=Hub)
@receiver(post_delete, sender=Country)
def reference_row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        calls = Call.objects.filter(reference_version_id=instance.version_id)
        call_page_changed(call_ids=calls.values_list("pk", flat=True))


@receiver(post_save, sender=ReferenceVersion)
def reference_version_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        call_page_changed(call_ids=instance.calls.values_list("pk", flat=True))
