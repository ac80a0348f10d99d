"""Reads of calls, including the plain CallDefinition the pure engines take."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from opencall.calls import definition as defs
from opencall.calls.models import Call
from opencall.reference.selectors import reference_data


def calls_listed() -> QuerySet[Call]:
    """Calls for the start page: open ones first, then the ones that closed."""
    return Call.objects.order_by("is_practice", "-closes_at")


def call_is_accepting(*, call: Call) -> bool:
    return call.is_open(timezone.now())


def _texts(obj: object, field: str) -> dict[str, str]:
    languages = [code for code, _name in settings.LANGUAGES]
    return {lang: value for lang in languages if (value := getattr(obj, f"{field}_{lang}", None))}


def call_definition(*, call: Call) -> defs.CallDefinition:
    offers = tuple(
        defs.Offer(
            code=offer.code,
            takes_amount=offer.takes_amount,
            label=_texts(offer, "label"),
            description=_texts(offer, "description"),
        )
        for offer in call.offers.all()
    )
    return defs.CallDefinition(
        slug=call.slug,
        timezone=call.timezone,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        decision_date=call.decision_date,
        event_window_start=call.event_window_start,
        event_window_end=call.event_window_end,
        offers=offers,
        reference=reference_data(version=call.reference_version),
        reference_path=f"../reference/{call.reference_version.key}",
        title=_texts(call, "title"),
        summary=_texts(call, "summary"),
        body=_texts(call, "body"),
        organiser=call.organiser,
        excluded_formats=tuple(call.excluded_formats),
        extra=dict(call.extra),
    )
