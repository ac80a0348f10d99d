"""Mail to a group: write one message to a group of the call's people, read it as one
of them will, send it through the outbox; and the list of those written. The rules,
the rendering and the resend window are the mail app's (opencall/mail/groups.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencall.mail import groups
from opencall.mail.enums import GroupAudience
from opencall.mail.models import GroupMessage
from opencall.staff.access import gated, staff_call
from opencall.staff.forms.group_mail import GroupMessageForm, initial_for

PERMISSION = "calls.mail_group"


def _audience_choices(call, audiences) -> list[tuple[str, str]]:
    counts = groups.audience_counts(call=call, audiences=audiences)
    return [
        (
            audience.value,
            ngettext(
                "%(group)s (%(count)s person now)",
                "%(group)s (%(count)s people now)",
                counts[audience],
            )
            % {"group": audience.label, "count": counts[audience]},
        )
        for audience in audiences
    ]


def _placeholders() -> list[tuple[str, list[str]]]:
    return [
        (_("To applicants"), list(groups.allowed_placeholders(GroupAudience.SHORTLIST))),
        (_("To reviewers"), list(groups.allowed_placeholders(GroupAudience.REVIEWERS_PENDING))),
    ]


def _message(call, pk: int) -> GroupMessage:
    return get_object_or_404(GroupMessage.objects.select_related("call"), call=call, pk=pk)


@gated
@require_GET
def group_mail_list(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    sent = GroupMessage.objects.filter(call=call).select_related("written_by", "sent_by")
    first = call.languages[0] if call.languages else settings.LANGUAGE_CODE
    rows = [
        {
            "message": message,
            "subject": (message.texts.get(first) or next(iter(message.texts.values()), {})).get(
                "subject", ""
            ),
            "languages": [dict(settings.LANGUAGES).get(lang, lang) for lang in message.texts],
        }
        for message in sent
    ]
    return render(
        request,
        "staff/group_mail/list.html",
        {"call": call, "rows": rows, "window": int(groups.window().total_seconds() // 3600)},
    )


@gated
@require_http_methods(["GET", "POST"])
def group_mail_compose(request, slug: str, pk: int | None = None):
    call = staff_call(request, slug, PERMISSION)
    message = _message(call, pk) if pk is not None else None
    if message is not None and message.sent_at is not None:
        messages.error(request, _("This message is sent already: write a new one."))
        return redirect("staff:group_mail_preview", call.slug, message.pk)
    audiences = groups.audiences_for(request.user, call)
    form = GroupMessageForm(
        request.POST or None,
        initial=initial_for(message) if message else None,
        languages=call.languages,
        audiences=_audience_choices(call, audiences),
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = groups.group_message_save(
                call=call,
                audience=form.cleaned_data["audience"],
                texts=form.texts(),
                by=request.user,
                message=message,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved. Read it as one of them will, then send it."))
            return redirect("staff:group_mail_preview", call.slug, message.pk)
    # Without JavaScript every language is a section that opens: the first, and any
    # with text or an error, open already.
    open_languages = {call.languages[0]} if call.languages else set()
    for version in form.versions():
        fields = (version["subject"], version["body"])
        if any(field.value() or field.errors for field in fields):
            open_languages.add(version["language"])
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "staff/group_mail/compose.html",
        {
            "call": call,
            "form": form,
            "message": message,
            "open_languages": open_languages,
            "first_language": names.get(call.languages[0], "") if call.languages else "",
            "placeholders": _placeholders(),
        },
    )


@gated
@require_GET
def group_mail_preview(request, slug: str, pk: int):
    call = staff_call(request, slug, PERMISSION)
    message = _message(call, pk)
    recipients = groups.group_audience(call=call, audience=message.audience)
    chosen = request.GET.get("recipient", "")
    recipient = next((r for r in recipients if r.key == chosen), None)
    if recipient is None and recipients:
        recipient = recipients[0]
    preview = groups.group_preview(message=message, recipient=recipient) if recipient else None
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "staff/group_mail/preview.html",
        {
            "call": call,
            "message": message,
            "recipients": recipients,
            "recipient": recipient,
            "preview": preview,
            "recipient_language": names.get(recipient.language, recipient.language)
            if recipient
            else "",
            "version_language": names.get(preview.template_language, preview.template_language)
            if preview
            else "",
            "languages": [names.get(lang, lang) for lang in message.texts],
            "may_send": groups.may_mail(request.user, call, message.audience),
            "window": int(groups.window().total_seconds() // 3600),
        },
    )


@gated
@require_POST
def group_mail_send(request, slug: str, pk: int):
    call = staff_call(request, slug, PERMISSION)
    message = _message(call, pk)
    result = groups.group_send(message=message, by=request.user)
    hours = int(groups.window().total_seconds() // 3600)
    if result.queued:
        messages.success(
            request,
            ngettext(
                "%(count)s mail is on its way.",
                "%(count)s mails are on their way.",
                result.queued,
            )
            % {"count": result.queued},
        )
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s person was left out: they got this same message in the last "
                "%(hours)s hours.",
                "%(count)s people were left out: they got this same message in the last "
                "%(hours)s hours.",
                result.skipped,
            )
            % {"count": result.skipped, "hours": hours},
        )
    if not result.queued and not result.skipped:
        messages.warning(request, _("Nobody is in this group now: no mail was sent."))
    return redirect("staff:group_mail", call.slug)
