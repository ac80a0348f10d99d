from django.contrib import admin

from opencall.applications.models import Application, ApplicationEvent


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "actor", "user", "old", "new", "reason"]
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
    inlines = [EventInline]

    # Applications change only through the services, which keep the audit timeline.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
