"""Aggregating reviewers' scores: plain Python, no database.

A review's score is the weighted mean of its criteria, each first brought to 0-100
so criteria with different scales weigh only by their weight. Disagreement is the
range of the reviewers' scores: easy to read ("30 points apart") and flagged when
it reaches DISAGREEMENT_POINTS.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

DISAGREEMENT_POINTS = 25.0


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    weight: Decimal


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: float | None
    median: float | None
    spread: float | None  # max - min, on 0-100

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.count > 1 and self.spread >= DISAGREEMENT_POINTS


def weighted_score(values: Mapping[str, int], scales: Mapping[str, Scale]) -> float | None:
    """0-100; None unless every criterion of the rubric has a value."""
    if not scales or any(code not in values for code in scales):
        return None
    total_weight = sum(float(scale.weight) for scale in scales.values())
    total = 0.0
    for code, scale in scales.items():
        share = (values[code] - scale.low) / (scale.high - scale.low)
        total += share * 100 * float(scale.weight)
    return round(total / total_weight, 1)


def aggregate(scores: Iterable[float]) -> Aggregate:
    values = [score for score in scores if score is not None]
    if not values:
        return Aggregate(0, None, None, None)
    return Aggregate(
        count=len(values),
        mean=round(statistics.fmean(values), 1),
        median=round(statistics.median(values), 1),
        spread=round(max(values) - min(values), 1),
    )
