"""Scenarios side by side: value, regional balance, what is left, what changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, pgettext

from opencall.selection.models import Scenario
from opencall.selection.results import SOLVER_STATUS_LABELS
from opencall.selection.texts import say
from opencall.selection.visibility import EVERYTHING, Visibility, mask


@dataclass
class Others:
    """The selected applications the reader may not see: numbers only."""

    count: int
    uses: dict[str, float]  # pool label -> what their grants take (empty: not recorded)


@dataclass
class Portfolio:
    status: str  # worded: "proven optimal"
    value: float | None
    gap: float | None
    refs: list[str]  # the selected applications the reader sees
    count: int  # every selected application
    by_hub: dict[str, int]
    pools_left: dict[str, float]
    binding: list[str]
    left_out: list[dict[str, Any]] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    others: Others | None = None  # None: the reader sees every one
    left_out_others: int = 0


@dataclass
class Column:
    scenario: Scenario
    optimal: Portfolio | None
    greedy: Portfolio | None
    gain: float | None  # % more value than by hand
    added: list[str]  # selected here, not in the scenario before it
    removed: list[str]
    added_others: int = 0  # the same, of applications the reader may not see
    removed_others: int = 0
    error: str = ""  # why it failed, as far as the reader may know


def _solver_status(status: str) -> str:
    label = SOLVER_STATUS_LABELS.get(status)
    return gettext(label) if label else status


def _portfolio(
    result: dict[str, Any] | None,
    labels: dict[str, str] | None = None,
    visibility: Visibility = EVERYTHING,
) -> Portfolio | None:
    if not result:
        return None
    labels = labels or {}
    selected = [grant["ref"] for grant in result.get("selected", [])]
    hidden = [ref for ref in selected if not visibility.sees(ref)]
    left_out = result.get("left_out", [])
    shown_left_out = [item for item in left_out if visibility.sees(item["ref"])]
    return Portfolio(
        status=_solver_status(result["status"]),
        value=result.get("value"),
        gap=result.get("gap"),
        refs=[ref for ref in selected if visibility.sees(ref)],
        count=len(selected),
        by_hub=_by_hub(selected, result.get("hubs", {}), visibility),
        pools_left={
            labels.get(code, code): amount for code, amount in result.get("pools_left", {}).items()
        },
        binding=[
            say(mask(b["detail"], visibility), gettext) if b.get("detail") else b.get("name") or ""
            for b in result.get("binding", [])
        ],
        left_out=[
            {**item, "why": [say(mask(line, visibility), gettext) for line in item.get("why", [])]}
            for item in shown_left_out
        ],
        explanation=[
            say(mask(line, visibility), gettext) for line in result.get("explanation", [])
        ],
        others=None if visibility.everything else _others(hidden, result, labels),
        left_out_others=len(left_out) - len(shown_left_out),
    )


def _by_hub(refs: list[str], hubs: dict[str, str], visibility: Visibility) -> dict[str, int]:
    """Supported events per hub; a reader who does not see every application gets their
    own hubs by name and one count for the rest."""
    if visibility.everything:
        found = Counter(hubs.get(ref) or "—" for ref in refs)
    else:
        other = pgettext("events by hub", "other")
        found = Counter(
            hubs.get(ref) if hubs.get(ref) in visibility.hubs else other for ref in refs
        )
    return dict(sorted(found.items()))


def _others(hidden: list[str], result: dict[str, Any], labels: dict[str, str]) -> Others:
    uses: Counter[str] = Counter()
    for ref in hidden:
        for code, amount in result.get("uses", {}).get(ref, {}).items():
            uses[labels.get(code, code)] += amount
    return Others(len(hidden), {label: amount for label, amount in uses.items() if amount})


def compare(
    scenarios: list[Scenario],
    labels: dict[str, str] | None = None,
    visibility: Visibility = EVERYTHING,
) -> list[Column]:
    """Newest first; each column says what changed against the one run before it.
    `labels` names pools as people read them (code -> label); `visibility` is what the
    reader may see of each portfolio."""
    columns = []
    for index, scenario in enumerate(scenarios):
        optimal = _portfolio(scenario.result, labels, visibility)
        greedy = _portfolio(scenario.greedy, labels, visibility)
        gain = None
        if optimal and greedy and optimal.value and greedy.value:
            gain = round(100 * (optimal.value - greedy.value) / greedy.value, 1)
        before = _selected(scenarios[index + 1].result) if index + 1 < len(scenarios) else None
        now_refs = _selected(scenario.result) or set()
        added = sorted(now_refs - before) if before is not None else []
        removed = sorted(before - now_refs) if before is not None else []
        columns.append(
            Column(
                scenario,
                optimal,
                greedy,
                gain,
                added=[ref for ref in added if visibility.sees(ref)],
                removed=[ref for ref in removed if visibility.sees(ref)],
                added_others=sum(not visibility.sees(ref) for ref in added),
                removed_others=sum(not visibility.sees(ref) for ref in removed),
                error=_error(scenario, visibility),
            )
        )
    return columns


def _error(scenario: Scenario, visibility: Visibility) -> str:
    # A failure's text is a traceback's last line: it may name any application.
    if not scenario.error or visibility.everything:
        # Errors of our own (the worker stopped) are stored in English and read in the
        # reader's language; a traceback's line has no translation and reads as it is.
        return gettext(scenario.error) if scenario.error else ""
    return gettext("The optimiser failed; the Working Group and call administrators see why.")


def _selected(result: dict[str, Any] | None) -> set[str] | None:
    if not result:
        return None
    return {grant["ref"] for grant in result.get("selected", [])}
