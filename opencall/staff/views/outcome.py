"""The outcome report for the Working Group: what the call achieved, for one hub or all,
as a page (charts and tables, printable) and the per-event table as CSV or XLSX."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opencall.accounts.selectors import WHOLE_CALL, call_roles, visible_applications
from opencall.collaborations.outcome import outcome
from opencall.staff import outcome_export
from opencall.staff.access import gated, staff_call

PERMISSION = "calls.view_outcome"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    # Hub managers read the figures of the events they may see; the rest see all.
    visible = None
    if not call_roles(user=request.user, call_id=call.pk).roles & WHOLE_CALL:
        visible = visible_applications(user=request.user, call=call).values_list("pk", flat=True)
    hub = request.GET.get("hub", "").strip() or None
    return call, hub, outcome(call=call, hub=hub, visible=visible)


def _name(call, hub: str | None, suffix: str) -> str:
    return f"{call.slug}-outcome{'-' + hub if hub else ''}.{suffix}"


@require_GET
@gated
def outcome_page(request, slug: str):
    call, hub, figures = _report(request, slug)
    return render(
        request,
        "staff/outcome.html",
        {
            "call": call,
            "can_assign": request.user.has_perm("calls.assign", call),
            "outcome": figures,
            "hub": hub or "",
            "most_by_hub": max((c.count for c in figures.by_hub), default=0),
            "most_by_country": max((c.count for c in figures.by_country), default=0),
            "most_by_scope": max((c.count for c in figures.by_scope), default=0),
            "query": f"?hub={hub}" if hub else "",
        },
    )


@require_GET
@gated
def outcome_csv(request, slug: str):
    call, hub, figures = _report(request, slug)
    response = HttpResponse(outcome_export.as_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_name(call, hub, "csv")}"'
    return response


@require_GET
@gated
def outcome_xlsx(request, slug: str):
    call, hub, figures = _report(request, slug)
    response = HttpResponse(
        outcome_export.as_xlsx(figures, title=str(call.title)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{_name(call, hub, "xlsx")}"'
    return response
