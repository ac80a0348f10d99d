from django.contrib import admin

from opencall.reviews.models import Assignment, Conflict, Note, Review, RubricCriterion, Share


@admin.register(RubricCriterion)
class RubricCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "call", "position", "scale_min", "scale_max", "weight"]
    list_filter = ["call"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "state", "score", "updated_at"]
    list_filter = ["state", "application__call"]
    raw_id_fields = ["application"]


@admin.register(Assignment, Conflict, Share, Note)
class ReviewLinkAdmin(admin.ModelAdmin):
    raw_id_fields = ["application"]
