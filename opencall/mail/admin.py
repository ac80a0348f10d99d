"""The outbox and the mail texts, for staff.

Every change goes through the services, which check the status table and write
the audit trail (who, when, from what to what).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opencall.mail import services
from opencall.mail.enums import EDITABLE, TransitionRefused
from opencall.mail.kinds import KINDS, kind_for
from opencall.mail.models import DigestSubscription, MailEvent, MailTemplate, OutgoingMail
from opencall.mail.rendering import default_texts, text_problems


class MailEventInline(admin.TabularInline):
    model = MailEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "user", "old", "new", "attempt", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OutgoingMailForm(forms.ModelForm):
    class Meta:
        model = OutgoingMail
        fields = ["to", "subject", "body_text"]
        help_texts = {
            "body_text": _("Saving a failed or unconfirmed mail sends it again."),
        }

    def clean(self):
        cleaned = super().clean()
        current = OutgoingMail.objects.filter(pk=self.instance.pk).values_list("status", flat=True)
        if current and current[0] not in EDITABLE:
            raise forms.ValidationError(_("This mail is on its way or done: it can't be edited."))
        return cleaned


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    form = OutgoingMailForm
    list_display = [
        "created_at",
        "key",
        "to",
        "language_shown",
        "status",
        "attempts",
        "due_at",
        "sent_at",
        "error_shown",
        "application",
    ]
    list_filter = ["status", "key", "language_fallback", "call"]
    search_fields = ["to", "subject", "application__event_name", "dedupe_key"]
    list_select_related = ["application__call", "call"]
    date_hierarchy = "created_at"
    inlines = [MailEventInline]
    actions = ["release", "retry", "cancel", "confirm_delivered"]
    readonly_fields = [
        "status",
        "key",
        "call",
        "application",
        "recipient_user",
        "language_shown",
        "template_source",
        "attempts",
        "max_attempts",
        "phase",
        "due_at",
        "attempt_started_at",
        "sent_at",
        "last_error",
        "message_id",
        "dedupe_key",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in EDITABLE:
            return [*self.readonly_fields, "to", "subject", "body_text"]
        return self.readonly_fields

    @admin.display(description=_("language"))
    def language_shown(self, mail: OutgoingMail) -> str:
        if mail.language_fallback:
            return format_html(
                '<strong title="{}">{} → {}</strong>',
                _("No text in this language: English was used."),
                mail.language,
                mail.template_language,
            )
        return mail.template_language

    @admin.display(description=_("last error"))
    def error_shown(self, mail: OutgoingMail) -> str:
        return mail.last_error[:80]

    def save_model(self, request, obj, form, change):
        try:
            services.mail_edit(
                mail=obj,
                by=request.user,
                to=form.cleaned_data["to"],
                subject=form.cleaned_data["subject"],
                body_text=form.cleaned_data["body_text"],
            )
        except TransitionRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def changelist_view(self, request, extra_context=None):
        since = timezone.now() - dt.timedelta(days=30)
        fallbacks = OutgoingMail.objects.filter(language_fallback=True, created_at__gte=since)
        if count := fallbacks.count():
            self.message_user(
                request,
                ngettext(
                    "%(count)d mail of the last 30 days went out in English because no text "
                    "exists in its recipient's language: add one under Mail texts.",
                    "%(count)d mails of the last 30 days went out in English because no text "
                    "exists in their recipient's language: add them under Mail texts.",
                    count,
                )
                % {"count": count},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def _report(self, request: HttpRequest, done: int, asked: int, said: str) -> None:
        # `said` is a whole sentence per action (not a verb put into one): so that
        # French, Spanish and Portuguese can make it agree.
        text = said % {"done": done, "asked": asked}
        if done < asked:
            text += " " + str(_("The others were not ready for it."))
        self.message_user(request, text, messages.SUCCESS if done == asked else messages.WARNING)

    @admin.action(
        description=_("Release the selected held mails (send them now)"), permissions=["change"]
    )
    def release(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        done, asked = services.mail_release(mails=queryset, by=request.user), queryset.count()
        said = ngettext(
            "%(done)d of %(asked)d selected mail released.",
            "%(done)d of %(asked)d selected mails released.",
            asked,
        )
        self._report(request, done, asked, said)

    @admin.action(
        description=_("Retry the selected failed or unconfirmed mails"), permissions=["change"]
    )
    def retry(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        done, asked = services.mail_retry(mails=queryset, by=request.user), queryset.count()
        said = ngettext(
            "%(done)d of %(asked)d selected mail queued again.",
            "%(done)d of %(asked)d selected mails queued again.",
            asked,
        )
        self._report(request, done, asked, said)

    @admin.action(
        description=_("Cancel the selected mails (those not sent)"), permissions=["change"]
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        done, asked = services.mail_cancel(mails=queryset, by=request.user), queryset.count()
        said = ngettext(
            "%(done)d of %(asked)d selected mail cancelled.",
            "%(done)d of %(asked)d selected mails cancelled.",
            asked,
        )
        self._report(request, done, asked, said)

    @admin.action(
        description=_("Mark the selected unconfirmed mails as delivered (you checked)"),
        permissions=["change"],
    )
    def confirm_delivered(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        done, asked = services.mail_confirm(mails=queryset, by=request.user), queryset.count()
        said = ngettext(
            "%(done)d of %(asked)d selected mail marked as delivered.",
            "%(done)d of %(asked)d selected mails marked as delivered.",
            asked,
        )
        self._report(request, done, asked, said)


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["call", "key", "language", "subject", "body"]

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key")
        if key and "subject" in cleaned and "body" in cleaned:
            problems = text_problems(key=key, subject=cleaned["subject"], body=cleaned["body"])
            if problems:
                raise forms.ValidationError(problems)
        return cleaned


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    form = MailTemplateForm
    list_display = ["key", "language", "call", "subject", "updated_at", "updated_by"]
    list_filter = ["key", "language", "call"]
    list_select_related = ["call", "updated_by"]
    readonly_fields = ["placeholders", "updated_at", "updated_by"]
    fields = [
        "call",
        "key",
        "language",
        "placeholders",
        "subject",
        "body",
        "updated_at",
        "updated_by",
    ]

    @admin.display(description=_("placeholders"))
    def placeholders(self, template: MailTemplate | None) -> str:
        kinds = [kind_for(template.key)] if template and template.key else KINDS.values()
        return format_html_join(
            "",
            "<p><strong>{}</strong>: {}</p>",
            (
                (kind.key, ", ".join(f"{{{{ {name} }}}}" for name in kind.placeholders))
                for kind in kinds
            ),
        )

    def get_changeform_initial_data(self, request):
        """?key=submitted&language=fr starts from the shipped text."""
        initial = super().get_changeform_initial_data(request)
        default = default_texts(initial.get("language", "")).get(initial.get("key", ""))
        if default:
            initial.setdefault("subject", default["subject"])
            initial.setdefault("body", default["body"])
        return initial

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "call", "language", "created_at"]
    list_select_related = ["user", "call"]
    raw_id_fields = ["user"]
