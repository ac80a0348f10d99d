"""The staff home (their calls) and the reviewer's queue, with bulk moves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from opencall.accounts import selectors as accounts_selectors
from opencall.accounts import services as accounts_services
from opencall.accounts.queue import (
    PAGE_SIZE,
    hub_choices,
    hub_counts,
    hub_labels,
    queue_countries,
    queue_numbers,
    queue_rows,
    reviews_waiting,
    shows_score,
    status_counts,
)
from opencall.applications.document import ApplicationDocument
from opencall.applications.workflow import Role, Status
from opencall.collaborations.selectors import overdue
from opencall.privacy.selectors import erasures_waiting
from opencall.selection.waiting import sign_offs_waiting
from opencall.staff.access import gated, staff_call
from opencall.staff.forms import reviewing
from opencall.staff.refs import short_ref


@login_required
@require_GET
def home(request):
    """Each of the user's calls with what needs them: reviews, sign-offs and (for call
    administrators) erasures waiting,
    overdue deliverables and organiser's commitments of the collaborations,
    the applications they may see by status and hub, and the call's dates."""
    user = request.user
    today = timezone.localdate()
    calls = []
    for call in accounts_selectors.staff_calls(user=user):
        if not accounts_selectors.two_factor_satisfied(user=user, call_id=call.pk):
            calls.append({"call": call, "needs_second_factor": True})
            continue
        calls.append(
            {
                "call": call,
                "reviews": reviews_waiting(user=user, call=call),
                "sign_offs": sign_offs_waiting(user=user, call=call),
                "erasures": (
                    erasures_waiting(call=call).count()
                    if user.has_perm("calls.administer", call)
                    else 0
                ),
                "overdue": overdue(call, today, user=user),
                "statuses": status_counts(user=user, call=call),
                "hubs": hub_counts(user=user, call=call),
                "hub_labels": hub_labels(call=call),
            }
        )
    return render(request, "staff/home.html", {"calls": calls, "today": today})


def _rows(applications, call, is_admin: bool) -> list[dict]:
    offers = dict(call.offers.values_list("code", "label"))
    rows = []
    for application in applications:
        document = ApplicationDocument.model_validate(application.document or {})
        requested = [offer.type for offer in document.offers]
        rows.append(
            {
                "application": application,
                "offers": [offers.get(code, code) for code in requested],
                "show_score": shows_score(application, is_admin=is_admin),
            }
        )
    return rows


def queue_filter_form(request, call, labels) -> reviewing.QueueFilterForm:
    """The queue's filters as the page reads them (its exports read the same)."""
    hubs = hub_choices(labels)
    countries = queue_countries(user=request.user, call=call)
    return reviewing.QueueFilterForm(request.GET or None, hubs=hubs, countries=countries)


@gated
@require_GET
def queue_page(request, slug: str):
    call = staff_call(request, slug, "calls.view_applications")
    labels = hub_labels(call=call)
    form = queue_filter_form(request, call, labels)
    filters = form.filters()
    numbers = queue_numbers(user=request.user, call=call, filters=filters)
    page = Paginator(numbers, PAGE_SIZE).get_page(request.GET.get("page"))
    applications = queue_rows(user=request.user, ids=list(page))
    roles = accounts_selectors.call_roles(user=request.user, call_id=call.pk).roles
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "call": call,
        "form": form,
        "page": page,
        "rows": _rows(applications, call, Role.CALL_ADMIN in roles),
        "hubs": labels,
        "query": query.urlencode(),
        "move_form": reviewing.MoveForm(),
        "can_assign": request.user.has_perm("calls.assign", call),
    }
    template = "staff/includes/queue_table.html" if request.htmx else "staff/queue.html"
    return render(request, template, context)


@gated
@require_POST
def bulk_move(request, slug: str):
    call = staff_call(request, slug, "calls.view_applications")
    numbers = [int(n) for n in request.POST.getlist("selected") if n.isdigit()]
    visible = accounts_selectors.visible_applications(user=request.user, call=call)
    applications = list(visible.filter(number__in=numbers).select_related("call"))
    form = reviewing.BulkMoveForm(request.POST, numbers=[a.number for a in applications])
    if not form.is_valid():
        messages.error(request, _("Select applications and the status to move them to."))
        return redirect("staff:queue", slug=call.slug)
    result = accounts_services.applications_move_bulk(
        user=request.user,
        applications=applications,
        target=Status(form.cleaned_data["target"]),
        reason=form.cleaned_data["reason"],
    )
    if result.moved:
        messages.success(
            request,
            ngettext(
                "%(count)d application moved.", "%(count)d applications moved.", len(result.moved)
            )
            % {"count": len(result.moved)},
        )
    for ref, why in result.refused:
        messages.error(request, f"{short_ref(ref)}: {why}")
    return redirect("staff:queue", slug=call.slug)
