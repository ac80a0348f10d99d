"""Applications made straight in the database, for tests that need one but not the form.

Keyword arguments named like a field of the application document (`country="PH"`,
`event_name=...`, `offers=[...]`) change the document; `document={...}` changes several
at once; `email` and `contact_name` are the first contact's. The columns lists filter on
(event name, country, hub, scope, ...) are then copied out of the document by the domain's
own `sync_columns`, as the form's writes do, so they never disagree with it. Any other
keyword (`status`, `submitted_at`, `decision_told`, ...) is a column of the application.

Imports of Django code happen inside: pytest imports this before Django is set up.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import factory
from django.utils import timezone

KENYA: dict[str, Any] = {
    "event_name": "State of the Map Kenya",
    "format": "conference",
    "organisation": "OpenStreetMap Kenya",
    "contacts": [{"name": "Wanjiru", "email": "wanjiru@example.org"}],
    "scope": "regional",
    "language": "en",
    "country": "KE",
    "city": "Nairobi",
    "start_date": "2022-10-10",
    "end_date": "2022-10-12",
    "themes": ["osm"],
    "offers": [{"type": "scholarships", "details": "20 grants", "amount_usd": "4000"}],
}

# Only what a mail reads of an application.
BRASIL: dict[str, Any] = {
    "event_name": "State of the Map Brasil",
    "contacts": [{"name": "Ana Lima", "email": "ana@example.org"}],
}


def _submitted_at(application: Any) -> dt.datetime | None:
    return None if application.status == "draft" else timezone.now() - dt.timedelta(days=1)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A screened application for an event in Kenya, submitted a day ago. Pass `call`."""

    class Meta:
        model = "applications.Application"

    status = "screened"
    submitted_at = factory.LazyAttribute(_submitted_at)

    _document = KENYA

    @classmethod
    def _create(cls, model_class: Any, *args: Any, call: Any, **kwargs: Any) -> Any:
        from django.db.models import F

        from opencall.applications.document import ApplicationDocument
        from opencall.applications.services import sync_columns
        from opencall.calls.models import Call

        document = {**copy.deepcopy(cls._document), **kwargs.pop("document", {})}
        for name in [name for name in kwargs if name in ApplicationDocument.model_fields]:
            if name != "submitted_at":  # the column; the document's goes in `document`
                document[name] = kwargs.pop(name)
        first, *others = document.get("contacts") or [{}]
        first = {**first}
        if "contact_name" in kwargs:
            first["name"] = kwargs.pop("contact_name")
        if "email" in kwargs:
            first["email"] = kwargs.pop("email")
        document["contacts"] = [first, *others] if first.get("email") else others

        # Numbered as application_start numbers them, from the call's counter.
        Call.objects.filter(pk=call.pk).update(application_count=F("application_count") + 1)
        call.refresh_from_db(fields=["application_count"])
        application = model_class(call=call, number=call.application_count, **kwargs)
        sync_columns(application, ApplicationDocument.model_validate(document))
        application.save()
        return application


class SubmittedApplicationFactory(ApplicationFactory):
    """Ana Lima's State of the Map Brasil, submitted just now and not screened yet:
    the applicant the mail tests write to. Pass `call`."""

    status = "submitted"
    submitted_at = factory.LazyAttribute(
        lambda application: None if application.status == "draft" else timezone.now()
    )

    _document = BRASIL
