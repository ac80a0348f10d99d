"""Reads of calls, including the plain CallDefinition the pure engines take."""

from django.db.models import QuerySet
from django.utils import timezone

from opencall.calls import definition as defs
from opencall.calls.models import Call
from opencall.core.translated import texts_of
from opencall.reference.selectors import reference_data


def calls_listed() -> QuerySet[Call]:
    """Calls for the start page: open ones first, then the ones that closed."""
    return Call.objects.order_by("is_practice", "-closes_at")


def calls_published() -> QuerySet[Call]:
    """Calls as the API shows them: the start page's, without practice copies (their
    applications are not real, and other sites that list calls should not relay them)."""
    return calls_listed().filter(is_practice=False).prefetch_related("offers")


def call_published(*, slug: str) -> Call | None:
    return calls_published().filter(slug=slug).first()


def call_is_accepting(*, call: Call) -> bool:
    return call.is_open(timezone.now())


def call_definition(*, call: Call) -> defs.CallDefinition:
    offers = tuple(
        defs.Offer(
            code=offer.code,
            takes_amount=offer.takes_amount,
            label=texts_of(offer, "label"),
            description=texts_of(offer, "description"),
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
        title=texts_of(call, "title"),
        summary=texts_of(call, "summary"),
        body=texts_of(call, "body"),
        organiser=call.organiser,
        excluded_formats=tuple(call.excluded_formats),
        questions=call.own_questions,
        criteria=call.extra_criteria,
    )
