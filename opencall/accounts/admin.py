from django.contrib import admin

from opencall.accounts.models import CallStaffSettings, Membership, StaffProfile


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "call", "role", "hub_code", "created_at"]
    list_filter = ["call", "role", "hub_code"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(CallStaffSettings)
class CallStaffSettingsAdmin(admin.ModelAdmin):
    list_display = ["call", "require_two_factor"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
