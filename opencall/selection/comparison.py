"""Scenarios side by side: value, regional balance, what is left, what changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencall.selection.models import Scenario
from opencall.selection.texts import say

STATUS_LABELS = {
    "optimal": _("proven optimal"),
    "time_limit": _("stopped at the time limit"),
    "infeasible": _("no selection possible"),
    "heuristic": _("by hand"),
    "heuristic_failed": _("by hand, with rules broken"),
}


@dataclass
class Portfolio:
    status: str  # worded: "proven optimal"
    value: float | None
    gap: float | None
    refs: list[str]
    by_hub: dict[str, int]
    pools_left: dict[str, float]
    binding: list[str]
    left_out: list[dict[str, Any]] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)


@dataclass
class Column:
    scenario: Scenario
    optimal: Portfolio | None
    greedy: Portfolio | None
    gain: float | None  # % more value than by hand
    added: list[str]  # selected here, not in the scenario before it
    removed: list[str]


def _portfolio(
    result: dict[str, Any] | None, labels: dict[str, str] | None = None
) -> Portfolio | None:
    if not result:
        return None
    refs = [grant["ref"] for grant in result.get("selected", [])]
    hubs = result.get("hubs", {})
    return Portfolio(
        status=str(STATUS_LABELS.get(result["status"], result["status"])),
        value=result.get("value"),
        gap=result.get("gap"),
        refs=refs,
        by_hub=dict(sorted(Counter(hubs.get(ref) or "—" for ref in refs).items())),
        pools_left={
            (labels or {}).get(code, code): amount
            for code, amount in result.get("pools_left", {}).items()
        },
        binding=[
            say(b["detail"], gettext) if b.get("detail") else b.get("name") or ""
            for b in result.get("binding", [])
        ],
        left_out=[
            {**item, "why": [say(line, gettext) for line in item.get("why", [])]}
            for item in result.get("left_out", [])
        ],
        explanation=[say(line, gettext) for line in result.get("explanation", [])],
    )


def compare(scenarios: list[Scenario], labels: dict[str, str] | None = None) -> list[Column]:
    """Newest first; each column says what changed against the one run before it.
    `labels` names pools as people read them (code -> label)."""
    columns = []
    for index, scenario in enumerate(scenarios):
        optimal = _portfolio(scenario.result, labels)
        greedy = _portfolio(scenario.greedy, labels)
        gain = None
        if optimal and greedy and optimal.value and greedy.value:
            gain = round(100 * (optimal.value - greedy.value) / greedy.value, 1)
        before = _portfolio(scenarios[index + 1].result) if index + 1 < len(scenarios) else None
        now_refs = set(optimal.refs) if optimal else set()
        old_refs = set(before.refs) if before else set()
        columns.append(
            Column(
                scenario,
                optimal,
                greedy,
                gain,
                added=sorted(now_refs - old_refs) if before else [],
                removed=sorted(old_refs - now_refs) if before else [],
            )
        )
    return columns
