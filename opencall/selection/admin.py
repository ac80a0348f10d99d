"""The selection's settings as data staff edit: pools, default costs, dependencies
between offers, hub bounds and the call's selection settings. Decisions, sign-offs
and commitments change only through the services (they are audited)."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from opencall.selection import selectors
from opencall.selection.models import (
    HubBound,
    OfferCost,
    OfferRequirement,
    ResourcePool,
    SelectionSettings,
)
from opencall.selection.setup import plain_number


class ResourcePoolForm(forms.ModelForm):
    class Meta:
        model = ResourcePool
        fields = "__all__"  # noqa: DJ007 (the admin adds a label field per language)

    def clean(self):
        cleaned = super().clean()
        call, code, capacity = (cleaned.get(k) for k in ("call", "code", "capacity"))
        if self.instance.pk and call and capacity is not None:
            taken = selectors.committed(call=call).get(self.instance.code, 0)
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _(
                        "Final decisions already take %(taken)s from this pool: its "
                        "capacity cannot be less."
                    )
                    % {"taken": plain_number(Decimal(taken))},
                )
            if code and code != self.instance.code and taken:
                self.add_error("code", _("Final decisions take from this pool: its code stays."))
        return cleaned


@admin.register(ResourcePool)
class ResourcePoolAdmin(TranslationAdmin):
    form = ResourcePoolForm
    list_display = ["label", "code", "call", "unit", "capacity"]
    list_filter = ["call", "unit"]
    search_fields = ["code", "label"]


@admin.register(OfferCost)
class OfferCostAdmin(admin.ModelAdmin):
    list_display = ["offer_code", "pool", "amount", "from_requested_amount", "call"]
    list_filter = ["call", "offer_code"]


@admin.register(OfferRequirement)
class OfferRequirementAdmin(admin.ModelAdmin):
    list_display = ["offer_code", "requires_code", "call"]
    list_filter = ["call"]


@admin.register(HubBound)
class HubBoundAdmin(admin.ModelAdmin):
    list_display = ["hub_code", "minimum", "maximum", "call"]
    list_filter = ["call"]


@admin.register(SelectionSettings)
class SelectionSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "call",
        "max_events",
        "priority_country_bonus",
        "accessible_bonus",
        "publish_supported_events",
    ]
