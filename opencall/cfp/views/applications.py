"""The applicant's pages: start, steps, overview and submit, resume by email.

Views parse input, call one service, render. The private link (links.py) is the
applicant's key: every page under it checks the token first.
"""

import math
import uuid
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opencall.applications import limits, selectors, services
from opencall.applications.co_organisers import active_co_organisers
from opencall.applications.document import ApplicationDocument
from opencall.applications.late import has_closed_for
from opencall.applications.links import Holder, co_organiser_url, link_holder, private_path
from opencall.applications.models import Application
from opencall.applications.steps import STEPS, STEPS_BY_SLUG, criteria_up_to, step_after
from opencall.applications.uploads import delete_upload, file_answer, store_upload
from opencall.applications.workflow import (
    EDITABLE_BY_APPLICANT,
    Role,
    Status,
    TransitionRefused,
    allowed_moves,
)
from opencall.calls.models import Call
from opencall.cfp.co_organiser_forms import CoOrganiserForm
from opencall.cfp.collaboration import organiser_collaboration
from opencall.cfp.collaboration_forms import CommitmentAnswerForm
from opencall.cfp.forms import StepForm, step_form
from opencall.cfp.own_questions import answers_by_step
from opencall.cfp.status import granted_support, offer_of, status_banner
from opencall.core.clients import client_address
from opencall.core.memo import reading_once
from opencall.screening.selectors import check_document, live_check, stored_screening
from opencall.screening.services import (
    application_save_step_and_screen,
    application_submit_and_screen,
)
from opencall.selection.amounts import USD, amount_text

EMPTY = ApplicationDocument()


# What the private page shows of an application besides its answers, each a row of its
# own at most (one-to-one): read with the application, in the same query.
OVERVIEW_PARTS = ("screening", "decision", "collaboration")


def private_holder(public_id: uuid.UUID, token: str, *, parts: tuple[str, ...] = ()) -> Holder:
    """Whose link opened the page: the first contact's or a co-organiser's (links.py).
    `parts`: one-to-one rows of the application to read with it (OVERVIEW_PARTS)."""
    # The call comes with it; its reference version does not: the pages read the
    # reference data kept per call version (calls.selectors.call_parts), which loads
    # the version's row only when it builds them again. The call's `page_version`, read
    # with it, names that version for the rest of the request.
    application = get_object_or_404(
        Application.objects.select_related("call", *parts), public_id=public_id
    )
    holder = link_holder(application, token)
    if holder is None:
        raise Http404
    return holder


def private_application(public_id: uuid.UUID, token: str) -> Application:
    return private_holder(public_id, token).application


def _closed_page(request, call: Call, reason: str, status: int = 403):
    return render(request, "cfp/closed.html", {"call": call, "reason": reason}, status=status)


