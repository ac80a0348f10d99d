"""Writes for calls: loading definition files, the practice copy, exporting.

`call_load` installs the calls part of a definition (the call, its texts, dates and
offers). The rubric and the selection sections are rows of the apps that own them,
installed by those apps; the `load_call` command of the staff front end runs all of
them in one transaction.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencall.calls.definition import EXTRA_SECTIONS, CallDefinition, CallDefinitionError
from opencall.calls.models import Call, Offer
from opencall.calls.questions import criterion_definition, question_definition
from opencall.core.translated import columns_for, languages, texts_of
from opencall.reference.models import ReferenceVersion

PRACTICE_DAYS = 30
PRACTICE_LABEL = {
    "en": "Practice copy: ",
    "fr": "Copie d'entraînement : ",
    "es": "Copia de práctica: ",
    "pt": "Cópia de prática: ",
}


class CallUpdateRefused(Exception):
    """Loading a definition again would change what final decisions or submitted
    reviews rest on; `reasons` names each such change and why it is refused."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("; ".join(reasons))


def _call_fields(definition: CallDefinition) -> dict[str, Any]:
    return {
        "organiser": definition.organiser,
        "timezone": definition.timezone,
        "opens_at": definition.opens_at,
        "closes_at": definition.closes_at,
        "decision_date": definition.decision_date,
        "event_window_start": definition.event_window_start,
        "event_window_end": definition.event_window_end,
        "excluded_formats": list(definition.excluded_formats),
        "questions": [question_definition(question) for question in definition.questions],
        "criteria": [criterion_definition(criterion) for criterion in definition.criteria],
        **columns_for("title", definition.title),
        **columns_for("summary", definition.summary),
        **columns_for("body", definition.body),
        **columns_for("privacy_notice", definition.privacy_notice),
        "retention_months": definition.retention_months,
    }


def _practice_fields(definition: CallDefinition, now: dt.datetime) -> dict[str, Any]:
    """The same call, moved so that it opens today and stays open for 30 days.

    Every date moves by the same number of days, so the event window keeps its
    place relative to the call (events of "this year" stay possible).
    """
    fields = _call_fields(definition)
    today = now.astimezone(dt.UTC).date()
    shift = today - definition.opens_at.date()
    start_of_today = dt.datetime.combine(today, dt.time.min, tzinfo=dt.UTC)
    fields.update(
        opens_at=start_of_today,
        closes_at=start_of_today + dt.timedelta(days=PRACTICE_DAYS, seconds=-1),
        timezone="UTC",
        decision_date=definition.decision_date + shift,
        event_window_start=definition.event_window_start + shift,
        event_window_end=definition.event_window_end + shift,
        is_practice=True,
    )
    for lang, label in PRACTICE_LABEL.items():
        if f"title_{lang}" in fields or lang == "en":
            title = fields.get(f"title_{lang}", fields["title_en"])
            fields[f"title_{lang}"] = label + title
    return fields


@transaction.atomic
def call_load(
    *, definition: CallDefinition, practice: bool = False, update: bool = False
) -> tuple[Call, str]:
    """Store a call from its definition. Returns the call and what was done.

    An existing call is left as staff edited it unless `update` is given; a
    practice copy that has closed is moved to open again.
    """
    try:
        version = ReferenceVersion.objects.get(key=definition.reference.key)
    except ReferenceVersion.DoesNotExist as exc:
        raise CallDefinitionError(
            f"reference data '{definition.reference.key}' is not loaded: "
            f"run load_reference on {definition.reference_path} first"
        ) from exc
    now = timezone.now()
    slug = f"{definition.slug}-practice" if practice else definition.slug
    existing = Call.objects.select_for_update().filter(slug=slug).first()
    if existing and not update and not (practice and existing.has_closed(now)):
        return existing, "kept"
    fields = _practice_fields(definition, now) if practice else _call_fields(definition)
    if existing:
        # The sections other apps own live in their rows, not here.
        fields["extra"] = {
            key: value for key, value in existing.extra.items() if key not in EXTRA_SECTIONS
        }
    # Checked before it is stored: the check compares with the questions stored now.
    call = existing or Call(slug=slug)
    for name, value in {**fields, "reference_version": version}.items():
        setattr(call, name, value)
    try:
        call.full_clean(validate_unique=False)
    except ValidationError as exc:
        # What the file would change that the call's applications forbid (questions
        # already answered), said like the other apps' refusals.
        raise CallUpdateRefused(exc.messages) from exc
    created = existing is None
    call.save()
    for position, offer in enumerate(definition.offers):
        Offer.objects.update_or_create(
            call=call,
            code=offer.code,
            defaults={
                "position": position,
                "takes_amount": offer.takes_amount,
                **columns_for("label", offer.label),
                **columns_for("description", offer.description),
            },
        )
    return call, "created" if created else "updated"


def call_export(*, call: Call) -> dict[str, Any]:
    """The calls part of a definition file's data (TOML-ready); the rubric and the
    selection sections come from their apps' exports."""
    data: dict[str, Any] = {
        "slug": call.slug,
        "organiser": call.organiser,
        "reference": f"../reference/{call.reference_version.key}",
        "timezone": call.timezone,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "decision_date": call.decision_date,
        "excluded_formats": list(call.excluded_formats),
        "retention_months": call.retention_months,
        "event_window": {"start": call.event_window_start, "end": call.event_window_end},
        "texts": {
            lang: {
                key: value
                for key in ("title", "summary", "body", "privacy_notice")
                if (value := getattr(call, f"{key}_{lang}"))
            }
            for lang in languages()
        },
        "offers": [
            {
                "code": offer.code,
                "takes_amount": offer.takes_amount,
                "label": texts_of(offer, "label"),
                "description": texts_of(offer, "description"),
            }
            for offer in call.offers.all()
        ],
    }
    if call.questions:
        data["questions"] = [question_definition(question) for question in call.own_questions]
    if call.criteria:
        data["criteria"] = [criterion_definition(criterion) for criterion in call.extra_criteria]
    return data
