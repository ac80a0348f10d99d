"""The call administrator's page: who reviews what, automatic assignment, and the
call's two-factor requirement."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from opencall.accounts import selectors as accounts_selectors
from opencall.accounts import services as accounts_services
from opencall.accounts import two_factor
from opencall.accounts.models import CallStaffSettings
from opencall.accounts.queue import hub_labels
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.reviews import services as reviews
from opencall.reviews.balancing import Candidate
from opencall.staff.access import gated, staff_call
from opencall.staff.forms import reviewing

# Applications that still take reviews.
REVIEWABLE = [Status.SCREENED, Status.IN_CONVERSATION, Status.RESOURCE_CHECK, Status.SHORTLISTED]


def _load(call) -> list[dict]:
    """Reviewers and their load on this call, in one query."""
    memberships = accounts_selectors.reviewers(call=call).annotate(
        assigned=Count(
            "user__assignments", filter=Q(user__assignments__application__call=call), distinct=True
        ),
        submitted=Count(
            "user__reviews",
            filter=Q(user__reviews__application__call=call, user__reviews__state="submitted"),
            distinct=True,
        ),
    )
    return [
        {"membership": m, "assigned": m.assigned, "submitted": m.submitted} for m in memberships
    ]


@gated
@require_http_methods(["GET", "POST"])
def assignments_page(request, slug: str):
    call = staff_call(request, slug, "calls.assign")
    form = reviewing.AutoAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        candidates = [
            Candidate(m.user_id, m.hub_code) for m in accounts_selectors.reviewers(call=call)
        ]
        count = reviews.assign_automatically(
            applications=Application.objects.filter(call=call, status__in=REVIEWABLE),
            candidates=candidates,
            target=form.cleaned_data["target"],
            by=request.user,
        )
        messages.success(
            request,
            ngettext("%(count)d assignment made.", "%(count)d assignments made.", count)
            % {"count": count},
        )
        return redirect("staff:assignments", slug=call.slug)
    settings = CallStaffSettings.objects.filter(call=call).first()
    context = {
        "call": call,
        "form": form,
        "load": _load(call),
        "hub_names": hub_labels(call=call),
        "require_two_factor": bool(settings and settings.require_two_factor),
        "blind_review": bool(settings and settings.blind_review),
        "can_administer": request.user.has_perm("calls.administer", call),
        "lockouts": accounts_selectors.locked_out_members(call=call)
        if request.user.has_perm("calls.unlock_members", call)
        else [],
        "can_reset": request.user.has_perm("calls.reset_two_factor", call),
        "resettable": two_factor.members_with_a_device(call=call).exclude(pk=request.user.pk)
        if request.user.has_perm("calls.reset_two_factor", call)
        else [],
    }
    return render(request, "staff/assignments.html", context)


@gated
@require_POST
def two_factor_setting(request, slug: str):
    call = staff_call(request, slug, "calls.administer")
    required = request.POST.get("require_two_factor") == "on"
    accounts_services.call_require_two_factor(call=call, required=required)
    messages.success(
        request,
        _("Staff of this call now need a second factor.")
        if required
        else _("Staff of this call no longer need a second factor."),
    )
    return redirect("staff:assignments", slug=call.slug)


@gated
@require_POST
def blind_review_setting(request, slug: str):
    call = staff_call(request, slug, "calls.administer")
    blind = request.POST.get("blind_review") == "on"
    accounts_services.call_blind_review(call=call, blind=blind, by=request.user)
    messages.success(
        request,
        _("Reviewers of this call no longer see who applied until their review is in.")
        if blind
        else _("Reviewers of this call see who applied."),
    )
    return redirect("staff:assignments", slug=call.slug)


@gated
@require_POST
def unlock(request, slug: str):
    call = staff_call(request, slug, "calls.unlock_members")
    username = request.POST.get("username", "")
    try:
        accounts_services.member_unlock(call=call, username=username, by=request.user)
    except accounts_services.MembershipRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(username)s can sign in again.") % {"username": username})
    return redirect("staff:assignments", slug=call.slug)


@gated
@require_POST
def two_factor_reset(request, slug: str):
    call = staff_call(request, slug, "calls.reset_two_factor")
    username = request.POST.get("username", "")
    try:
        two_factor.member_two_factor_reset(call=call, username=username, by=request.user)
    except accounts_services.MembershipRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "The second factor of %(username)s is reset: they set up a new one at their "
                "next sign-in. They are told by mail."
            )
            % {"username": username},
        )
    return redirect("staff:assignments", slug=call.slug)
