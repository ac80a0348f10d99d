"""The selection page, scenarios, decisions and their release."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opencall.accounts.queue import hub_labels
from opencall.accounts.selectors import visible_applications
from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.selection import selectors, services
from opencall.selection.comparison import compare, pools_side_by_side, side_by_side
from opencall.selection.models import Decision, ResourcePool, Scenario, SignOff
from opencall.selection.tasks import scenario_run_again
from opencall.selection.visibility import visibility_for
from opencall.selection.waitlist import waitlist_fits
from opencall.staff.access import gated, staff_application, staff_call
from opencall.staff.forms.selection import CostForm, DecisionForm, ScenarioForm
from opencall.staff.refs import short_ref

SHOWN_SCENARIOS = 4


def _call_for(request, slug: str, permission: str) -> Call:
    return staff_call(request, slug, permission)


@gated
def selection_page(request, slug: str):
    call = _call_for(request, slug, "calls.select")
    visible = set(visible_applications(user=request.user, call=call).values_list("pk", flat=True))
    candidates = [c for c in selectors.candidates(call=call) if c.application.pk in visible]
    params = selectors.default_params(call=call)
    refs = [c.application.ref for c in candidates if c.decision is None or not c.decision.final_at]
    pools = list(ResourcePool.objects.filter(call=call))
    by_code = {pool.code: pool for pool in pools}
    labels = hub_labels(call=call)
    hubs = {code: label.short for code, label in labels.items()}
    form = ScenarioForm(
        request.POST or None,
        params=params,
        refs=refs,
        labels={pool.code: pool.label for pool in pools},
        hubs=hubs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.scenario_create(
                call=call, name=form.cleaned_data["name"], params=form.params(), user=request.user
            )
        except services.SelectionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Scenario “%(name)s” is running.") % {"name": scenario.name}
            )
            return redirect("staff:selection", slug=call.slug)
    use = selectors.pool_use(call=call)
    return render(
        request,
        "staff/selection/page.html",
        {
            "call": call,
            "can_assign": request.user.has_perm("calls.assign", call),
            "candidates": candidates,
            "form": form,
            # Committed by final decisions, recorded as spent, and what counts against
            # the capacity (committed, or spent where more; once a collaboration closes,
            # only what it spent).
            "pools": [
                (pool, pool_use, pool.capacity - pool_use.in_use)
                for pool in pools
                for pool_use in [use.get(pool.code, selectors.PoolUse())]
            ],
            "pools_by_code": by_code,
            "hub_names": with_no_hub(hubs),
            "hubs": labels,
            # After an offer is declined or expires: which waitlisted events now fit.
            "waiting": waitlist_fits(call=call, candidates=candidates),
            **scenarios_context(request, call, by_code, hubs),
            "can_release": request.user.has_perm("calls.release_decisions", call),
            "releasable": Decision.objects.filter(
                application__call=call, final_at__isnull=False, released_at__isnull=True
            ).count(),
        },
    )


@gated
def scenarios_part(request, slug: str):
    """The scenarios side by side: what the page polls while one is running (htmx)."""
    call = _call_for(request, slug, "calls.select")
    pools = {p.code: p for p in ResourcePool.objects.filter(call=call)}
    hubs = {code: label.short for code, label in hub_labels(call=call).items()}
    return render(
        request,
        "staff/selection/scenarios.html",
        {
            "call": call,
            "hub_names": with_no_hub(hubs),
            **scenarios_context(request, call, pools, hubs),
        },
    )


def with_no_hub(hubs: dict[str, str]) -> dict[str, str]:
    # The scenarios count events outside every hub region under "—".
    return hubs | {"—": _("No hub region")}


def scenarios_context(
    request, call: Call, pools: dict[str, ResourcePool], hubs: dict[str, str], ref_text=short_ref
) -> dict:
    """The latest scenarios side by side, as far as this reader may see them; amounts
    are keyed by their pool, so the page writes each with its unit. `ref_text` writes
    an application's reference (the page's short one; None: the full one, for a file)."""
    scenarios = list(
        Scenario.objects.filter(call=call).select_related("created_by", "stopped_by")[
            :SHOWN_SCENARIOS
        ]
    )
    visibility = visibility_for(user=request.user, call=call)
    comparison = compare(scenarios, pools, visibility, hubs=hubs, ref_text=ref_text)
    visible = visible_applications(user=request.user, call=call).select_related("call")
    return {
        "comparison": comparison,
        "rows": side_by_side(comparison),
        "pool_rows": pools_side_by_side(comparison),
        "others_shown": any(c.optimal and c.optimal.others for c in comparison),
        "event_names": {a.ref: a.event_name for a in visible.only("number", "event_name", "call")},
        "offer_labels": dict(call.offers.values_list("code", "label")),
        "running": any(
            s.state in (Scenario.State.QUEUED, Scenario.State.RUNNING) for s in scenarios
        ),
        # Running with a selection found already: it may be stopped and kept.
        "stoppable": {
            s.pk
            for s in scenarios
            if s.state == Scenario.State.RUNNING
            and s.result
            and request.user.has_perm("selection.stop_scenario", s)
        },
    }


@gated
@require_POST
def scenario_again(request, slug: str, pk: int):
    """Run a failed scenario again with the settings it had (its worker stopped, say)."""
    call = _call_for(request, slug, "calls.select")
    scenario = get_object_or_404(Scenario, pk=pk, call=call)
    if scenario_run_again(scenario=scenario):
        messages.success(request, _("Scenario “%(name)s” is running.") % {"name": scenario.name})
    else:
        messages.info(
            request,
            _("Scenario “%(name)s” has not failed: there is nothing to run again.")
            % {"name": scenario.name},
        )
    return redirect("staff:selection", slug=call.slug)


@gated
@require_POST
def scenario_stop(request, slug: str, pk: int):
    """Stop a running scenario and keep the best selection it has found so far."""
    call = _call_for(request, slug, "calls.select")
    scenario = get_object_or_404(Scenario, pk=pk, call=call)
    if not request.user.has_perm("selection.stop_scenario", scenario):
        raise PermissionDenied
    try:
        services.scenario_stop_and_keep(scenario=scenario, user=request.user)
    except services.SelectionRefused as exc:
        messages.info(request, str(exc))
    else:
        messages.success(
            request,
            _("Scenario “%(name)s” is stopped; its best selection so far is kept.")
            % {"name": scenario.name},
        )
    return redirect("staff:selection", slug=call.slug)


def _decision_context(request, application: Application, form=None) -> dict:
    candidate = selectors.candidate_of(application=application)
    decision = getattr(application, "decision", None)
    offers = [(o.code, o.label) for o in candidate.offers] if candidate else []
    if form is None:
        initial = (
            {
                "outcome": decision.outcome,
                "offers": decision.offers,
                "reason": decision.reason,
                "internal_note": decision.internal_note,
            }
            if decision
            else {}
        )
        form = DecisionForm(offers=offers, initial=initial)
    user = request.user
    pools = list(ResourcePool.objects.filter(call=application.call))
    sign_offs = list(decision.sign_offs.select_related("user")) if decision else []
    can_sign = {
        SignOff.As.WORKING_GROUP: user.has_perm("applications.sign_off_working_group", application),
        SignOff.As.HUB_MANAGER: user.has_perm("applications.sign_off_hub", application),
    }
    given = {sign_off.role for sign_off in sign_offs}
    needed = services.required_sign_offs(application)
    return {
        "application": application,
        "can_assign": user.has_perm("calls.assign", application.call),
        "hubs": hub_labels(call=application.call),
        "offer_labels": dict(application.call.offers.values_list("code", "label")),
        "candidate": candidate,
        "decision": decision,
        "form": form,
        "pools": pools,
        "pools_by_code": {pool.code: pool for pool in pools},
        "sign_offs": sign_offs,
        "my_sign_offs": [sign_off for sign_off in sign_offs if sign_off.user_id == user.pk],
        "needed": needed,
        # What this reader may still give: a sign-off given already is not offered again.
        "to_sign": [
            role
            for role in (SignOff.As.WORKING_GROUP, SignOff.As.HUB_MANAGER)
            if role in needed and role not in given and can_sign[role]
        ],
        "can_decide": user.has_perm("applications.decide", application),
        "can_set_costs": user.has_perm("applications.set_costs", application),
        "can_sign": can_sign,
    }


@gated
def decision_page(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.view")
    form = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            form = _act(request, application, action)
        except services.SelectionRefused as exc:
            messages.error(request, str(exc))
        if form is None:
            return redirect("staff:decision", slug=slug, number=number)
    application = Application.objects.select_related("call").get(pk=application.pk)
    return render(
        request, "staff/selection/decision.html", _decision_context(request, application, form)
    )


def _act(request, application: Application, action: str):
    """Run one posted action; returns a form to show again when its input was wrong."""
    user = request.user
    if action == "propose":
        if not user.has_perm("applications.decide", application):
            raise PermissionDenied
        context = _decision_context(request, application)
        offers = context["form"].fields["offers"].choices
        form = DecisionForm(request.POST, offers=offers)
        if not form.is_valid():
            return form
        services.decision_propose(
            application=application,
            outcome=form.cleaned_data["outcome"],
            offers=form.cleaned_data["offers"],
            reason=form.cleaned_data["reason"],
            internal_note=form.cleaned_data["internal_note"],
            user=user,
        )
        messages.success(request, _("The decision is proposed; it now needs its sign-offs."))
    elif action in ("sign_off_working_group", "sign_off_hub"):
        if not user.has_perm(f"applications.{action}", application):
            raise PermissionDenied
        role = (
            SignOff.As.WORKING_GROUP
            if action == "sign_off_working_group"
            else SignOff.As.HUB_MANAGER
        )
        decision = get_object_or_404(Decision, application=application)
        decision = services.decision_sign_off(decision=decision, role=role, user=user)
        messages.success(
            request,
            _("Signed off.") + (" " + _("The decision is final.") if decision.final_at else ""),
        )
    elif action == "cost":
        if not user.has_perm("applications.set_costs", application):
            raise PermissionDenied
        pools = {pool.code: pool for pool in ResourcePool.objects.filter(call=application.call)}
        offers = list(application.call.offers.values_list("code", flat=True))
        form = CostForm(request.POST, offers=offers, pools=list(pools))
        if not form.is_valid():
            messages.error(request, form.problems())
            return None
        pool = pools[form.cleaned_data["pool"]]
        services.cost_estimate_set(
            application=application,
            offer_code=form.cleaned_data["offer"],
            pool=pool,
            amount=form.cleaned_data["amount"],
            agreed=form.cleaned_data["agreed"],
            note=form.cleaned_data["note"],
            user=user,
        )
        messages.success(request, _("The cost is saved."))
    else:
        messages.error(request, _("Unknown action."))
    return None


@gated
@require_POST
def release(request, slug: str):
    call = _call_for(request, slug, "calls.release_decisions")
    count = services.decisions_release(call=call, user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s decision released: the applicant is told.",
            "%(count)s decisions released: the applicants are told.",
            count,
        )
        % {"count": count},
    )
    return redirect("staff:selection", slug=call.slug)
