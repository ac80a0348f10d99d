from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from opencall.calls.models import Call, Offer


class OfferInline(TranslationTabularInline):
    model = Offer
    extra = 0


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "slug", "opens_at", "closes_at", "decision_date", "is_practice"]
    list_filter = ["is_practice"]
    inlines = [OfferInline]
    readonly_fields = ["application_count", "created_at", "updated_at"]
