"""Writes of the selection: cost estimates, scenarios, decisions, sign-offs, release."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.admin.models import CHANGE
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.accounts.services import audit
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import application_transition, record
from opencall.applications.workflow import Role, Status
from opencall.calls.models import Call
from opencall.core.events import send_on_commit
from opencall.selection import selectors, signals
from opencall.selection.models import (
    Commitment,
    CostEstimate,
    Decision,
    ResourcePool,
    Scenario,
    SignOff,
    Spend,
)
from opencall.selection.texts import Text, as_data, say

if TYPE_CHECKING:
    from opencall.selection.instance import Instance
    from opencall.selection.optimiser import Selection


class SelectionRefused(Exception):
    """A selection action that cannot be done; the message says why."""


@transaction.atomic
def cost_estimate_set(
    *,
    application: Application,
    offer_code: str,
    pool: ResourcePool,
    amount: Decimal,
    agreed: bool,
    note: str,
    user: AbstractBaseUser,
) -> CostEstimate:
    if amount < 0:
        raise SelectionRefused(_("A cost cannot be negative."))
    if pool.call_id != application.call_id:
        raise SelectionRefused(_("This pool belongs to another call."))
    previous = CostEstimate.objects.filter(
        application=application, offer_code=offer_code, pool=pool
    ).first()
    estimate, _created = CostEstimate.objects.update_or_create(
        application=application,
        offer_code=offer_code,
        pool=pool,
        defaults={"amount": amount, "agreed": agreed, "note": note, "updated_by": user},
    )
    record(
        application,
        ApplicationEvent.Kind.COST,
        actor=Actor.STAFF,
        user=user,
        old=f"{offer_code} {pool.code}: {previous.amount}" if previous else "",
        new=f"{offer_code} {pool.code}: {amount}",
        reason=note,
        # The timeline words it in the reader's language from these (staff.timeline).
        data={
            "cost": True,
            "offer": offer_code,
            "pool": pool.code,
            "before": str(previous.amount) if previous else None,
            "amount": str(amount),
            "agreed": agreed,
        },
    )
    return estimate


# -- scenarios -------------------------------------------------------------------


def _json(selection: Selection) -> dict[str, Any]:
    # Sentences are stored as code + params, so each reader sees them in their language.
    return json.loads(json.dumps(as_data(dataclasses.asdict(selection)), default=float))


def _uses(instance: Instance, selection: Selection) -> dict[str, dict[str, float]]:
    """What each selected application's grants take from each pool, so that a reader
    who may not see some applications can still be told what they take together."""
    costs = {
        app.ref: {offer.type: offer.cost for offer in app.offers} for app in instance.applications
    }
    uses: dict[str, dict[str, float]] = {}
    for grant in selection.selected:
        taken = uses.setdefault(grant.ref, {})
        for offer in grant.offers:
            for pool, amount in costs[grant.ref].get(offer, {}).items():
                taken[pool] = taken.get(pool, 0.0) + amount
    return uses


def check_params(*, call: Call, params: dict[str, Any]) -> list[str]:
    """What is wrong with a scenario's settings, one sentence each (empty: fine)."""
    problems = []
    known = set(ResourcePool.objects.filter(call=call).values_list("code", flat=True))
    for code, capacity in params.get("pools", {}).items():
        if code not in known:
            problems.append(_("Unknown pool “%(code)s”.") % {"code": code})
        elif capacity is None or capacity < 0:
            problems.append(
                _("The pool “%(code)s” needs a capacity of zero or more.") % {"code": code}
            )
    max_events = params.get("max_events")
    if max_events is not None and max_events < 0:
        problems.append(_("The most events supported cannot be negative."))
    for hub, bound in params.get("hubs", {}).items():
        low, high = bound.get("min") or 0, bound.get("max")
        if high is not None and high < low:
            problems.append(_("For hub “%(hub)s”, “at most” is below “at least”.") % {"hub": hub})
    for ref, lock in params.get("locks", {}).items():
        if lock not in ("in", "out"):
            problems.append(_("The lock of %(ref)s must be in or out.") % {"ref": ref})
    return problems


@transaction.atomic
def scenario_create(
    *, call: Call, name: str, params: dict[str, Any], user: AbstractBaseUser
) -> Scenario:
    """Save a what-if and run it in the background (the page shows its progress)."""
    from opencall.selection.tasks import run_scenario

    if problems := check_params(call=call, params=params):
        raise SelectionRefused(" ".join(problems))
    if stale := [c.problem for c in selectors.candidates(call=call) if c.problem]:
        raise SelectionRefused(say(selectors.ScreeningOutOfDate(stale).text, _))
    scenario = Scenario.objects.create(
        call=call, name=name.strip() or _("Scenario"), params=params, created_by=user
    )
    transaction.on_commit(lambda: run_scenario.enqueue(scenario.pk))
    return scenario


