from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from opencall.applications.exports import applications_csv, applications_json
from opencall.applications.models import Application, ApplicationEvent, CoOrganiser


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "actor", "user", "old", "new", "reason"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class CoOrganiserInline(admin.TabularInline):
    """Read only: the first contact adds and revokes them, on the timeline; an edit
    here would be neither checked nor audited."""

    model = CoOrganiser
    extra = 0
    can_delete = False
    readonly_fields = ["name", "email", "language", "wants_mail", "created_at", "revoked_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "status", "country", "scope", "format", "submitted_at"]
    list_filter = ["call", "status", "scope", "format"]
    search_fields = ["event_name", "email", "country"]
    list_select_related = ["call"]
    readonly_fields = ["public_id", "number", "status", "submitted_at", "created_at", "updated_at"]
    inlines = [CoOrganiserInline, EventInline]
    actions = ["download_csv", "download_json"]

    @admin.action(description=_("Download the selected applications (CSV spreadsheet)"))
    def download_csv(self, request, queryset):
        response = HttpResponse(
            applications_csv(queryset.select_related("call").order_by("call", "number")),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="applications.csv"'
        return response

    @admin.action(description=_("Download the selected application documents (JSON)"))
    def download_json(self, request, queryset):
        response = HttpResponse(
            applications_json(queryset.select_related("call").order_by("call", "number")),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="applications.json"'
        return response

    # Applications change only through the services, which keep the audit timeline.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
