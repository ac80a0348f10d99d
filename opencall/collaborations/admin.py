"""The collaborations in Django's admin: to read. They change only through the
services (collaborations/services.py), which keep the application's timeline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from opencall.collaborations.models import Collaboration, Commitment, Deliverable, EventReport


class ReadOnly:
    """No add, change or delete: the admin shows what the pages and services wrote."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliverableInline(ReadOnly, admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ["offer_code", "what", "owner", "team", "due_on", "status", "drop_reason", "notes"]
    readonly_fields = fields


class CommitmentInline(ReadOnly, admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ["kind", "due_on", "status", "links", "answered_at", "waive_reason"]
    readonly_fields = fields


class EventReportInline(ReadOnly, admin.StackedInline):
    model = EventReport
    extra = 0
    fields = [
        "attendance_in_person",
        "attendance_online",
        "countries",
        "scholarships_used",
        "links",
        "worked",
        "differently",
        "filed_at",
    ]
    readonly_fields = fields


@admin.register(Collaboration)
class CollaborationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "call", "opened_at", "closed_at"]
    list_filter = ["application__call", "closed_at"]
    search_fields = ["application__event_name", "application__email"]
    list_select_related = ["application__call"]
    readonly_fields = ["application", "opened_at", "closed_at", "closed_by", "close_reason"]
    inlines = [DeliverableInline, CommitmentInline, EventReportInline]

    @admin.display(description=_("call"))
    def call(self, obj):
        return obj.application.call


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["what", "collaboration", "owner", "team", "due_on", "status"]
    list_filter = ["collaboration__application__call", "status", "offer_code"]
    search_fields = ["what", "team", "collaboration__application__event_name"]
    list_select_related = ["collaboration__application", "owner"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "collaboration", "due_on", "status"]
    list_filter = ["collaboration__application__call", "kind", "status"]
    list_select_related = ["collaboration__application"]
