"""The applicant's live check: what the screening would say of the answers being typed."""

import uuid

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from opencall.applications.document import ApplicationDocument
from opencall.applications.steps import STEPS, STEPS_BY_SLUG, criteria_up_to
from opencall.calls.models import Call
from opencall.cfp.forms import step_form
from opencall.cfp.views.applications import private_application
from opencall.screening.selectors import live_check


def _check_response(request, call: Call, form, step_number: int):
    document = form.partial_document()
    context = live_check(
        call=call, document=document, criteria=criteria_up_to(step_number, call.criterion_steps)
    )
    return render(request, "cfp/live_check.html", {"check": context})


@require_POST
def check_start(request, slug: str):
    """The live check of the first step, before any draft exists (htmx)."""
    call = get_object_or_404(Call, slug=slug)
    form = step_form(STEPS[0], request.POST, call=call, document=ApplicationDocument())
    return _check_response(request, call, form, 1)


@require_POST
def check_step(request, public_id: uuid.UUID, token: str, step_slug: str):
    """The live check of a step's unsaved answers (htmx); saves nothing. Files are not
    read here (the form's file inputs are left out of the post): a file question is
    judged by its stored answer."""
    application = private_application(public_id, token)
    step = STEPS_BY_SLUG.get(step_slug) or STEPS[0]
    document = ApplicationDocument.model_validate(application.document)
    form = step_form(step, request.POST, call=application.call, document=document)
    return _check_response(request, application.call, form, step.number)