def scenario_run(*, scenario: Scenario) -> Scenario:
    """Run the by-hand baseline, then the optimiser: its first answer at once and each
    better one as it comes (the page shows them, with the proven gap), until it is
    proven optimal, reaches its time limit, or a person stops it and keeps the best."""
    # Here, not at the top: the solvers bring NumPy and HiGHS, start-up time that
    # every process importing this module (each management command, each web worker)
    # would pay without ever running a scenario.
    from opencall.selection.first_answer import improve
    from opencall.selection.greedy import greedy

    if not Scenario.objects.filter(pk=scenario.pk, stopped_at__isnull=True).update(
        state=Scenario.State.RUNNING
    ):
        scenario.refresh_from_db()
        return scenario  # stopped and kept already: a repeated task leaves it alone
    running = Scenario.objects.filter(pk=scenario.pk, state=Scenario.State.RUNNING)
    try:
        candidates = selectors.candidates(call=scenario.call)
        instance = selectors.build_instance(
            call=scenario.call, candidates=candidates, params=scenario.params
        )
        hubs = {c.application.ref: c.application.hub_code for c in candidates}
        by_hand = greedy(instance)
        scenario.greedy = {**_json(by_hand), "hubs": hubs, "uses": _uses(instance, by_hand)}
        running.update(greedy=scenario.greedy)

        def shown(selection: Selection) -> dict[str, Any]:
            return {**_json(selection), "hubs": hubs, "uses": _uses(instance, selection)}

        best = improve(
            instance,
            on_better=lambda better: running.update(result=shown(better)),
            stop=lambda: not running.filter(stopped_at__isnull=True).exists(),
        )
        done = {"result": shown(best), "state": Scenario.State.DONE, "error": ""}
    except Exception as exc:  # shown to staff on the page; the worker goes on
        done = {"state": Scenario.State.FAILED, "error": f"{type(exc).__name__}: {exc}"}
    # A person who stopped it and kept the best so far has the last word.
    running.filter(stopped_at__isnull=True).update(**done, finished_at=timezone.now())
    scenario.refresh_from_db()
    return scenario


@transaction.atomic
def scenario_stop_and_keep(*, scenario: Scenario, user: AbstractBaseUser) -> Scenario:
    """Stop a running scenario and keep the best selection it has found so far, with
    its proven gap. The worker notices between its rounds and writes nothing more."""
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if locked.state != Scenario.State.RUNNING or not locked.result:
        raise SelectionRefused(
            _(
                "Scenario “%(name)s” has no selection to keep: it is not running, "
                "or has not found one yet."
            )
            % {"name": locked.name}
        )
    gap = locked.result.get("gap")
    kept = Text("result.stopped", gap="?" if gap is None else f"{gap:.3%}")
    before = locked.result.get("status")
    locked.result = {**locked.result, "status": "stopped", "message": as_data(kept)}
    locked.state = Scenario.State.DONE
    locked.stopped_by = user  # type: ignore[assignment]
    locked.stopped_at = locked.finished_at = timezone.now()
    locked.save()
    audit(
        [locked],
        by=user,
        flag=CHANGE,
        message=f"stopped and kept: {before} -> stopped, value {locked.result.get('value')}, "
        f"gap {gap}",
    )
    return locked


# -- decisions -------------------------------------------------------------------

DECIDABLE = (Status.SHORTLISTED, Status.WAITLISTED)


def required_sign_offs(application: Application) -> set[str]:
    """The Working Group always; the hub's community manager where a hub applies."""
    needed = {SignOff.As.WORKING_GROUP.value}
    if application.hub_code:
        needed.add(SignOff.As.HUB_MANAGER.value)
    return needed


