"""The outcome report for the Working Group: what the call achieved, for one hub or all,
as a page (charts and tables, printable) and the per-event table as CSV or XLSX."""

from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from opencall.accounts.selectors import WHOLE_CALL, call_roles, visible_applications
from opencall.collaborations.outcome import NO_HUB, outcome
from opencall.staff.access import gated, staff_call
from opencall.staff.exports import download
from opencall.staff.exports import outcome as outcome_export

PERMISSION = "calls.view_outcome"


def _report(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    # Hub managers read the figures of the events they may see; the rest see all.
    visible = None
    if not call_roles(user=request.user, call_id=call.pk).roles & WHOLE_CALL:
        visible = visible_applications(user=request.user, call=call).values_list("pk", flat=True)
    hub = request.GET.get("hub", "").strip() or None
    return call, hub, outcome(call=call, hub=hub, visible=visible)


def hub_part(hub: str | None) -> str:
    """The hub in a file's name: its code, or "no-hub" for the events outside every hub."""
    return "no-hub" if hub == NO_HUB else hub or ""


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
            "query": "?" + urlencode({"hub": hub}) if hub else "",
        },
    )


def _file(request, slug: str, format: str):
    call, hub, figures = _report(request, slug)
    table = outcome_export.table(figures, title=str(call.title))
    return download(table, call=call, name="outcome", format=format, parts=[hub_part(hub)])


@require_GET
@gated
def outcome_csv(request, slug: str):
    return _file(request, slug, "csv")


@require_GET
@gated
def outcome_xlsx(request, slug: str):
    return _file(request, slug, "xlsx")
