"""One accepted application's collaboration as staff see it: the deliverables, the
organiser's commitments and report, spending per pool, what keeps it open. The page is
GET only; each action posts to one small view that checks the rulebook, calls one
service and goes back to the page, with what was typed kept when it is refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opencall.accounts.models import Membership
from opencall.accounts.queue import hub_labels
from opencall.collaborations import services
from opencall.collaborations.models import Collaboration, Commitment, Deliverable, EventReport
from opencall.collaborations.workflow import (
    DELIVERABLE_MOVES,
    CommitmentStatus,
    DeliverableStatus,
)
from opencall.selection.models import Commitment as PoolCommitment
from opencall.selection.models import ResourcePool, Spend
from opencall.staff.access import gated, staff_application
from opencall.staff.forms import collaboration as forms

# What was typed in a refused form, kept in the session for the page to show again.
TYPED = "collaboration_typed"


def _collaboration(request, slug: str, number: int, permission: str):
    application = staff_application(request, slug, number, "applications.view")
    collaboration = Collaboration.objects.filter(application=application).first()
    if collaboration is None:
        raise Http404
    if permission != "applications.view" and not request.user.has_perm(permission, application):
        raise PermissionDenied
    return application, collaboration


def _back(application, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("staff:collaboration", args=[application.call.slug, application.number])
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _refused(request, key: str, text: str, typed: dict[str, str] | None = None) -> None:
    """Say why, and keep what was typed for the form named `key`."""
    messages.error(request, text)
    if typed is None:
        typed = {
            name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"
        }
    request.session[TYPED] = {key: typed}


def _form_refused(request, key: str, form, typed: dict[str, str] | None = None) -> None:
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    _refused(request, key, " ".join(str(error) for error in errors), typed)


def _typed_deliverable(request, key: str) -> dict[str, str]:
    return {
        name: request.POST.get(f"{key}-{name}", "")
        for name in ("what", "owner", "team", "due_on", "notes")
    }


def _people(call) -> list[tuple[int, str]]:
    """The call's staff members by name, each once, for the owner select."""
    seen: dict[int, str] = {}
    for membership in Membership.objects.filter(call=call).select_related("user"):
        user = membership.user
        seen.setdefault(user.pk, user.get_full_name() or user.get_username())
    return sorted(seen.items(), key=lambda item: item[1].casefold())


def _pools(application) -> list[dict[str, Any]]:
    """Each pool of the call: what this decision committed and spent from it."""
    decision = getattr(application, "decision", None)
    committed = dict(
        PoolCommitment.objects.filter(decision=decision).values_list("pool_id", "amount")
    )
    spent = dict(Spend.objects.filter(decision=decision).values_list("pool_id", "amount"))
    return [
        {
            "pool": pool,
            "committed": committed.get(pool.pk, Decimal(0)),
            "spent": spent.get(pool.pk),
        }
        for pool in ResourcePool.objects.filter(call=application.call).order_by("pk")
    ]


@gated
@require_GET
def collaboration_page(request, slug: str, number: int):
    application, collaboration = _collaboration(request, slug, number, "applications.view")
    user, call = request.user, application.call
    can = {
        name: user.has_perm(f"collaborations.{name}", application)
        for name in ("work", "spend", "close", "close_early")
    }
    can = {name: allowed and collaboration.is_open for name, allowed in can.items()}
    typed = request.session.pop(TYPED, {})
    today = timezone.localdate()
    people = _people(call)
    names = dict(people)
    deliverables = []
    for deliverable in collaboration.deliverables.select_related("owner"):
        key = f"deliverable-{deliverable.pk}"
        initial = {
            "what": deliverable.what,
            "owner": deliverable.owner_id or "",
            "team": deliverable.team,
            "due_on": deliverable.due_on.isoformat() if deliverable.due_on else "",
            "notes": deliverable.notes,
        }
        deliverables.append(
            {
                "item": deliverable,
                "owner_name": names.get(deliverable.owner_id)
                or (deliverable.owner.get_username() if deliverable.owner else ""),
                "overdue": bool(
                    deliverable.due_on and deliverable.due_on < today and not deliverable.settled
                ),
                "moves": [
                    (status.value, status.label)
                    for status in DeliverableStatus
                    if status in DELIVERABLE_MOVES.get(deliverable.status, ())
                ],
                "typed_reason": typed.get(f"move-{deliverable.pk}", {}).get("reason", ""),
                "form": forms.DeliverableForm(
                    initial={**initial, **typed.get(key, {})},
                    people=people,
                    prefix=key,
                )
                if can["work"]
                else None,
            }
        )
    commitments = [
        {
            "item": commitment,
            "overdue": bool(
                commitment.due_on and commitment.due_on < today and not commitment.settled
            ),
            "typed_reason": typed.get(f"waive-{commitment.pk}", {}).get("reason", ""),
        }
        for commitment in collaboration.commitments.all()
    ]
    spending = _pools(application)
    for row in spending:
        row["typed"] = typed.get(f"spend-{row['pool'].code}", {}).get("amount", "")
    context = {
        "call": call,
        "application": application,
        "collaboration": collaboration,
        "hubs": hub_labels(call=call),
        "can": can,
        "can_assign": user.has_perm("calls.assign", call),
        "deliverables": deliverables,
        "commitments": commitments,
        "report": EventReport.objects.filter(collaboration=collaboration).first(),
        "spending": spending,
        # Closing returns to its pool whatever was committed and not recorded as spent.
        "nothing_recorded": [
            row["pool"].label for row in spending if row["committed"] and row["spent"] is None
        ],
        "unsettled": services.unsettled(collaboration),
        "typed_close": typed.get("close", {}).get("reason", ""),
        "commitment_open": CommitmentStatus.OPEN,
        "commitment_waived": CommitmentStatus.WAIVED,
    }
    return render(request, "staff/collaboration.html", context)


