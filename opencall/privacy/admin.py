from django.contrib import admin

from opencall.privacy.models import ErasureRequest, PrivacyEvent


@admin.register(PrivacyEvent)
class PrivacyEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "call", "application", "count", "user")
    list_filter = ("kind", "call")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ("asked_at", "application", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ErasureRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
