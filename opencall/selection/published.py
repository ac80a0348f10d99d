"""The events a call supports, as the public may read them once decisions are released.

Only what an event announces anyway: its name, dates, place, hub and the support
granted; never a contact, a score or a reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils.translation import get_language
from pydantic import ValidationError

from opencall.accounts.selectors import hub_names
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.models import Call, Offer
from opencall.core.countries import country_name
from opencall.selection.models import SelectionSettings
from opencall.selection.selectors import FREED

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SupportedEvent:
    uid: str  # stable across edits: the application's public id
    ref: str
    name: str
    start: dt.date | None
    end: dt.date | None
    city: str
    country_code: str  # ISO 3166-1 alpha-2
    country: str  # in the reader's language
    online_only: bool
    hub: str
    offers: tuple[str, ...]  # the support granted, in the reader's language
    programme_url: str
    announced_at: dt.datetime | None


def publishes_supported_events(*, call: Call) -> bool:
    return SelectionSettings.objects.filter(call=call, publish_supported_events=True).exists()


def supported_events(*, call: Call) -> list[SupportedEvent]:
    """Accepted events whose decision was released, by start date."""
    language = (get_language() or "en")[:2]
    offers = {offer.code: offer.label for offer in Offer.objects.filter(call=call)}
    hubs = hub_names(call=call)
    applications = (
        Application.objects.filter(call=call, decision_told="accepted")
        .exclude(status=Status.WITHDRAWN)
        .exclude(decision__answer__in=FREED)  # the offer declined, or let expire
        .select_related("decision", "call")  # the reference is the call's slug and a number
        .order_by("start_date", "event_name", "number")
    )
    events = []
    for application in applications:
        try:
            document = ApplicationDocument.model_validate(application.document)
        except ValidationError as exc:
            # Public and for everyone: one document that no longer reads (stored under
            # older rules, or edited by hand) must not take the whole list down.
            logger.warning(
                "supported events: %s is left out, its document does not read: %s",
                application.ref,
                exc,
            )
            continue
        decision = application.decision
        events.append(
            SupportedEvent(
                uid=str(application.public_id),
                ref=application.ref,
                name=application.event_name,
                start=document.start_date,
                end=document.end_date or document.start_date,
                city=document.city or "",
                country_code=application.country,
                country=country_name(application.country, language),
                online_only=document.online_only,
                hub=hubs.get(application.hub_code, ""),
                offers=tuple(offers.get(code, code) for code in decision.offers),
                programme_url=str(document.programme_url or ""),
                announced_at=decision.released_at,
            )
        )
    return events
