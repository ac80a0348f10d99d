import json
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from opencall.calls.models import Call, Offer

# The page the questions' help links to: docs/questions.md, shown in the admin.
QUESTIONS_DOC = Path(settings.BASE_DIR) / "docs" / "questions.md"


class OfferInline(TranslationTabularInline):
    model = Offer
    extra = 0


class DefinitionField(forms.JSONField):
    """A call file's list of tables, as indented JSON in a monospace box."""

    def prepare_value(self, value):
        if isinstance(value, str):  # what was typed, sent back with an error
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


def _definition_widget(rows: int) -> forms.Textarea:
    return forms.Textarea(
        attrs={"rows": rows, "cols": 100, "class": "definition", "spellcheck": "false"}
    )


def _help(text: str) -> str:
    # Admin help texts are shown as HTML; only the link is markup here.
    return format_html(
        '{} <a href="{}" target="_blank">{}</a>',
        text,
        reverse("admin:calls_call_questions_help"),
        _("How to write them (docs/questions.md)"),
    )


class CallAdminForm(forms.ModelForm):
    questions = DefinitionField(
        label=_("the call's own questions"),
        required=False,
        widget=_definition_widget(20),
    )
    criteria = DefinitionField(
        label=_("extra criteria"), required=False, widget=_definition_widget(10)
    )

    class Meta:
        model = Call
        fields = "__all__"  # noqa: DJ007 (the admin chooses the fields it shows)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].help_text = _help(
            _(
                "A list of questions, as the call file's [[questions]] in JSON. Once "
                "applications exist, an optional question can be added, but an answered "
                "one cannot be removed or change its type."
            )
        )
        self.fields["criteria"].help_text = _help(
            _("A list of eligibility criteria on those questions ([[criteria]]).")
        )

    def clean_questions(self):
        return self.cleaned_data["questions"] or []

    def clean_criteria(self):
        return self.cleaned_data["criteria"] or []


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    form = CallAdminForm
    list_display = ["title", "slug", "opens_at", "closes_at", "decision_date", "is_practice"]
    list_filter = ["is_practice"]
    inlines = [OfferInline]
    readonly_fields = ["application_count", "created_at", "updated_at"]

    class Media:
        css = {"all": ["css/admin-definition.css"]}

    def get_urls(self):
        help_page = self.admin_site.admin_view(self.questions_help)
        return [
            path("questions-help/", help_page, name="calls_call_questions_help"),
            *super().get_urls(),
        ]

    def questions_help(self, request):
        return TemplateResponse(
            request,
            "admin/calls/questions_help.html",
            {
                **self.admin_site.each_context(request),
                "title": _("A call's own questions"),
                "text": QUESTIONS_DOC.read_text(encoding="utf-8")
                if QUESTIONS_DOC.is_file()
                else _("docs/questions.md is not installed on this server."),
            },
        )