def _try_again(exc: limits.TooManyRequests) -> str:
    minutes = max(1, math.ceil(exc.retry_after / 60))
    return ngettext(
        "Please try again in %(minutes)d minute.",
        "Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _too_many(response: HttpResponse, exc: limits.TooManyRequests) -> HttpResponse:
    response["Retry-After"] = str(exc.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def start(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    step = STEPS[0]
    if not call.is_open():
        return _closed_page(request, call, _("This call is not accepting applications."))
    form = step_form(step, request.POST or None, request.FILES or None, call=call, document=EMPTY)
    refused = None
    if request.method == "POST":
        try:
            form_key = uuid.UUID(request.POST.get("form_key", ""))
        except ValueError:
            form_key = uuid.uuid4()
        if "change" in request.POST:
            # Back from the page that named the hub: the answers again, nothing judged.
            form = step_form(step, None, call=call, document=EMPTY)
            form.initial.update({name: request.POST.get(name, "") for name in form.fields})
        elif form.is_valid() and form.format_is_excluded():
            return _not_for_this_call(request, call, form)
        elif form.is_valid():
            try:
                application, _created = services.application_start(
                    call=call,
                    form_key=form_key,
                    document=form.result,
                    client=client_address(request),
                )
            except services.ApplicationClosed as exc:
                return _closed_page(request, call, str(exc))
            except limits.TooManyRequests as exc:
                refused = exc
                form.add_error(
                    None,
                    _(
                        "Too many applications were started from your connection, or for "
                        "this email address, in the last hour. Your answers are kept below."
                    )
                    + " "
                    + _try_again(exc),
                )
            else:
                if form.uploads:  # a file question on the first step: kept once the draft is
                    application = _save_step(application, form, step=step.number)
                messages.success(request, _draft_saved_message(application))
                return redirect(private_path(application) + f"{step_after(step).slug}/")
    else:
        form_key = uuid.uuid4()
    response = render(
        request,
        "cfp/step.html",
        {
            "call": call,
            "form": form,
            "step": step,
            "steps": STEPS,
            "form_key": form_key,
            "check_url": reverse("cfp:check_start", args=[call.slug]),
        },
        status=429 if refused else 200,
    )
    return _too_many(response, refused) if refused else response


def _excluded_format_posted(request, call: Call) -> bool:
    return request.method == "POST" and request.POST.get("format") in call.excluded_formats


def _not_for_this_call(request, call: Call, form, holder: Holder | None = None):
    """A kind of event the call does not take (POLICY FORMAT): name the hub to contact
    at once and stop there. Nothing is stored and no mail is sent; the answers travel
    in the page, so the organiser can go back and change them."""
    assert form.result is not None
    judgement = check_document(call=call, document=form.result)
    return render(
        request,
        "cfp/not_for_this_call.html",
        {
            "call": call,
            "application": holder.application if holder else None,
            # The link that opened the page: a co-organiser never sees the main one.
            "base_path": holder.path if holder else "",
            "contact": judgement.redirect,
            "format": form.result.format,
            "country": form.result.country,
            "answers": [
                (name, value)
                for name in form.fields
                for value in request.POST.getlist(form.add_prefix(name))
            ],
        },
    )


def _draft_saved_message(application: Application) -> str:
    if selectors.draft_mailed(application=application):
        return _("Your draft is saved. We sent a link to %(email)s so you can come back to it.") % {
            "email": application.email
        }
    return _(
        "Your draft is saved. We did not send another mail to %(email)s: it had one from us "
        "a short while ago. Keep this page's address to come back to this draft, or ask "
        "for your links again on the “Find your application” page."
    ) % {"email": application.email}


def _file_keys(document: dict) -> set[str]:
    return {
        answer["key"]
        for value in (document.get("answers") or {}).values()
        if (answer := file_answer(value))
    }


def _delete_replaced_files(before: dict, after: dict) -> None:
    """Remove the stored files no answer names any more (replaced, or their question
    is no longer asked)."""
    for key in _file_keys(before) - _file_keys(after):
        delete_upload(key)


def _save_with_uploads(
    application: Application, form: StepForm, document: ApplicationDocument, save
) -> Application:
    """Save a step's document with the files chosen on it (accepted by their checks):
    keep the files first, so their answers are in the document saved; drop them again
    if the save is refused; after the save, remove the files they replaced."""
    kept = {
        qid: store_upload(application=application, question_id=qid, file=file)
        for qid, file in form.uploads.items()
    }
    if kept:
        document = document.updated(answers={**document.answers, **kept})
    before = application.document
    try:
        saved = save(application=application, document=document)
    except Exception:
        for answer in kept.values():
            delete_upload(answer["key"])
        raise
    _delete_replaced_files(before, saved.document)
    return saved


def _save_step(
    application: Application, form: StepForm, *, step: int, person: str = ""
) -> Application:
    assert form.result is not None
    return _save_with_uploads(
        application,
        form,
        form.result,
        partial(application_save_step_and_screen, step=step, person=person),
    )


def _editable_reason(application: Application) -> str | None:
    """Why the applicant cannot change this application now, or None."""
    if has_closed_for(application):
        if application.late_until is not None:
            return _("Your late access has ended: your application can no longer be changed.")
        return _("The call has closed: your application can no longer be changed.")
    if application.status not in EDITABLE_BY_APPLICANT:
        return _("Your application is being reviewed and can no longer be changed.")
    return None


@require_http_methods(["GET", "POST"])
def step_page(request, public_id: uuid.UUID, token: str, step_slug: str):
    holder = private_holder(public_id, token)
    application = holder.application
    step = STEPS_BY_SLUG.get(step_slug)
    if step is None:
        raise Http404
    if reason := _editable_reason(application):
        return _closed_page(request, application.call, reason)
    document = ApplicationDocument.model_validate(application.document)
    form = step_form(
        step, request.POST or None, request.FILES or None, call=application.call, document=document
    )
    stops = step.number == 1 and _excluded_format_posted(request, application.call)
    if request.method == "POST" and "change" in request.POST:
        form = step_form(step, None, call=application.call, document=document)
        form.initial.update({name: request.POST.get(name, "") for name in form.fields})
    elif stops and form.is_valid():
        # The same stop as for a new application: the change is not saved.
        return _not_for_this_call(request, application.call, form, holder)
    if stops:
        pass  # the country is missing: the page asks for it, and keeps the draft as it was
    elif request.method == "POST" and form.is_bound and form.is_valid():
        try:
            application = _save_step(application, form, step=step.number, person=holder.name)
        except services.ApplicationClosed as exc:
            return _closed_page(request, application.call, str(exc))
        except services.IncompleteApplication as exc:
            form.add_error(
                None, selectors.missing_message(exc.missing, application.call.own_questions)
            )
        else:
            following = step_after(step)
            if following is None or application.status != Status.DRAFT:
                if application.status != Status.DRAFT:
                    messages.success(request, _("Your changes are saved."))
                return redirect(holder.path)
            return redirect(holder.path + f"{following.slug}/")
    elif request.method == "POST" and form.is_bound and application.status == Status.DRAFT:
        # Keep every answer that is valid on its own, so a draft loses nothing even
        # if the applicant leaves now; the page shows what still needs correcting. A
        # file that passed its checks is kept too: on a slow line, sending it again
        # is what an applicant can least afford.
        try:
            application = _save_with_uploads(
                application,
                form,
                form.partial_document(),
                partial(services.application_save_step, step=0, person=holder.name),
            )
        except services.ApplicationClosed as exc:
            return _closed_page(request, application.call, str(exc))
        if form.uploads:  # the same answers judged again: the page says the file is kept
            document = ApplicationDocument.model_validate(application.document)
            form = step_form(step, request.POST, None, call=application.call, document=document)
            form.is_valid()
    return render(
        request,
        "cfp/step.html",
        {
            "call": application.call,
            "application": application,
            "form": form,
            "step": step,
            "steps": STEPS,
            "base_path": holder.path,
            # Without JavaScript the check of what was saved shows above the form;
            # with htmx it follows the answers of this step as they change.
            "check": live_check(
                call=application.call,
                document=document,
                criteria=criteria_up_to(step.number - 1, application.call.criterion_steps),
                version=application.call.page_version,
            )
            if step.number > 1
            else None,
            "check_url": holder.path + f"{step.slug}/check/",
        },
    )


@require_http_methods(["GET"])
def overview(request, public_id: uuid.UUID, token: str):
    holder = private_holder(public_id, token, parts=OVERVIEW_PARTS)
    return render(request, "cfp/overview.html", overview_context(holder))


def overview_context(holder: Holder, answered: dict | None = None) -> dict:
    """The private page's context; `answered` holds a commitment answer form that was
    refused, to show again with what was typed (views/collaboration.py)."""
    application = holder.application
    context = selectors.application_overview(application=application)
    if application.status == Status.DRAFT:
        context["check"] = live_check(
            call=application.call,
            document=context["document"],
            criteria=criteria_up_to(len(STEPS), application.call.criterion_steps),
            version=application.call.page_version,
        )
    else:
        context["screening"] = stored_screening(
            application=application, version=application.call.page_version
        )
    context["editable_reason"] = _editable_reason(application)
    context["banner"] = status_banner(application, editable=context["editable_reason"] is None)
    context["granted"] = granted_support(application)
    context["offer"] = offer_of(application)
    context["can_withdraw"] = holder.is_first and Status.WITHDRAWN in allowed_moves(
        Status(application.status), Role.APPLICANT
    )
    context["base_path"] = holder.path
    context["holder"] = holder
    if holder.is_first:
        context["co_form"] = CoOrganiserForm()
        context["co_organisers"] = [
            (co, co_organiser_url(co)) for co in active_co_organisers(application=application)
        ]
    context["collaboration"] = organiser_collaboration(application)
    if context["collaboration"]:
        for promise in context["collaboration"].promises:
            promise.form = (answered or {}).get(promise.commitment.pk) or CommitmentAnswerForm(
                commitment=promise.commitment
            )
    _word_amounts(context)
    return context


def _word_amounts(context: dict) -> None:
    """Each amount asked for with its unit, as every page writes it ("USD 4,000"); the
    call's own questions' answers in words, by step."""
    for item in context["offers"]:
        amount = item["request"].amount_usd
        item["amount"] = amount_text(amount, USD) if amount is not None else ""
    own = answers_by_step(
        context["call"].own_questions, context["document"].answers, get_language() or "en"
    )
    for item in context["steps"]:
        item["own_answers"] = own[item["step"].slug]


def submit(request, public_id: uuid.UUID, token: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    holder = private_holder(public_id, token)
    application = holder.application
    try:
        # Its four announcements ask the call's webhooks once (core/memo.py).
        with reading_once():
            application = application_submit_and_screen(application=application, person=holder.name)
    except services.ApplicationClosed as exc:
        return _closed_page(request, application.call, str(exc))
    except services.IncompleteApplication as exc:
        messages.error(
            request, selectors.missing_message(exc.missing, application.call.own_questions)
        )
        return redirect(holder.path)
    messages.success(
        request,
        _("Thank you! Your application is submitted. We sent a confirmation to %(email)s.")
        % {"email": application.email},
    )
    return redirect(holder.path)


def _first_contact(public_id: uuid.UUID, token: str) -> Application:
    """Withdrawing and renewing the main link are the first contact's alone."""
    holder = private_holder(public_id, token)
    if not holder.is_first:
        raise PermissionDenied
    return holder.application


def withdraw(request, public_id: uuid.UUID, token: str):
    """The applicant withdraws, at any point before a decision (the status table)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    application = _first_contact(public_id, token)
    try:
        services.application_transition(
            application=application,
            target=Status.WITHDRAWN,
            role=Role.APPLICANT,
            reason=request.POST.get("reason", "").strip()[:2000],
        )
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your application is withdrawn. Thank you for telling us."))
    return redirect(private_path(application))


@require_POST
def new_link(request, public_id: uuid.UUID, token: str):
    """The applicant revokes this link; the new one goes to their mailbox only, never
    to this browser (whoever pressed the button may be the one who should not have it)."""
    application = _first_contact(public_id, token)
    try:
        renewed = services.application_renew_link(application=application, by=None)
    except limits.TooManyRequests as exc:
        reason = (
            _(
                "Too many mails were sent to this address in the last hour: your link stays "
                "as it is."
            )
            + " "
            + _try_again(exc)
        )
        return _too_many(_closed_page(request, application.call, reason, status=429), exc)
    messages.success(
        request,
        _("That link no longer works. We sent a new one to %(email)s: use it from now on.")
        % {"email": renewed.email},
    )
    return redirect("cfp:call", application.call.slug)


@require_http_methods(["GET", "POST"])
def resume(request, slug: str):
    """Lost the link? We mail it again. The answer is the same whether or not the
    address is known, so the page reveals nobody's application."""
    call = get_object_or_404(Call, slug=slug)
    email = request.POST.get("email", "").strip()
    sent = False
    error = ""
    refused = None
    refusal = ""
    if request.method == "POST":
        if "@" not in email or len(email) > 254:
            error = _("Enter the email address you applied with.")
        else:
            try:
                services.application_resend_links(
                    call=call, email=email, client=client_address(request)
                )
            except limits.TooManyRequests as exc:
                refused = exc
                refusal = (
                    _("Too many links were asked for from your connection in the last hour.")
                    + " "
                    + _try_again(exc)
                )
            else:
                sent = True
    response = render(
        request,
        "cfp/resume.html",
        {"call": call, "email": email, "sent": sent, "error": error, "refusal": refusal},
        status=429 if refused else 200,
    )
    return _too_many(response, refused) if refused else response
