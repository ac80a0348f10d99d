"""Late access (applications/late.py): one applicant may send after the close, until a
moment a call administrator chooses, with a reason. The application's own page grants,
moves and revokes it; the call's page lists who has it and grants it to an address
(their draft, or a new one). A refused form is shown again with what was typed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencall.applications import late
from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.workflow import Status
from opencall.calls.texts import moment_in_words
from opencall.staff.access import gated, staff_call
from opencall.staff.forms.late import LateAccessEmailForm, LateAccessForm, RevokeForm
from opencall.staff.timeline import late_text


def _granted_message(application: Application) -> str:
    return _(
        "%(ref)s may send until %(moment)s. The link and the new close are mailed to %(email)s."
    ) % {
        "ref": application.ref,
        "moment": moment_in_words(application.late_until, application.call),
        "email": application.email,
    }


@gated
@require_http_methods(["GET", "POST"])
def application_late_access(request, slug: str, number: int):
    # The call's rule, not the application's: a draft is hidden from staff's pages and
    # rules until it is sent, and late access is for drafts. This page shows none of
    # its answers, only the late access and its history.
    call = staff_call(request, slug, "calls.grant_late_access")
    application = get_object_or_404(
        Application.objects.select_related("call", "call__reference_version"),
        call=call,
        number=number,
    )
    grant_form = LateAccessForm(request.POST if request.POST.get("action") == "grant" else None)
    revoke_form = RevokeForm(request.POST if request.POST.get("action") == "revoke" else None)
    if grant_form.is_bound and grant_form.is_valid():
        try:
            application = late.late_access_grant(
                application=application,
                until=grant_form.until(application.call.tzinfo),
                reason=grant_form.cleaned_data["reason"],
                by=request.user,
            )
        except late.LateAccessRefused as exc:
            grant_form.add_error(None, str(exc))
        else:
            messages.success(request, _granted_message(application))
            return redirect("staff:late_access", slug, number)
    if revoke_form.is_bound and revoke_form.is_valid():
        try:
            late.late_access_revoke(
                application=application, reason=revoke_form.cleaned_data["reason"], by=request.user
            )
        except late.LateAccessRefused as exc:
            revoke_form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The late access has ended: the call is closed for %(ref)s again.")
                % {"ref": application.ref},
            )
            return redirect("staff:late_access", slug, number)
    history = [
        {"event": event, "text": late_text(event, application.call)}
        for event in application.events.filter(kind=ApplicationEvent.Kind.LATE).select_related(
            "user"
        )
    ]
    return render(
        request,
        "staff/late_access.html",
        {
            "call": application.call,
            "application": application,
            "is_draft": application.status == Status.DRAFT,
            "until": moment_in_words(application.late_until, application.call)
            if application.late_until
            else "",
            "grant_form": grant_form,
            "revoke_form": revoke_form,
            "history": history,
        },
    )


@gated
@require_http_methods(["GET", "POST"])
def call_late_access(request, slug: str):
    call = staff_call(request, slug, "calls.grant_late_access")
    languages = list(call.languages) or [settings.LANGUAGE_CODE]
    form = LateAccessEmailForm(request.POST or None, languages=languages)
    if form.is_bound and form.is_valid():
        try:
            application, created = late.late_access_grant_to_email(
                call=call,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                until=form.until(call.tzinfo),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except late.LateAccessRefused as exc:
            form.add_error(None, str(exc))
        else:
            if created:
                messages.success(
                    request,
                    _("A new draft, %(ref)s, is made for this address.") % {"ref": application.ref},
                )
            messages.success(request, _granted_message(application))
            return redirect("staff:late_access_list", slug)
    rows = [
        {"application": a, "until": moment_in_words(a.late_until, call)}
        for a in Application.objects.filter(call=call, late_until__isnull=False)
        .select_related("call")
        .order_by("number")
    ]
    return render(
        request, "staff/late_access_list.html", {"call": call, "form": form, "rows": rows}
    )
