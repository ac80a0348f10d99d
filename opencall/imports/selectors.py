"""Reads of imports: what a call's mapping may name, a first guess at a mapping, the
saved mappings and the batches of a call."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from opencall.calls.models import Call
from opencall.imports import mapping as mappings
from opencall.imports.convert import app_languages
from opencall.imports.models import ImportBatch, ImportMapping


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
