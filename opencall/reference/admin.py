from django.contrib import admin

from opencall.reference.models import Country, Hub, ReferenceVersion


class HubInline(admin.StackedInline):
    model = Hub
    extra = 0


@admin.register(ReferenceVersion)
class ReferenceVersionAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "published_on", "loaded_at"]
    inlines = [HubInline]


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "active_from", "contact_email", "version"]
    list_filter = ["version"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "hub_region", "priority", "confidence", "version"]
    list_filter = ["version", "priority", "hub_region", "confidence"]
    list_editable = ["hub_region", "priority", "confidence"]
    search_fields = ["name", "iso2"]
