"""Reads for the applicant's pages."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from opencall.applications.document import (
    MISSING_ANSWER,
    ApplicationDocument,
    missing_for_submission,
)
from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.steps import STEPS
from opencall.calls.questions import Question

FIELD_LABELS = {
    "event_name": gettext_lazy("the name of the event"),
    "format": gettext_lazy("the kind of event"),
    "organisation": gettext_lazy("the organising team"),
    "contacts": gettext_lazy("a contact email"),
    "scope": gettext_lazy("the event's audience"),
    "language": gettext_lazy("your language"),
}
STEP_OF_FIELD = {
    "event_name": "event",
    "format": "event",
    "organisation": "event",
    "contacts": "event",
    "language": "event",
    "scope": "audience",
}


def missing_items(missing: list[str], questions: Iterable[Question] = ()) -> list[dict[str, Any]]:
    """What is missing, each with its label in the reader's language and its step."""
    by_id = {question.id: question for question in questions}
    items = []
    for name in missing:
        question = by_id.get(name.removeprefix(MISSING_ANSWER))
        if name.startswith(MISSING_ANSWER) and question is not None:
            label = question.label_in(get_language())
            items.append({"label": f"“{label}”", "step": question.step})
        else:
            items.append(
                {"label": FIELD_LABELS.get(name, name), "step": STEP_OF_FIELD.get(name, "event")}
            )
    return items


def missing_message(missing: list[str], questions: Iterable[Question] = ()) -> str:
    names = ", ".join(str(item["label"]) for item in missing_items(missing, questions))
    return _("Before you can submit, please tell us: %(fields)s.") % {"fields": names}


def application_overview(*, application: Application) -> dict[str, Any]:
    document = ApplicationDocument.model_validate(application.document)
    offers = {offer.code: offer for offer in application.call.offers.all()}
    questions = application.call.own_questions
    missing = missing_for_submission(document, questions)
    return {
        "application": application,
        "call": application.call,
        "document": document,
        "steps": [{"step": step, "done": application.step >= step.number} for step in STEPS],
        "missing": missing_items(missing, questions),
        "offers": [
            {"request": request, "offer": offers.get(request.type)} for request in document.offers
        ],
    }


def draft_mailed(*, application: Application) -> bool:
    """Whether the draft's link was mailed when it was started (once per address and
    call in a window: services.application_start)."""
    created = application.events.filter(kind=ApplicationEvent.Kind.CREATED).first()
    return bool(created and created.data.get("mailed", True))
