"""The staff's screening pages: the call's list with its filters, one application's
result explained, and the overrides."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencall.accounts.blind import blind_for
from opencall.accounts.queue import hub_choices, hub_labels, queue_countries
from opencall.accounts.selectors import visible_applications
from opencall.screening import selectors, services
from opencall.screening.models import Outcome
from opencall.staff.access import gated, staff_application, staff_call
from opencall.staff.forms.screening import OverrideForm, ScreeningFilterForm


def screening_filter_form(request, call, labels) -> ScreeningFilterForm:
    """The list's filters as the page reads them (its exports read the same)."""
    return ScreeningFilterForm(
        request.GET,
        hubs=hub_choices(labels),
        countries=queue_countries(user=request.user, call=call),
        extra=call.extra_criteria,
    )


@gated
def screening_list(request, slug: str):
    call = staff_call(request, slug, "calls.view_applications")
    labels = hub_labels(call=call)
    form = screening_filter_form(request, call, labels)
    applications = visible_applications(user=request.user, call=call)
    if form.is_valid():
        queryset = selectors.screening_list(applications=applications, **form.filters())
        status = 200
    else:
        queryset, status = applications.none(), 400
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/screening/list.html",
        {
            "call": call,
            "can_assign": request.user.has_perm("calls.assign", call),
            "form": form,
            "page": page,
            "hub_names": labels,
            "query": _query(request),
        },
        status=status,
    )


def _query(request) -> str:
    """The list's filters, without the page number: for its download links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@gated
def screening_detail(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.view")
    screening = selectors.stored_screening(application=application)
    blind = blind_for(user=request.user, application=application)
    return render(
        request,
        "staff/screening/detail.html",
        {
            "application": application,
            "can_assign": request.user.has_perm("calls.assign", application.call),
            "screening": blind.screening(screening) if blind and screening else screening,
            "can_override": request.user.has_perm("applications.override_screening", application),
            "outcomes": Outcome.choices,
            "outcome_labels": dict(Outcome.choices),
            "draft": request.session.pop("override_draft", None),
        },
    )


@gated
@require_POST
def screening_override(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.override_screening")
    form = OverrideForm(request.POST, extra=application.call.extra_criteria)
    criterion = request.POST.get("criterion", "")
    reason = request.POST.get("reason", "")
    try:
        if not form.is_valid():
            raise services.OverrideRefused(
                " ".join(str(error) for errors in form.errors.values() for error in errors)
            )
        data = form.cleaned_data
        if data["result"] == "computed":
            services.screening_override_remove(
                application=application,
                criterion=data["criterion"],
                reason=data["reason"],
                user=request.user,
            )
        else:
            services.screening_override(
                application=application,
                criterion=data["criterion"],
                result=data["result"],
                reason=data["reason"],
                user=request.user,
            )
    except services.OverrideRefused as exc:
        messages.error(request, str(exc))
        # Keep what the reviewer wrote: the form is shown again with it.
        request.session["override_draft"] = {"criterion": criterion, "reason": reason}
    else:
        messages.success(request, _("The screening result is updated."))
    return redirect("staff:screening_detail", slug=slug, number=application.number)
