"""Reads of calls, including the plain CallDefinition the pure engines take."""

from django.db.models import QuerySet
from django.utils import timezone

from opencall.calls import definition as defs
from opencall.calls.models import Call, Offer
from opencall.core.translated import texts_of
from opencall.reference.data import ReferenceData
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


# What a call's definition reads besides the call's own row (its offers, the reference
# data), built once per call version and process. The key reads the version from the
# database (one small query), so an edit made in another process is seen at once: every
# change of an offer or a reference row bumps the version (calls/receivers.py). The
# call's creation moment is in the key too, so a number used again (tests roll back) is
# another call.
_PARTS: dict[int, tuple[tuple, tuple[defs.Offer, ...], ReferenceData]] = {}


def call_parts(
    *, call: Call, version: int | None = None
) -> tuple[tuple[defs.Offer, ...], ReferenceData]:
    """The call's offers and reference data, as the pure engines read them. `version`:
    the call's `page_version` as the caller read it in its own transaction (a step's
    save reads the call with the row it locks); None: read it now."""
    _key, offers, reference = _parts(call, version)
    return offers, reference


def _parts(
    call: Call, version: int | None = None
) -> tuple[tuple, tuple[defs.Offer, ...], ReferenceData]:
    if version is None:
        version = Call.objects.filter(pk=call.pk).values_list("page_version", flat=True).first()
    key = (version, call.created_at, call.reference_version_id)
    kept = _PARTS.get(call.pk)
    if kept is not None and kept[0] == key:
        return kept
    offers = tuple(
        defs.Offer(
            code=offer.code,
            takes_amount=offer.takes_amount,
            label=texts_of(offer, "label"),
            description=texts_of(offer, "description"),
        )
        for offer in Offer.objects.filter(call_id=call.pk)
    )
    reference = reference_data(version=call.reference_version)
    _PARTS[call.pk] = kept = (key, offers, reference)
    return kept


# The definition itself, kept while neither its parts nor the call's own columns (as
# this instance holds them, saved or not) change: the same object each time, so the
# screening engine reuses the screener it built for it (engine.screen).
_DEFINITIONS: dict[int, tuple[tuple, defs.CallDefinition]] = {}
_COLUMNS = [field.attname for field in Call._meta.concrete_fields]


def call_definition(*, call: Call, version: int | None = None) -> defs.CallDefinition:
    """The call as the pure engines read it. `version` as for `call_parts`: the call's
    `page_version` as the caller read it in its own transaction or request; None: read
    it now."""
    parts_key, offers, reference = _parts(call, version)
    key = (parts_key, repr([getattr(call, name) for name in _COLUMNS]))
    kept = _DEFINITIONS.get(call.pk)
    if kept is not None and kept[0] == key:
        return kept[1]
    definition = _build_definition(call, offers, reference)
    _DEFINITIONS[call.pk] = (key, definition)
    return definition


def _build_definition(call: Call, offers, reference: ReferenceData) -> defs.CallDefinition:
    return defs.CallDefinition(
        slug=call.slug,
        timezone=call.timezone,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        decision_date=call.decision_date,
        event_window_start=call.event_window_start,
        event_window_end=call.event_window_end,
        offers=offers,
        reference=reference,
        reference_path=f"../reference/{reference.key}",
        title=texts_of(call, "title"),
        summary=texts_of(call, "summary"),
        body=texts_of(call, "body"),
        organiser=call.organiser,
        excluded_formats=tuple(call.excluded_formats),
        questions=call.own_questions,
        criteria=call.extra_criteria,
    )