@transaction.atomic
def decision_propose(
    *,
    application: Application,
    outcome: str,
    offers: list[str],
    reason: str,
    user: AbstractBaseUser,
    internal_note: str = "",
) -> Decision:
    """Propose (or change) a decision; every sign-off given before is withdrawn.
    `reason` is for the applicant (their mail quotes it); `internal_note` stays with
    the team."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in DECIDABLE:
        raise SelectionRefused(_("Only shortlisted or waitlisted applications can be decided."))
    if outcome not in Decision.Outcome.values:
        raise SelectionRefused(_("Choose accepted, waitlisted or declined."))
    if not reason.strip():
        raise SelectionRefused(_("Write the reason for the decision."))
    document = ApplicationDocument.model_validate(locked.document)
    requested = {offer.type for offer in document.offers}
    if outcome == Decision.Outcome.ACCEPTED and not offers:
        raise SelectionRefused(_("An accepted application is granted at least one offer."))
    if unknown := set(offers) - requested:
        raise SelectionRefused(
            _("Not requested by this application: %(offers)s.")
            % {"offers": ", ".join(sorted(unknown))}
        )
    granted = sorted(offers) if outcome == Decision.Outcome.ACCEPTED else []
    previous = Decision.objects.filter(application=locked).first()
    # A final decision stands, except a waitlist: a place may free up later.
    reopening = previous and previous.final_at and locked.status == Status.WAITLISTED
    if previous and previous.final_at and not reopening:
        raise SelectionRefused(_("This decision is final: it has every sign-off."))
    decision, _created = Decision.objects.update_or_create(
        application=locked,
        defaults={
            "outcome": outcome,
            "offers": granted,
            "reason": reason.strip(),
            "internal_note": internal_note.strip(),
            "proposed_by": user,
            "final_at": None,
            "released_at": None,
        },
    )
    decision.sign_offs.all().delete()
    record(
        locked,
        ApplicationEvent.Kind.DECISION,
        actor=Actor.STAFF,
        user=user,
        old=previous.outcome if previous else "",
        new=outcome + (f": {', '.join(granted)}" if granted else ""),
        reason=reason.strip(),
        data={"outcome": outcome, "offers": granted, "internal_note": internal_note.strip()},
    )
    return decision


def _commitments(decision: Decision) -> dict[int, Decimal]:
    """Pool id -> amount the decision's granted offers take."""
    if decision.outcome != Decision.Outcome.ACCEPTED:
        return {}
    application = decision.application
    candidate = selectors.candidate_of(application=application)
    if candidate is None:
        return {}
    pools = {pool.code: pool.pk for pool in ResourcePool.objects.filter(call=application.call)}
    totals: dict[int, Decimal] = {}
    for offer in candidate.offers:
        if offer.code in decision.offers:
            for code, amount in offer.cost.items():
                totals[pools[code]] = totals.get(pools[code], Decimal(0)) + Decimal(amount)
    return totals


def _locked_pools(call_id: int) -> list[ResourcePool]:
    """The call's pools, locked in one order: decisions and spending that change what is
    in use are checked one after the other, never side by side."""
    return list(ResourcePool.objects.select_for_update().filter(call_id=call_id).order_by("pk"))


def _commit(decision: Decision) -> None:
    """Take the decision's resources, refusing to overspend any pool. The pools' rows
    are locked first, so two decisions signed at once are checked one after the other."""
    wanted = _commitments(decision)
    pools = _locked_pools(decision.application.call_id)
    taken = selectors.committed(call=decision.application.call)
    for pool in pools:
        amount = wanted.get(pool.pk, Decimal(0))
        left = pool.capacity - taken.get(pool.code, Decimal(0))
        if amount > left:
            raise SelectionRefused(
                _("Not enough left in “%(pool)s”: %(left)s left, this decision needs %(amount)s.")
                % {"pool": pool.label, "left": left, "amount": amount}
            )
    Commitment.objects.bulk_create(
        Commitment(decision=decision, pool_id=pool_id, amount=amount)
        for pool_id, amount in wanted.items()
        if amount
    )


@transaction.atomic
def decision_sign_off(*, decision: Decision, role: str, user: AbstractBaseUser) -> Decision:
    """One required sign-off. With the last one the decision is final: it takes its
    resources and moves the application to accepted, waitlisted or declined."""
    locked = Decision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    application = locked.application
    if locked.final_at:
        raise SelectionRefused(_("This decision is already final."))
    needed = required_sign_offs(application)
    if role not in needed:
        raise SelectionRefused(_("This decision does not need that sign-off."))
    if locked.sign_offs.filter(role=role).exists():
        raise SelectionRefused(_("This sign-off was given already."))
    SignOff.objects.create(decision=locked, role=role, user=user)
    record(
        application,
        ApplicationEvent.Kind.DECISION,
        actor=Actor.STAFF,
        user=user,
        new=role,
        data={"sign_off": role},
    )
    if set(locked.sign_offs.values_list("role", flat=True)) >= needed:
        _commit(locked)
        locked.final_at = timezone.now()
        locked.save(update_fields=["final_at"])
        application_transition(
            application=application,
            target=Status(locked.outcome),
            role=Role.SYSTEM,
            user=user,
            reason=locked.reason,
        )
        send_on_commit(signals.decision_final, Decision, application=application, decision=locked)
    return locked


