"""Why no selection exists: a cheap pre-check, and a conflict search after HiGHS.

Pure Python: no Django import. `precheck` finds the obvious reasons before any solve
(a locked-in application that can never be supported, hub bounds that cannot be met,
pools the locks and hub minimums already overflow). When only the solver sees the
infeasibility, `conflict` names a minimal set of constraint groups that cannot hold
together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence

import numpy as np

from opencall.selection.program import TOL, Model, unsupportable
from opencall.selection.solver import Group, Rows, solve, variable_bounds
from opencall.selection.texts import Text, fmt


def precheck(model: Model) -> list[Text]:
    """Cheap, obvious reasons why no selection can exist (empty list when none is found)."""
    inst, reasons = model.instance, []
    apps = inst.applications
    for a in np.flatnonzero(model.lock_in & ~model.supportable):
        reasons.append(
            Text(
                "infeasible.locked_unsupportable",
                ref=apps[a].ref,
                reason=(unsupportable(apps[a]),),
            )
        )
    for h, hub in enumerate(model.hubs):
        members = model.hub_of == h
        possible = int((members & model.supportable).sum())
        forced = int((members & model.lock_in).sum())
        if model.hub_min[h] > model.hub_max[h]:  # the JSON reader refuses it; the API may not
            reasons.append(
                Text(
                    "infeasible.hub_min_above_max",
                    hub=hub,
                    min=int(model.hub_min[h]),
                    max=int(model.hub_max[h]),
                )
            )
        elif possible < model.hub_min[h]:
            reasons.append(
                Text(
                    "infeasible.hub_min_unreachable",
                    hub=hub,
                    min=int(model.hub_min[h]),
                    possible=possible,
                    total=int(members.sum()),
                )
            )
        if forced > model.hub_max[h]:
            reasons.append(
                Text("infeasible.hub_max_locked", hub=hub, max=int(model.hub_max[h]), locked=forced)
            )
    reasons += _precheck_max_events(model)
    if not reasons:
        reasons += _precheck_pools(model)
    return reasons


def _precheck_max_events(model: Model) -> list[Text]:
    cap = model.instance.max_events
    if cap is None:
        return []
    forced = int(model.lock_in.sum())
    if forced > cap:
        return [Text("infeasible.max_events_locked", max=cap, locked=forced)]
    needed = _least_events(model)
    if needed > cap:
        return [Text("infeasible.max_events_minimums", max=cap, needed=needed)]
    return []


def _least_events(model: Model) -> int:
    """Fewest events any selection has: hub minimums, and locked-in events outside them."""
    need = 0
    for h in range(len(model.hubs)):
        members = model.hub_of == h
        need += max(int(model.hub_min[h]), int((members & model.lock_in).sum()))
    return need + int((model.lock_in & (model.hub_of < 0)).sum())


def _precheck_pools(model: Model) -> list[Text]:
    """Per pool, a lower bound on what locked-in events and hub minimums must spend."""
    floor = _cheapest_support(model)  # (P, A)
    reasons = []
    for p, pool in enumerate(model.pools):
        locked = float(floor[p, model.lock_in].sum())
        bound, hubs = locked, []
        for h, hub in enumerate(model.hubs):
            free = (model.hub_of == h) & model.supportable & ~model.lock_in
            extra = int(model.hub_min[h]) - int(((model.hub_of == h) & model.lock_in).sum())
            if extra > 0:
                bound += float(np.sort(floor[p, free])[:extra].sum())
                hubs.append(f"{hub} (min {int(model.hub_min[h])})")
        if locked > model.capacity[p] * (1 + TOL) + TOL:
            refs = ", ".join(_refs(model, np.flatnonzero(model.lock_in & (floor[p] > 0))))
            reasons.append(
                Text(
                    "infeasible.pool_locked",
                    pool=pool,
                    refs=refs,
                    needed=fmt(locked),
                    capacity=fmt(model.capacity[p]),
                )
            )
        elif bound > model.capacity[p] * (1 + TOL) + TOL:
            reasons.append(
                Text(
                    "infeasible.pool_minimums",
                    pool=pool,
                    hubs=", ".join(hubs),
                    needed=fmt(bound),
                    capacity=fmt(model.capacity[p]),
                )
            )
    return reasons


def _cheapest_support(model: Model) -> np.ndarray:
    """(P, A): per pool, the least an application can cost when supported (pool by pool)."""
    n_pools = len(model.pools)
    floor = np.zeros((n_pools, model.n_apps))
    for a in np.flatnonzero(model.supportable):
        lo, hi = int(model.first[a]), int(model.first[a + 1])
        if model.aon[a]:
            floor[:, a] = model.cost[:, lo:hi].sum(axis=1)
            continue
        options = [_bundle_cost(model, k) for k in range(lo, hi) if model.grantable[k]]
        floor[:, a] = np.min(options, axis=0)
    return floor


def _bundle_cost(model: Model, k: int) -> np.ndarray:
    return model.cost[:, list(model.closure[k])].sum(axis=1)


def conflict(model: Model, rows: Rows, seconds: float) -> list[Text]:
    """Name a minimal set of constraint groups that cannot hold together.

    A deletion filter over groups (each pool, each hub's min and max, max_events, the
    locked-in applications): drop a group for good if the rest stays infeasible. Each
    test is a feasibility solve with a zero objective, sharing the time budget.
    """
    deadline = time.perf_counter() + seconds
    keep = _groups(model)
    for group in list(keep):
        trial = [g for g in keep if g != group]
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        if _still_infeasible(model, rows, trial, left):
            keep = trial
    finished = time.perf_counter() < deadline
    code = "infeasible.conflict" if finished else "infeasible.conflict_partial"
    return [Text(code, groups=tuple(_describe_group(model, g) for g in keep))]


def _groups(model: Model) -> list[Group]:
    groups: list[Group] = []
    if model.lock_in.any():
        groups.append(("locked_in", None))
    groups += [("hub_min", h) for h, m in zip(model.hubs, model.hub_min, strict=True) if m > 0]
    groups += [
        ("hub_max", h) for h, m in zip(model.hubs, model.hub_max, strict=True) if m < math.inf
    ]
    if model.instance.max_events is not None:
        groups.append(("max_events", None))
    groups += [("pool", p) for p, col in zip(model.pools, model.cost, strict=True) if col.any()]
    return groups


def _still_infeasible(model: Model, rows: Rows, keep: Sequence[Group], seconds: float) -> bool:
    lower, upper = rows.lower.copy(), rows.upper.copy()
    kept = set(keep)
    for i, (kind, name) in enumerate(rows.group):
        if kind in ("pool", "max_events") and (kind, name) not in kept:
            upper[i] = np.inf
        elif kind == "hub":
            if ("hub_min", name) not in kept:
                lower[i] = -np.inf
            if ("hub_max", name) not in kept:
                upper[i] = np.inf
    var_lower, var_upper = variable_bounds(model)
    if ("locked_in", None) not in kept:
        var_lower[: model.n_apps] = 0.0
    relaxed = Rows(rows.matrix, lower, upper, rows.group)
    zero = np.zeros(model.n_apps + model.n_offers)
    return solve(relaxed, zero, (var_lower, var_upper), seconds, 0.0).status == "infeasible"


def _describe_group(model: Model, group: Group) -> Text:
    kind, name = group
    inst = model.instance
    if kind == "locked_in":
        refs = ", ".join(_refs(model, np.flatnonzero(model.lock_in)))
        return Text("group.locked_in", refs=refs)
    if kind == "hub_min" and name is not None:
        return Text("group.hub_min", hub=name, min=inst.hubs[name].min)
    if kind == "hub_max" and name is not None:
        return Text("group.hub_max", hub=name, max=str(inst.hubs[name].max))
    if kind == "max_events":
        return Text("group.max_events", max=str(inst.max_events))
    return Text("group.pool", pool=str(name), capacity=fmt(inst.pools[name or ""]))


def _refs(model: Model, indices: Iterable[int]) -> list[str]:
    apps = model.instance.applications
    return [apps[int(a)].ref for a in indices]
