"""Scenarios side by side: value, regional balance, what is left, what changed."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
    uses: dict[Any, float]  # pool (or its label) -> what their grants take (empty: none)


@dataclass(frozen=True)
class PoolUse:
    """What a scenario takes from one pool, for a bar: used out of its capacity."""

    pool: Any  # the pool (or its label)
    capacity: float
    used: float


@dataclass(frozen=True)
class Grant:
    offers: tuple[str, ...]  # offer codes granted to the application in this scenario
    changed: bool  # another scenario grants it different offers
    only_here: tuple[str, ...] = ()  # of `offers`, those another scenario does not grant it


@dataclass
class ApplicationRow:
    """One application across the scenarios: what each grants it (None: left out)."""

    ref: str
    grants: list[Grant | None]
    differs: bool  # left out of some finished scenario, or granted different offers


@dataclass
class Portfolio:
    status: str  # worded: "proven optimal"
    value: float | None
    gap: float | None
    refs: list[str]  # the selected applications the reader sees
    count: int  # every selected application
    by_hub: dict[str, int]
    pools_left: dict[Any, float]  # pool (or its label) -> what is left
    binding: list[str]
    left_out: list[dict[str, Any]] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    others: Others | None = None  # None: the reader sees every one
    left_out_others: int = 0
    grants: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ref -> offer codes

    @property
    def gap_percent(self) -> float | None:
        """How far below the best possible it may be, in percent (proven)."""
        return None if self.gap is None else 100 * self.gap


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
    pools: list[PoolUse] = field(default_factory=list)  # the best combination's use


def _solver_status(status: str) -> str:
    label = SOLVER_STATUS_LABELS.get(status)
    return gettext(label) if label else status


# Parameters of the optimiser's sentences that are amounts of the sentence's pool.
AMOUNT_PARAMS = ("left", "smallest", "amount")


def _named(
    stored: Any,
    pools: Mapping[str, Any],
    hubs: Mapping[str, str],
    ref_text: Callable[[str], str] | None = None,
) -> Any:
    """A stored sentence with its pool and hub codes as people name them, each amount
    of a known pool with its unit ("USD 2,500", "6 h"), and each application by the
    reference the page shows (`ref_text`), nested sentences too."""
    if isinstance(stored, list):
        return [_named(item, pools, hubs, ref_text) for item in stored]
    if not (isinstance(stored, Mapping) and "code" in stored):
        return stored
    params = {k: _named(v, pools, hubs, ref_text) for k, v in stored.get("params", {}).items()}
    if ref_text is not None:
        if isinstance(params.get("ref"), str):
            params["ref"] = ref_text(params["ref"])
        if isinstance(params.get("refs"), str):
            params["refs"] = ", ".join(ref_text(ref) for ref in params["refs"].split(", "))
    pool = pools.get(params.get("pool", ""))
    if pool is not None:
        params["pool"] = str(pool)
        for name in AMOUNT_PARAMS:
            if name in params and hasattr(pool, "amount_text"):
                with contextlib.suppress(InvalidOperation):
                    params[name] = pool.amount_text(Decimal(str(params[name])))
    if params.get("hub") in hubs:
        params["hub"] = hubs[params["hub"]]
    return {**stored, "params": params}


def _portfolio(
    result: dict[str, Any] | None,
    labels: Mapping[str, Any] | None = None,
    visibility: Visibility = EVERYTHING,
    hubs: Mapping[str, str] | None = None,
    ref_text: Callable[[str], str] | None = None,
) -> Portfolio | None:
    if not result:
        return None
    labels = labels or {}
    hubs = hubs or {}

    def said(stored: Any) -> str:
        return say(_named(mask(stored, visibility), labels, hubs, ref_text), gettext)

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
            said(b["detail"]) if b.get("detail") else b.get("name") or ""
            for b in result.get("binding", [])
        ],
        left_out=[
            {**item, "why": [said(line) for line in item.get("why", [])]} for item in shown_left_out
        ],
        explanation=[said(line) for line in result.get("explanation", [])],
        others=None if visibility.everything else _others(hidden, result, labels),
        left_out_others=len(left_out) - len(shown_left_out),
        grants={
            grant["ref"]: tuple(grant.get("offers", ()))
            for grant in result.get("selected", [])
            if visibility.sees(grant["ref"])
        },
    )


def _pool_uses(scenario: Scenario, labels: Mapping[str, Any]) -> list[PoolUse]:
    """Each pool's capacity in this scenario (its settings) against what is left."""
    left = (scenario.result or {}).get("pools_left", {})
    capacities = (scenario.params or {}).get("pools", {})
    return [
        PoolUse(labels.get(code, code), float(capacity), float(capacity) - float(left[code]))
        for code, capacity in capacities.items()
        if code in left
    ]


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


def _others(hidden: list[str], result: dict[str, Any], labels: Mapping[str, Any]) -> Others:
    uses: Counter[Any] = Counter()
    for ref in hidden:
        for code, amount in result.get("uses", {}).get(ref, {}).items():
            uses[labels.get(code, code)] += amount
    return Others(len(hidden), {label: amount for label, amount in uses.items() if amount})


def compare(
    scenarios: list[Scenario],
    labels: Mapping[str, Any] | None = None,
    visibility: Visibility = EVERYTHING,
    hubs: Mapping[str, str] | None = None,
    ref_text: Callable[[str], str] | None = None,
) -> list[Column]:
    """Newest first; each column says what changed against the one run before it.
    `labels` names pools as people read them (code -> label, or code -> the pool, so a
    page can write each amount with its unit); `visibility` is what the reader may see
    of each portfolio; `hubs` names hubs in the optimiser's sentences (code -> name);
    `ref_text` writes an application's reference as the page shows it."""
    columns = []
    for index, scenario in enumerate(scenarios):
        optimal = _portfolio(scenario.result, labels, visibility, hubs, ref_text)
        greedy = _portfolio(scenario.greedy, labels, visibility, hubs, ref_text)
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
                pools=_pool_uses(scenario, labels or {}),
            )
        )
    return columns


def pools_side_by_side(columns: list[Column]) -> list[tuple[Any, list[PoolUse | None]]]:
    """Each pool (in the order the scenarios list them) with its use in every column."""
    pools: list[Any] = []
    for column in columns:
        pools += [use.pool for use in column.pools if use.pool not in pools]
    return [
        (pool, [next((u for u in column.pools if u.pool == pool), None) for column in columns])
        for pool in pools
    ]


def side_by_side(columns: list[Column]) -> list[ApplicationRow]:
    """Every application the reader sees selected in any column, in reference order,
    with what each column grants it; `differs` marks what changes between the finished
    scenarios (selected in some only, or granted other offers)."""
    done = [column.optimal for column in columns]
    refs = sorted({ref for portfolio in done if portfolio for ref in portfolio.grants})
    rows = []
    for ref in refs:
        offers = [None if p is None else p.grants.get(ref) for p in done]
        seen = {tuple(sorted(o)) for o in offers if o is not None}
        finished = [o for p, o in zip(done, offers, strict=True) if p is not None]
        granted = [set(o) for o in finished if o is not None]
        everywhere = set.intersection(*granted) if granted else set()
        grants = [
            None
            if o is None
            else Grant(
                o,
                changed=len(seen) > 1 and len(finished) > 1,
                only_here=tuple(code for code in o if code not in everywhere),
            )
            for o in offers
        ]
        rows.append(
            ApplicationRow(ref, grants, differs=len(seen) > 1 or any(o is None for o in finished))
        )
    return rows


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
