from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opencall.accounts import services
from opencall.accounts.models import ApiToken, CallStaffSettings, Membership, StaffProfile


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "call", "role", "hub_code", "created_at"]
    list_filter = ["call", "role", "hub_code"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(CallStaffSettings)
class CallStaffSettingsAdmin(admin.ModelAdmin):
    list_display = ["call", "require_two_factor", "blind_review"]
    list_filter = ["require_two_factor", "blind_review"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owner on /accounts/tokens/ (the only place their secret
    is shown); here they are listed and revoked, never created or edited."""

    list_display = [
        "prefix",
        "user",
        "name",
        "access",
        "expires_on",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "access"]
    search_fields = ["prefix", "name", "user__username"]
    fields = [
        "prefix",
        "user",
        "name",
        "calls",
        "access",
        "expires_on",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.token_revoke(token=token, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
            % {"count": len(tokens)},
        )