def answer_due_after(*, decision: Decision, released_at: dt.datetime) -> dt.datetime:
    """The end of the day, in the call's time zone, `confirm_days` after the release."""
    call = decision.application.call
    days = selectors.settings_of(call=call).confirm_days
    local = (released_at + dt.timedelta(days=days)).astimezone(call.tzinfo)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


@transaction.atomic
def decisions_release(*, call: Call, user: AbstractBaseUser) -> int:
    """The call administrator releases every final decision: the decision mails staff
    reviewed go out together, and applications move to notified. A waitlisted one stays
    on the waiting list (told so), to be decided again if a place frees up. An accepted
    one becomes an offer the applicant confirms or declines by the deadline (offers.py)."""
    decisions = list(
        Decision.objects.select_for_update()
        .filter(application__call=call, final_at__isnull=False, released_at__isnull=True)
        .select_related("application")
    )
    now = timezone.now()
    for decision in decisions:
        if decision.outcome != Decision.Outcome.WAITLISTED:
            application_transition(
                application=decision.application,
                target=Status.NOTIFIED,
                role=Role.CALL_ADMIN,
                user=user,
            )
        decision.released_at = now
        if decision.outcome == Decision.Outcome.ACCEPTED:
            # An offer: the applicant confirms or declines it by the call's deadline.
            decision.answer = Decision.Answer.AWAITED
            decision.answer_due = answer_due_after(decision=decision, released_at=now)
        decision.save(update_fields=["released_at", "answer", "answer_due"])
        decision.application.decision_told = decision.outcome
        decision.application.save(update_fields=["decision_told"])
    applications = [decision.application for decision in decisions]
    if applications:
        send_on_commit(
            signals.decisions_released, Decision, call=call, applications=applications, user=user
        )
    return len(decisions)


@transaction.atomic
def spend_record(
    *, decision: Decision, pool: ResourcePool, amount: Decimal, user: AbstractBaseUser
) -> Spend:
    """Record what was actually spent from one pool for an accepted decision (the running
    total). Checked under the pools' lock, like decisions: what is in use (committed, or
    spent where more) never exceeds a pool's capacity."""
    if amount < 0:
        raise SelectionRefused(_("An amount spent cannot be negative."))
    pools = {locked.pk: locked for locked in _locked_pools(decision.application.call_id)}
    locked = Decision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    pool = pools.get(pool.pk)
    if pool is None:
        raise SelectionRefused(_("This pool is not one of the call's."))
    if locked.outcome != Decision.Outcome.ACCEPTED or locked.final_at is None:
        raise SelectionRefused(_("Only an accepted, final decision spends resources."))
    if locked.spending_closed_at is not None:
        raise SelectionRefused(_("The collaboration is closed: its spending is final."))
    committed = sum(
        Commitment.objects.filter(decision=locked, pool=pool).values_list("amount", flat=True),
        Decimal(0),
    )
    before = Spend.objects.filter(decision=locked, pool=pool).first()
    old = before.amount if before else Decimal(0)
    in_use = selectors.pool_use(call=locked.application.call).get(pool.code)
    now_in_use = (in_use.in_use if in_use else Decimal(0)) - max(committed, old)
    if now_in_use + max(committed, amount) > pool.capacity:
        raise SelectionRefused(
            _("Not enough left in “%(pool)s”: %(left)s left beyond what this event holds.")
            % {"pool": pool.label, "left": pool.capacity - now_in_use - max(committed, old)}
        )
    spend, _created = Spend.objects.update_or_create(
        decision=locked, pool=pool, defaults={"amount": amount, "recorded_by": user}
    )
    record(
        locked.application,
        ApplicationEvent.Kind.SPEND,
        actor=Actor.STAFF,
        user=user,
        old=str(old) if before else "",
        new=str(amount),
        data={"pool": pool.code, "spent": str(amount)},
    )
    return spend


def spending_close(*, decision: Decision) -> None:
    """What the decision spent is final: the rest of what it committed returns to the
    pools (selectors.pool_use). Called when its collaboration closes, in that transaction."""
    _locked_pools(decision.application.call_id)
    Decision.objects.filter(pk=decision.pk).update(spending_closed_at=timezone.now())
