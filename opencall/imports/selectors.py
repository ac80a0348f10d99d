"""Reads of imports: what a call's mapping may name, a first guess at a mapping, the
saved mappings and the batches of a call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext

from opencall.calls.models import Call
from opencall.imports import mapping as mappings
from opencall.imports.convert import Vocabulary, app_languages, split_known
from opencall.imports.mapping import normalised
from opencall.imports.models import ImportBatch, ImportMapping
from opencall.imports.reading import Sheet


def call_targets(call: Call) -> mappings.CallTargets:
    """The call's own questions and its offers with their labels in every language."""
    languages = app_languages()
    offers = {
        offer.code: {
            language: label
            for language in languages
            if (label := getattr(offer, f"label_{language}", None))
        }
        for offer in call.offers.all()
    }
    return mappings.CallTargets(questions=call.own_questions, offers=offers, languages=languages)


def guess_mapping(headers: Iterable[str], call: Call) -> mappings.Mapping:
    """A first mapping of these headers for this call (mapping.guess_mapping)."""
    return mappings.guess_mapping(headers, call_targets(call))


def saved_mappings(call: Call) -> QuerySet[ImportMapping]:
    return ImportMapping.objects.filter(call=call).select_related("updated_by")


def call_batches(call: Call) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(call=call).defer("content").select_related("by", "undone_by")


def unconverted_choices(
    sheet: Sheet, mapping: mappings.Mapping, targets: mappings.CallTargets
) -> dict[str, dict[str, Any]]:
    """For each choice field a column fills, the file's answers that convert to none of
    its choices (with the mapping's own `values`): field -> {"column", "values",
    "choices": [(code, label)]}. The staff page asks what each one means. The several-
    choice fields list the parts that are no choice; the offers are left out (an
    unknown offer is "other", with the answer as its details)."""
    vocabulary = Vocabulary(mapping, targets)
    found: dict[str, dict[str, Any]] = {}
    for column, target in mapping.columns.items():
        if target.name == "offers":
            continue
        codes = mappings.choice_codes(target.name, targets)
        several = target.kind == "choices" or (
            target.question is not None and target.question.type == "choices"
        )
        single = target.kind == "choice" or (
            target.question is not None and target.question.type == "choice"
        )
        if not codes or not (several or single):
            continue
        index = sheet.column(column)
        if index is None:
            continue
        unknown: list[str] = []
        for row in sheet.rows:
            value = row.get(index)
            text = "" if value is None else str(value).strip()
            if not text:
                continue
            if several:
                parts = split_known(text, vocabulary.choices(target.name))[1]
            else:
                parts = [] if normalised(text) in vocabulary.choices(target.name) else [text]
            unknown.extend(part for part in parts if part not in unknown)
        if unknown:
            found[target.name] = {
                "column": column,
                "values": unknown,
                "choices": [(code, choice_label(target.name, code, targets)) for code in codes],
            }
    return found


def choice_label(name: str, code: str, targets: mappings.CallTargets) -> str:
    """A choice's label in the reader's language, for the page's selects."""
    language = get_language() or "en"
    if name in mappings.ENUMS:
        return gettext(mappings.ENUMS[name](code).label)
    question = targets.question(name.removeprefix("answers."))
    for choice in question.choices if question else ():
        if choice.code == code:
            return choice.label.get(language) or choice.label.get("en") or code
    return code
