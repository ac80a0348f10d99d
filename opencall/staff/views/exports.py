"""The staff lists as files: each reads what its page reads, for the same reader, with
the same filters and order (the query string the page had), behind the same gate and
permission, and hands the rows to its table (staff/exports/)."""

from __future__ import annotations

import rules
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from opencall.accounts.queue import hub_labels, queue_all_rows, queue_numbers
from opencall.accounts.selectors import call_roles, remember_facts, visible_applications
from opencall.applications.workflow import Role
from opencall.collaborations.outcome import NO_HUB
from opencall.collaborations.selectors import collaborations_of
from opencall.reviews import selectors as reviews
from opencall.reviews.rubric import rubric_for
from opencall.screening import selectors as screening
from opencall.screening.criteria import call_criteria
from opencall.selection.models import ResourcePool
from opencall.selection.selectors import decisions_of
from opencall.staff import exports
from opencall.staff.access import gated, staff_call
from opencall.staff.exports import collaborations as collaborations_table
from opencall.staff.exports import decisions as decisions_table
from opencall.staff.exports import queue as queue_table
from opencall.staff.exports import reviews as reviews_table
from opencall.staff.exports import scenarios as scenarios_table
from opencall.staff.exports import screening as screening_table
from opencall.staff.views.outcome import PERMISSION as OUTCOME
from opencall.staff.views.outcome import hub_part
from opencall.staff.views.queue import queue_filter_form
from opencall.staff.views.screening import screening_filter_form, screening_list
from opencall.staff.views.selection import scenarios_context, with_no_hub

SCORES = "applications.view_scores"


def _language() -> str:
    return get_language() or "en"


def _queue(request, call, labels):
    """Every row of the queue as its page filters and sorts it, for this reader."""
    filters = queue_filter_form(request, call, labels).filters()
    ids = list(queue_numbers(user=request.user, call=call, filters=filters))
    return queue_all_rows(user=request.user, ids=ids)


@require_GET
@gated
def queue_export(request, slug: str, format: str):
    call = staff_call(request, slug, "calls.view_applications")
    labels = hub_labels(call=call)
    table = queue_table.table(
        _queue(request, call, labels),
        hubs=labels,
        offers=dict(call.offers.values_list("code", "label")),
        is_admin=Role.CALL_ADMIN in call_roles(user=request.user, call_id=call.pk).roles,
        language=_language(),
        title=gettext("Applications"),
    )
    return exports.download(table, call=call, name="applications", format=format)


@require_GET
@gated
def reviews_export(request, slug: str, format: str):
    call = staff_call(request, slug, "calls.view_applications")
    labels = hub_labels(call=call)
    rows = _queue(request, call, labels)
    user = request.user
    remember_facts(user=user, applications=rows)
    # The rulebook asked directly, as selection/visibility.py does: `user.has_perm`
    # would also ask every authentication backend, for each row.
    allowed = {row.pk for row in rows if rules.has_perm(SCORES, user, row)}
    criteria = list(rubric_for(call=call))
    ids = [row.pk for row in rows]
    table = reviews_table.table(
        rows,
        criteria=criteria,
        teams=reviews.team_views(application_ids=sorted(allowed), criteria=criteria),
        allowed=allowed,
        own=reviews.own_reviews(application_ids=ids, reviewer=user),
        reviewers=reviews.reviewers_of(application_ids=ids),
        hubs=labels,
        language=_language(),
        title=gettext("Reviews"),
    )
    return exports.download(table, call=call, name="reviews", format=format)


@require_GET
@gated
def screening_export(request, slug: str, format: str):
    call = staff_call(request, slug, "calls.view_applications")
    labels = hub_labels(call=call)
    form = screening_filter_form(request, call, labels)
    if not form.is_valid():
        # The list itself, with its filters' errors named (400): no file of other rows.
        return screening_list(request, slug)
    applications = screening.screening_list(
        applications=visible_applications(user=request.user, call=call), **form.filters()
    ).prefetch_related("screening__outcomes", "screening_overrides")
    table = screening_table.table(
        applications,
        criteria=call_criteria(call.extra_criteria),
        hubs=labels,
        language=_language(),
        title=gettext("Screening"),
    )
    return exports.download(table, call=call, name="screening", format=format)


@require_GET
@gated
def scenarios_export(request, slug: str, format: str):
    call = staff_call(request, slug, "calls.select")
    pools = {pool.code: pool for pool in ResourcePool.objects.filter(call=call)}
    hubs = {code: label.full for code, label in hub_labels(call=call).items()}
    # The full references (a file leaves the call's pages), and only what this reader
    # may see of each portfolio (selection/visibility.py), as on the page.
    context = scenarios_context(request, call, pools, hubs, ref_text=None)
    table = scenarios_table.table(
        context["comparison"],
        rows=context["rows"],
        pool_rows=context["pool_rows"],
        hub_names=with_no_hub(hubs),
        event_names=context["event_names"],
        offer_labels=context["offer_labels"],
        title=gettext("Scenarios"),
    )
    return exports.download(table, call=call, name="scenarios", format=format)


@require_GET
@gated
def decisions_export(request, slug: str, format: str):
    call = staff_call(request, slug, "calls.select")
    table = decisions_table.table(
        decisions_of(applications=visible_applications(user=request.user, call=call)),
        pools=list(ResourcePool.objects.filter(call=call)),
        offers=dict(call.offers.values_list("code", "label")),
        hubs=hub_labels(call=call),
        language=_language(),
        title=gettext("Decisions"),
    )
    return exports.download(table, call=call, name="decisions", format=format)


@require_GET
@gated
def collaborations_export(request, slug: str, format: str):
    call = staff_call(request, slug, OUTCOME)
    applications = visible_applications(user=request.user, call=call)
    # The outcome page's filter: one hub, or the events outside every hub.
    hub = request.GET.get("hub", "").strip()
    if hub:
        applications = applications.filter(hub_code="" if hub == NO_HUB else hub)
    table = collaborations_table.table(
        collaborations_of(applications=applications),
        pools=list(ResourcePool.objects.filter(call=call)),
        hubs=hub_labels(call=call),
        language=_language(),
        title=gettext("Collaborations"),
    )
    return exports.download(
        table, call=call, name="collaborations", format=format, parts=[hub_part(hub)]
    )
