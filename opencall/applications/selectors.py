"""Reads for the applicant's pages."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencall.applications.document import ApplicationDocument, missing_for_submission
from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.steps import STEPS

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


def missing_message(missing: list[str]) -> str:
    names = ", ".join(str(FIELD_LABELS.get(name, name)) for name in missing)
    return _("Before you can submit, please tell us: %(fields)s.") % {"fields": names}


def application_overview(*, application: Application) -> dict[str, Any]:
    document = ApplicationDocument.model_validate(application.document)
    offers = {offer.code: offer for offer in application.call.offers.all()}
    missing = missing_for_submission(document)
    return {
        "application": application,
        "call": application.call,
        "document": document,
        "steps": [{"step": step, "done": application.step >= step.number} for step in STEPS],
        "missing": [
            {"label": FIELD_LABELS.get(name, name), "step": STEP_OF_FIELD.get(name, "event")}
            for name in missing
        ],
        "offers": [
            {"request": request, "offer": offers.get(request.type)} for request in document.offers
        ],
    }


def draft_mailed(*, application: Application) -> bool:
    """Whether the draft's link was mailed when it was started (once per address and
    call in a window: services.application_start)."""
    created = application.events.filter(kind=ApplicationEvent.Kind.CREATED).first()
    return bool(created and created.data.get("mailed", True))
