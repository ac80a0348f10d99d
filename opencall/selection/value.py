"""What an application is worth to the optimiser, and the sentences that say why.

Pure Python: no Django import. The preferences come from the stored screening
result (the engine decides which apply to an event's scope and whether each is met);
the bonuses from the call's selection settings. docs/optimiser.md states the formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from opencall.selection.texts import MESSAGES, Text, fmt


@dataclass(frozen=True)
class Preference:
    id: str
    met: bool


@dataclass(frozen=True)
class Value:
    total: float
    share: float  # what each requested offer is worth
    explanation: tuple[Text, ...]


def application_value(
    score: float | None,
    preferences: Iterable[Preference],
    bonuses: Mapping[str, float],
    offers: int,
) -> Value:
    """score × (1 + the bonuses of the met preferences), on a 0.01 grid, split evenly
    over the `offers` requested. A preference without a bonus in `bonuses` adds 0."""
    preferences = tuple(preferences)
    said = tuple(_preference_text(p, bonuses.get(p.id, 0.0)) for p in preferences)
    said = said or (Text("value.no_preference"),)
    if score is None:
        return Value(0.0, 0.0, (Text("value.no_score"), *said))
    factor = 1 + sum(bonuses.get(p.id, 0.0) for p in preferences if p.met)
    total = round(score * factor, 2)
    share = round(total / offers, 2) if offers else 0.0
    formula = Text(
        "value.formula",
        value=fmt(total),
        score=fmt(score),
        factor=fmt(factor),
        count=offers,
        share=fmt(share),
    )
    return Value(total, share, (formula, *said))


def _preference_text(preference: Preference, bonus: float) -> Text:
    code = f"preference.{preference.id}"
    # A preference the engine learnt after these sentences were written keeps its id.
    name: str | tuple[Text, ...] = (Text(code),) if code in MESSAGES else preference.id
    if preference.met:
        return Text("value.preference_met", preference=name, bonus=fmt(bonus))
    return Text("value.preference_not_met", preference=name)