@gated
@require_POST
def deliverable_move(request, slug: str, number: int, pk: int):
    application, collaboration = _collaboration(request, slug, number, "collaborations.work")
    deliverable = get_object_or_404(Deliverable, pk=pk, collaboration=collaboration)
    key, anchor = f"move-{pk}", f"deliverable-{pk}"
    form = forms.DeliverableMoveForm(request.POST)
    if not form.is_valid():
        _form_refused(request, key, form)
        return _back(application, anchor)
    try:
        moved = services.deliverable_move(
            deliverable=deliverable,
            status=form.cleaned_data["status"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.CollaborationRefused as exc:
        _refused(request, key, str(exc))
    else:
        messages.success(
            request,
            _("“%(what)s” is now “%(status)s”.")
            % {"what": moved.what, "status": moved.get_status_display()},
        )
    return _back(application, anchor)


@gated
@require_POST
def deliverable_edit(request, slug: str, number: int, pk: int):
    application, collaboration = _collaboration(request, slug, number, "collaborations.work")
    deliverable = get_object_or_404(Deliverable, pk=pk, collaboration=collaboration)
    key = f"deliverable-{pk}"
    people = _people(application.call)
    form = forms.DeliverableForm(request.POST, people=people, prefix=key)
    if not form.is_valid():
        _form_refused(request, key, form, _typed_deliverable(request, key))
        return _back(application, key)
    data = form.cleaned_data
    owner = (
        Membership.objects.filter(call=application.call, user_id=data["owner"]).first().user
        if data["owner"]
        else None
    )
    try:
        services.deliverable_update(
            deliverable=deliverable,
            user=request.user,
            what=data["what"],
            owner=owner,
            team=data["team"],
            due_on=data["due_on"],
            notes=data["notes"],
        )
    except services.CollaborationRefused as exc:
        _refused(request, key, str(exc), _typed_deliverable(request, key))
    else:
        messages.success(request, _("Deliverable saved."))
    return _back(application, key)


@gated
@require_POST
def commitment_waive(request, slug: str, number: int, pk: int):
    application, collaboration = _collaboration(request, slug, number, "collaborations.work")
    commitment = get_object_or_404(Commitment, pk=pk, collaboration=collaboration)
    key = f"waive-{pk}"
    form = forms.ReasonForm(request.POST)
    undo = request.POST.get("action") == "undo"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.commitment_waive(
            commitment=commitment, user=request.user, reason=reason, undo=undo
        )
    except services.CollaborationRefused as exc:
        _refused(request, key, str(exc))
    else:
        messages.success(
            request,
            _("“%(what)s” is to do again.") % {"what": commitment.get_kind_display()}
            if undo
            else _("“%(what)s” is waived.") % {"what": commitment.get_kind_display()},
        )
    return _back(application, f"commitment-{pk}")


@gated
@require_POST
def spend(request, slug: str, number: int):
    application, collaboration = _collaboration(request, slug, number, "collaborations.spend")
    pools = {pool.code: pool for pool in ResourcePool.objects.filter(call=application.call)}
    code = request.POST.get("pool", "")
    key = f"spend-{code}"
    form = forms.SpendForm(request.POST, pools=[(pool.code, pool.label) for pool in pools.values()])
    if not form.is_valid():
        _form_refused(request, key, form)
        return _back(application, "spending")
    pool = pools[form.cleaned_data["pool"]]
    amount = form.cleaned_data["amount"]
    try:
        services.spending_set(
            collaboration=collaboration, pool=pool, amount=amount, user=request.user
        )
    except services.CollaborationRefused as exc:
        _refused(request, key, str(exc))
    else:
        messages.success(
            request,
            _("Spent from “%(pool)s”: %(amount)s.")
            % {"pool": pool.label, "amount": pool.amount_text(amount)},
        )
    return _back(application, "spending")


@gated
@require_POST
def close(request, slug: str, number: int):
    application, collaboration = _collaboration(request, slug, number, "collaborations.close")
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    left = services.unsettled(collaboration)
    if left and collaboration.is_open:
        if not request.user.has_perm("collaborations.close_early", application):
            _refused(
                request,
                "close",
                _("Still open: %(left)s. Only a call administrator closes it early.")
                % {"left": "; ".join(left)},
            )
            return _back(application, "close")
    else:
        reason = ""  # nothing left: a plain close, no reason to keep
    try:
        services.collaboration_close(collaboration=collaboration, user=request.user, reason=reason)
    except services.CollaborationRefused as exc:
        _refused(request, "close", str(exc))
        return _back(application, "close")
    messages.success(request, _("The collaboration is closed."))
    return _back(application)
