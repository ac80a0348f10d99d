"""What staff do on one application. Each view: check the rulebook, parse the form,
call one service, say what happened, go back to the application's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencall.accounts import selectors as accounts_selectors
from opencall.accounts import services as accounts_services
from opencall.applications import services as applications
from opencall.applications.workflow import Status, TransitionRefused
from opencall.conversations import services as conversations
from opencall.reviews import services as reviews
from opencall.reviews.rubric import rubric_for
from opencall.screening.criteria import call_criteria
from opencall.staff.access import gated, staff_application
from opencall.staff.forms import reviewing


def _back(application, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("staff:application", args=[application.call.slug, application.number])
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@gated
@require_POST
def review(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.review")
    form = reviewing.ReviewForm(request.POST, criteria=rubric_for(call=application.call))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application, "review")
    submit = request.POST.get("action") == "submit"
    try:
        reviews.review_save(
            application=application,
            reviewer=request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            submit=submit,
        )
    except reviews.ReviewRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your review is submitted.") if submit else _("Draft saved."))
    return _back(application, "review")


@gated
@require_POST
def message(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.message")
    form = reviewing.MessageForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application, "conversation")
    try:
        conversations.message_to_applicant(
            application=application, author=request.user, body=form.cleaned_data["body"]
        )
    except conversations.MessageRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Message sent to the applicant."))
    return _back(application, "conversation")


@gated
@require_POST
def info_request(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.message")
    wanted = request.POST.get("criterion", "")
    criterion = next(
        (c for c in call_criteria(application.call.extra_criteria) if c.id == wanted), None
    )
    if criterion is None:
        messages.error(request, _("Choose the criterion to ask about."))
        return _back(application, "screening")
    try:
        conversations.info_request(
            application=application,
            author=request.user,
            criterion=criterion.id,
            criterion_title=str(criterion.title),
            body=request.POST.get("body", ""),
        )
    except conversations.MessageRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The applicant is asked about “%(criterion)s”.") % {"criterion": criterion.title},
        )
    return _back(application, "conversation")


@gated
@require_POST
def note(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.note")
    form = reviewing.NoteForm(request.POST)
    if form.is_valid():
        reviews.note_add(
            application=application, author=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Note added."))
    else:
        _form_errors(request, form)
    return _back(application, "notes")


@gated
@require_POST
def move(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.move")
    form = reviewing.MoveForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application)
    try:
        moved = accounts_services.application_move(
            user=request.user,
            application=application,
            target=Status(form.cleaned_data["target"]),
            reason=form.cleaned_data["reason"],
        )
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Moved to “%(status)s”.") % {"status": moved.status_label})
    return _back(application)


@gated
@require_POST
def share(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.share")
    managers = accounts_selectors.hub_managers(call=application.call)
    people = [(m.user_id, m.user.get_username()) for m in managers]
    form = reviewing.UserChoiceForm(request.POST, people=people)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application, "people")
    user = next(m.user for m in managers if m.user_id == form.cleaned_data["user"])
    try:
        reviews.share_add(application=application, user=user, by=request.user)
    except reviews.ReviewRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Shared with %(name)s.") % {"name": user.get_username()})
    return _back(application, "people")


@gated
@require_POST
def conflict(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.declare_conflict")
    form = reviewing.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    reviews.conflict_declare(application=application, user=request.user, reason=reason)
    messages.success(
        request, _("Conflict of interest recorded: you no longer review this application.")
    )
    return _back(application, "people")


@gated
@require_POST
def assign(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.view")
    if not request.user.has_perm("calls.assign", application.call):
        raise PermissionDenied
    memberships = accounts_selectors.reviewers(call=application.call)
    people = {m.user_id: m.user for m in memberships}
    form = reviewing.UserChoiceForm(
        request.POST, people=[(k, v.get_username()) for k, v in people.items()]
    )
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application, "people")
    reviewer = people[form.cleaned_data["user"]]
    try:
        if request.POST.get("action") == "remove":
            reviews.assignment_remove(application=application, reviewer=reviewer, by=request.user)
        else:
            reviews.assignment_add(application=application, reviewer=reviewer, by=request.user)
    except reviews.ReviewRefused as exc:
        messages.error(request, str(exc))
    return _back(application, "people")


@gated
@require_POST
def new_link(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.revoke_link")
    form = reviewing.ReasonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(application, "private-link")
    applications.application_renew_link(
        application=application, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("The old link no longer works; a new one is on its way to %(email)s.")
        % {"email": application.email},
    )
    return _back(application, "private-link")
