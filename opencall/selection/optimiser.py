"""Which events HOT supports, and with which offers: a mixed-integer program.

Pure Python: no Django import, so it can be tested, benchmarked and run from the
command line on its own (ARCHITECTURE: the two pure cores).

Variables: x[a] = 1 when application a is supported; y[a,o] = 1 when its offer o is
granted. Maximise sum value[a,o] * y[a,o] subject to: y <= x; x <= sum of y over its
representative offers (a supported event gets something; see `_representatives`);
y == x for all-or-nothing applications; y[a,o] <= y[a,o'] for each offer type o' that o
requires; one knapsack row per resource pool; sum x <= max_events; hub min <= sum x
over the hub <= hub max; locks fix x (and y for "out"). Solved with HiGHS through
`scipy.optimize.milp`. docs/optimiser.md has the model, and the exact meaning of
`binding` and of the `why` of each left-out event.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from opencall.selection.instance import Application, Instance

Status = Literal["optimal", "infeasible", "time_limit", "heuristic", "heuristic_failed"]
BindingKind = Literal["pool", "max_events", "hub_min", "hub_max"]

# Amounts closer than this (relative to the pool's capacity, at least 1) count as equal:
# HiGHS accepts rows that overflow by its feasibility tolerance (1e-7).
_TOL = 1e-6


@dataclass(frozen=True)
class Grant:
    """A supported application and the offer types granted to it."""

    ref: str
    offers: tuple[str, ...]
    value: float


@dataclass(frozen=True)
class Binding:
    """A constraint that holds the selection back (definition in docs/optimiser.md)."""

    kind: BindingKind
    name: str | None  # the pool or hub; None for max_events
    limit: float
    used: float
    detail: str


@dataclass(frozen=True)
class Need:
    """What one way into the selection lacks: a bundle of offers and the pool shortfalls."""

    offers: tuple[str, ...]  # an offer with the offers it requires, or all (all_or_nothing)
    value: float
    short: Mapping[str, float]  # pool -> amount missing beyond what is left; empty if it fits


@dataclass(frozen=True)
class LeftOut:
    ref: str
    why: tuple[str, ...]  # sentences, most decisive first
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class Selection:
    status: Status
    value: float | None  # None when no feasible selection is known
    gap: float | None  # relative MIP gap; 0.0 when proven optimal, None when unknown
    selected: tuple[Grant, ...]
    pools_left: Mapping[str, float]
    binding: tuple[Binding, ...]
    left_out: tuple[LeftOut, ...]
    explanation: tuple[str, ...]  # why infeasible / why no solution; empty otherwise
    message: str
    seconds: float


# --------------------------------------------------------------------------- compiling


@dataclass(frozen=True)
class Model:
    """The instance flattened into arrays: applications 0..A-1, offers 0..K-1."""

    instance: Instance
    pools: tuple[str, ...]
    capacity: np.ndarray  # (P,)
    app_of: np.ndarray  # (K,) application of each offer
    first: np.ndarray  # (A+1,) offers of application a are first[a]:first[a+1]
    types: tuple[str, ...]  # (K,)
    value: np.ndarray  # (K,)
    cost: np.ndarray  # (P, K) dense: P is small, and explanations need columns
    closure: tuple[tuple[int, ...], ...]  # (K,) the offer and all it requires, transitively
    grantable: np.ndarray  # (K,) bool: can ever be granted
    rep: np.ndarray  # (K,) bool: needs no other offer outside its group (see _representatives)
    supportable: np.ndarray  # (A,) bool: can ever be supported
    aon: np.ndarray  # (A,) bool
    lock_in: np.ndarray  # (A,) bool
    lock_out: np.ndarray  # (A,) bool
    req_from: np.ndarray  # (R,) offer that requires ...
    req_to: np.ndarray  # (R,) ... this offer of the same application
    hubs: tuple[str, ...]  # hubs with bounds
    hub_of: np.ndarray  # (A,) index into hubs, -1 when the hub has no bounds
    hub_min: np.ndarray  # (H,)
    hub_max: np.ndarray  # (H,) inf when unbounded

    @property
    def n_apps(self) -> int:
        return len(self.instance.applications)

    @property
    def n_offers(self) -> int:
        return len(self.types)


def compile_instance(instance: Instance) -> Model:
    pools = tuple(instance.pools)
    pool_index = {p: i for i, p in enumerate(pools)}
    hubs = tuple(instance.hubs)
    hub_index = {h: i for i, h in enumerate(hubs)}
    apps = instance.applications
    first = np.zeros(len(apps) + 1, dtype=np.int64)
    np.cumsum([len(a.offers) for a in apps], out=first[1:])
    n_offers = int(first[-1])
    cost = np.zeros((len(pools), n_offers))
    types: list[str] = []
    values: list[float] = []
    closure: list[tuple[int, ...]] = []
    grantable = np.zeros(n_offers, dtype=bool)
    rep = np.zeros(n_offers, dtype=bool)
    req_from: list[int] = []
    req_to: list[int] = []
    for a, app in enumerate(apps):
        base = int(first[a])
        for j, offer in enumerate(app.offers):
            types.append(offer.type)
            values.append(offer.value)
            for pool, amount in offer.cost.items():
                cost[pool_index[pool], base + j] = amount
        offers_closure, missing = _closures(app)
        by_type = {o.type: j for j, o in enumerate(app.offers)}
        for j, needed in enumerate(offers_closure):
            closure.append(tuple(base + i for i in sorted(needed)))
            grantable[base + j] = not missing[j] and app.locked != "out"
            # Direct requirements only: the chain of rows implies the transitive ones.
            for i in {by_type[t] for t in app.offers[j].requires if t in by_type} - {j}:
                req_from.append(base + j)
                req_to.append(base + i)
        own = slice(base, base + len(app.offers))
        if app.all_or_nothing and not all(grantable[own]):
            grantable[own] = False  # one refusal sinks the bundle
        rep[own] = _representatives(offers_closure, grantable[own].tolist())
    app_of = np.repeat(np.arange(len(apps)), np.diff(first))
    aon = np.array([a.all_or_nothing for a in apps], dtype=bool)
    has_grantable = np.zeros(len(apps), dtype=bool)
    has_grantable[app_of[grantable]] = True
    return Model(
        instance=instance,
        pools=pools,
        capacity=np.array([instance.pools[p] for p in pools], dtype=float),
        app_of=app_of,
        first=first,
        types=tuple(types),
        value=np.array(values, dtype=float),
        cost=cost,
        closure=tuple(closure),
        grantable=grantable,
        rep=rep,
        supportable=has_grantable,
        aon=aon,
        lock_in=np.array([a.locked == "in" for a in apps], dtype=bool),
        lock_out=np.array([a.locked == "out" for a in apps], dtype=bool),
        req_from=np.array(req_from, dtype=np.int64),
        req_to=np.array(req_to, dtype=np.int64),
        hubs=hubs,
        hub_of=np.array(
            [-1 if a.hub is None else hub_index.get(a.hub, -1) for a in apps], dtype=np.int64
        ),
        hub_min=np.array([instance.hubs[h].min for h in hubs], dtype=float),
        hub_max=np.array(
            [math.inf if instance.hubs[h].max is None else instance.hubs[h].max for h in hubs]
        ),
    )


def _closures(app: Application) -> tuple[list[set[int]], list[bool]]:
    """For each offer: the offers it needs (itself included), and whether one is missing."""
    by_type = {o.type: j for j, o in enumerate(app.offers)}
    closures: list[set[int]] = []
    missing: list[bool] = []
    for j in range(len(app.offers)):
        seen, todo, lacks = {j}, [j], False
        while todo:
            for kind in app.offers[todo.pop()].requires:
                i = by_type.get(kind)
                if i is None:
                    lacks = True
                elif i not in seen:
                    seen.add(i)
                    todo.append(i)
        closures.append(seen)
        missing.append(lacks)
    return closures, missing


def _representatives(closures: list[set[int]], usable: list[bool]) -> list[bool]:
    """Usable offers whose closure is minimal (the first of offers that require each other).

    Any non-empty set of grants that honours `requires` contains one of them: take a
    granted offer, follow what it requires down to a minimal closure. So "supported"
    only needs `x <= sum of y over these`, a tighter row than over all offers.
    """
    reps = []
    for j, mine in enumerate(closures):
        others = [c for i, c in enumerate(closures) if usable[i] and i != j]
        smaller = any(c < mine for c in others)
        same_earlier = any(usable[i] and closures[i] == mine for i in range(j))
        reps.append(usable[j] and not smaller and not same_earlier)
    return reps


# ------------------------------------------------------------------- the constraint matrix


Group = tuple[str, str | None]  # a relaxable group of rows: ("pool", name), ("hub", name)...
_FIXED: Group = ("", None)  # structural rows, never relaxed


@dataclass(frozen=True)
class _Rows:
    matrix: sparse.csr_array
    lower: np.ndarray
    upper: np.ndarray
    group: tuple[Group, ...]  # per row


class _RowBuilder:
    """Collects blocks of rows as COO triplets (numpy arrays, no Python loop per entry)."""

    def __init__(self, n_columns: int) -> None:
        self.n_columns = n_columns
        self.triplets: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.groups: list[Group] = []
        self.rows = 0

    def add(
        self,
        row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        groups: list[Group] | Group = _FIXED,
    ) -> None:
        """Rows numbered from 0 within the block; `lower`/`upper` give one bound per row."""
        self.triplets.append((row + self.rows, col, val))
        self.lower.append(np.asarray(lower, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.groups.extend(groups if isinstance(groups, list) else [groups] * len(lower))
        self.rows += len(lower)

    def build(self) -> _Rows:
        r, c, v = (np.concatenate(parts) for parts in zip(*self.triplets, strict=True))
        matrix = sparse.coo_array((v, (r, c)), shape=(self.rows, self.n_columns)).tocsr()
        return _Rows(
            matrix, np.concatenate(self.lower), np.concatenate(self.upper), tuple(self.groups)
        )


def build_rows(model: Model) -> _Rows:
    """The constraint matrix; columns are [x (A), y (K)]."""
    rows = _RowBuilder(model.n_apps + model.n_offers)
    _link_rows(rows, model)
    _requires_rows(rows, model)
    _resource_rows(rows, model)
    return rows.build()


def _link_rows(rows: _RowBuilder, model: Model) -> None:
    n_a, n_k = model.n_apps, model.n_offers
    k = np.arange(n_k)
    reps = np.bincount(model.app_of[model.rep], minlength=n_a)
    # y <= x; equality when the application is all-or-nothing, or for its one
    # representative (then "supported" and "that offer granted" are the same thing).
    equal = model.aon[model.app_of] | (model.rep & (reps[model.app_of] == 1))
    rows.add(
        np.concatenate([k, k]),
        np.concatenate([n_a + k, model.app_of]),
        np.concatenate([np.ones(n_k), -np.ones(n_k)]),
        np.where(equal, 0.0, -np.inf),
        np.zeros(n_k),
    )
    # x <= sum of y over its representatives: a supported event gets at least one offer.
    some = np.flatnonzero(~model.aon & (reps >= 2))
    row_of = np.full(n_a, -1)
    row_of[some] = np.arange(len(some))
    member = (row_of[model.app_of] >= 0) & model.rep
    rows.add(
        np.concatenate([row_of[some], row_of[model.app_of[member]]]),
        np.concatenate([some, n_a + k[member]]),
        np.concatenate([np.ones(len(some)), -np.ones(int(member.sum()))]),
        np.full(len(some), -np.inf),
        np.zeros(len(some)),
    )


def _requires_rows(rows: _RowBuilder, model: Model) -> None:
    # y[o] <= y[o']; an o' the application does not request fixed y[o] = 0 by its bound.
    n_a, n_r = model.n_apps, len(model.req_from)
    rows.add(
        np.concatenate([np.arange(n_r)] * 2),
        np.concatenate([n_a + model.req_from, n_a + model.req_to]),
        np.concatenate([np.ones(n_r), -np.ones(n_r)]),
        np.full(n_r, -np.inf),
        np.zeros(n_r),
    )


def _resource_rows(rows: _RowBuilder, model: Model) -> None:
    n_a = model.n_apps
    pool, offer = np.nonzero(model.cost)
    rows.add(
        pool,
        n_a + offer,
        model.cost[pool, offer],
        np.full(len(model.pools), -np.inf),
        model.capacity,
        [("pool", p) for p in model.pools],
    )
    if model.instance.max_events is not None:
        rows.add(
            np.zeros(n_a, dtype=np.int64),
            np.arange(n_a),
            np.ones(n_a),
            np.array([-np.inf]),
            np.array([model.instance.max_events]),
            ("max_events", None),
        )
    bounded = np.flatnonzero(model.hub_of >= 0)
    rows.add(
        model.hub_of[bounded],
        bounded,
        np.ones(len(bounded)),
        model.hub_min,
        model.hub_max,
        [("hub", h) for h in model.hubs],
    )


def _bounds(model: Model) -> tuple[np.ndarray, np.ndarray]:
    lower = np.concatenate([model.lock_in.astype(float), np.zeros(model.n_offers)])
    upper = np.concatenate([model.supportable.astype(float), model.grantable.astype(float)])
    return lower, upper


# ------------------------------------------------------------------------------ solving


def optimise(
    instance: Instance, *, time_limit_s: float | None = None, mip_rel_gap: float = 0.0
) -> Selection:
    """The best selection, proven within `mip_rel_gap` (0: exact, up to HiGHS' 1e-6 absolute).

    Infeasible instances are a result, not an error: `explanation` says why.
    """
    started = time.perf_counter()
    limit = instance.time_limit_s if time_limit_s is None else time_limit_s
    model = compile_instance(instance)
    if obvious := precheck(model):
        return _empty(
            model, "infeasible", obvious, _NO_SELECTION + " (found before solving)", started
        )
    rows = build_rows(model)
    res = _solve(rows, -_objective(model), _bounds(model), limit, mip_rel_gap)
    if res.status == 2:
        remaining = max(limit - (time.perf_counter() - started), 0.1)
        reasons = conflict(model, rows, remaining)
        return _empty(model, "infeasible", reasons, _NO_SELECTION + " (proved by HiGHS)", started)
    if res.x is None:
        if res.status != 1:
            raise RuntimeError(f"HiGHS failed: {res.message}")
        text = (
            f"no feasible selection found within the time limit of {limit:g} s; the instance "
            "may still be feasible: raise time_limit_s"
        )
        return _empty(model, "time_limit", [text], text, started)
    x, y = _decode(model, res.x)
    gap: float | None
    if res.status == 0:
        status: Status = "optimal"
        gap = 0.0 if mip_rel_gap == 0 else float(res.mip_gap or 0.0)
        within = f" within a relative gap of {mip_rel_gap:g}" if mip_rel_gap else ""
        message = "proven optimal" + within
    else:
        status = "time_limit"
        gap = float(res.mip_gap) if res.mip_gap is not None and math.isfinite(res.mip_gap) else None
        message = f"time limit of {limit:g} s reached: best selection found, not proven optimal"
    return portfolio_result(model, x, y, status, gap, message, started)


_NO_SELECTION = "no selection satisfies every constraint"


def _objective(model: Model) -> np.ndarray:
    return np.concatenate([np.zeros(model.n_apps), model.value])


def _solve(
    rows: _Rows,
    c: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    limit: float,
    mip_rel_gap: float,
) -> OptimizeResult:
    return milp(
        c,
        integrality=np.ones(len(c)),
        bounds=Bounds(*bounds),
        constraints=LinearConstraint(rows.matrix, rows.lower, rows.upper),
        options={"time_limit": max(limit, 0.01), "mip_rel_gap": mip_rel_gap, "disp": False},
    )


def _decode(model: Model, solution: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chosen = solution > 0.5
    return chosen[: model.n_apps], chosen[model.n_apps :]


def _empty(
    model: Model, status: Status, reasons: list[str], message: str, started: float
) -> Selection:
    """A result with nothing selected: infeasible, or no solution found in time."""
    return Selection(
        status=status,
        value=None,
        gap=None,
        selected=(),
        pools_left=dict(zip(model.pools, model.capacity.tolist(), strict=True)),
        binding=(),
        left_out=(),
        explanation=tuple(reasons),
        message=message,
        seconds=time.perf_counter() - started,
    )


# ----------------------------------------------------------------------- infeasibility


def precheck(model: Model) -> list[str]:
    """Cheap, obvious reasons why no selection can exist (empty list when none is found)."""
    inst, reasons = model.instance, []
    apps = inst.applications
    for a in np.flatnonzero(model.lock_in & ~model.supportable):
        reasons.append(f"{apps[a].ref} is locked in but {_unsupportable(apps[a])}")
    for h, hub in enumerate(model.hubs):
        members = model.hub_of == h
        possible = int((members & model.supportable).sum())
        forced = int((members & model.lock_in).sum())
        if model.hub_min[h] > model.hub_max[h]:  # the JSON reader refuses it; the API may not
            reasons.append(
                f"hub {hub} has a minimum ({int(model.hub_min[h])}) above its maximum "
                f"({int(model.hub_max[h])})"
            )
        elif possible < model.hub_min[h]:
            reasons.append(
                f"hub {hub} needs at least {int(model.hub_min[h])} supported events but only "
                f"{possible} of its {int(members.sum())} applications can be supported"
            )
        if forced > model.hub_max[h]:
            reasons.append(
                f"hub {hub} allows at most {_events(int(model.hub_max[h]))} but {forced} "
                "of its applications are locked in"
            )
    reasons += _precheck_max_events(model)
    if not reasons:
        reasons += _precheck_pools(model)
    return reasons


def _unsupportable(app: Application) -> str:
    if not app.offers:
        return "it requests no offers"
    if app.all_or_nothing:
        return "it is all-or-nothing and one of its offers requires a type it does not request"
    return "each of its offers requires a type it does not request"


def _precheck_max_events(model: Model) -> list[str]:
    cap = model.instance.max_events
    if cap is None:
        return []
    forced = int(model.lock_in.sum())
    if forced > cap:
        return [f"max_events is {cap} but {forced} applications are locked in"]
    needed = _least_events(model)
    if needed > cap:
        return [
            f"max_events is {cap} but the hub minimums and locked-in applications "
            f"need at least {needed} events"
        ]
    return []


def _least_events(model: Model) -> int:
    """Fewest events any selection has: hub minimums, and locked-in events outside them."""
    need = 0
    for h in range(len(model.hubs)):
        members = model.hub_of == h
        need += max(int(model.hub_min[h]), int((members & model.lock_in).sum()))
    return need + int((model.lock_in & (model.hub_of < 0)).sum())


def _precheck_pools(model: Model) -> list[str]:
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
        if locked > model.capacity[p] * (1 + _TOL) + _TOL:
            refs = ", ".join(_refs(model, np.flatnonzero(model.lock_in & (floor[p] > 0))))
            reasons.append(
                f"pool {pool}: the locked-in applications ({refs}) need at least "
                f"{_fmt(locked)} but its capacity is {_fmt(model.capacity[p])}"
            )
        elif bound > model.capacity[p] * (1 + _TOL) + _TOL:
            reasons.append(
                f"pool {pool}: the hub minimums {', '.join(hubs)} with the locked-in "
                f"applications need at least {_fmt(bound)} but its capacity is "
                f"{_fmt(model.capacity[p])}"
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


def conflict(model: Model, rows: _Rows, seconds: float) -> list[str]:
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
    intro = (
        "these constraints cannot all hold together"
        if finished
        else "ran out of time narrowing down; these constraints are involved"
    )
    return [f"{intro}: " + "; ".join(_describe_group(model, g) for g in keep)]


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


def _still_infeasible(model: Model, rows: _Rows, keep: Sequence[Group], seconds: float) -> bool:
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
    var_lower, var_upper = _bounds(model)
    if ("locked_in", None) not in kept:
        var_lower[: model.n_apps] = 0.0
    relaxed = _Rows(rows.matrix, lower, upper, rows.group)
    zero = np.zeros(model.n_apps + model.n_offers)
    return _solve(relaxed, zero, (var_lower, var_upper), seconds, 0.0).status == 2


def _describe_group(model: Model, group: Group) -> str:
    kind, name = group
    inst = model.instance
    if kind == "locked_in":
        return "locked-in applications " + ", ".join(_refs(model, np.flatnonzero(model.lock_in)))
    if kind == "hub_min" and name is not None:
        return f"hub {name} min {inst.hubs[name].min}"
    if kind == "hub_max" and name is not None:
        return f"hub {name} max {inst.hubs[name].max}"
    if kind == "max_events":
        return f"max_events {inst.max_events}"
    return f"pool {name} (capacity {_fmt(inst.pools[name or ''])})"


# ------------------------------------------------------------------- explaining results


def portfolio_result(
    model: Model,
    x: np.ndarray,
    y: np.ndarray,
    status: Status,
    gap: float | None,
    message: str,
    started: float,
    *,
    whole_only: bool = False,
    explanation: Iterable[str] = (),
) -> Selection:
    """Describe a selection (x, y as booleans): grants, pools left, binding, why-not."""
    apps = model.instance.applications
    used = model.cost @ y
    left = model.capacity - used
    left[np.abs(left) <= _TOL * np.maximum(model.capacity, 1.0)] = 0.0
    worth = np.bincount(model.app_of, model.value * y, minlength=model.n_apps)
    selected = tuple(
        Grant(
            ref=apps[a].ref,
            offers=tuple(model.types[k] for k in _offers_of(model, a) if y[k]),
            value=float(worth[a]),
        )
        for a in np.flatnonzero(x).tolist()
    )
    binding = _binding(model, x, y, left)
    context = _Context(model, x, y, left, selected, whole_only)
    return Selection(
        status=status,
        value=float(model.value[y].sum()),
        gap=gap,
        selected=selected,
        pools_left=dict(zip(model.pools, left.tolist(), strict=True)),
        binding=binding,
        left_out=tuple(context.why(a) for a in np.flatnonzero(~x).tolist()),
        explanation=tuple(explanation),
        message=message,
        seconds=time.perf_counter() - started,
    )


def _offers_of(model: Model, a: int) -> range:
    return range(int(model.first[a]), int(model.first[a + 1]))


def _binding(model: Model, x: np.ndarray, y: np.ndarray, left: np.ndarray) -> tuple[Binding, ...]:
    """Pools nothing more fits in, max_events reached, hub bounds at their limit."""
    out: list[Binding] = []
    waiting = model.grantable & ~y  # offers that could still be granted, but are not
    for p, pool in enumerate(model.pools):
        uses = waiting & (model.cost[p] > 0)
        smallest = float(model.cost[p, uses].min()) if uses.any() else math.inf
        limit, used = float(model.capacity[p]), float(model.capacity[p] - left[p])
        if left[p] <= 0:
            out.append(Binding("pool", pool, limit, used, f"pool {pool}: fully used"))
        elif left[p] < smallest < math.inf:  # an offer is waiting, and none fits
            detail = (
                f"pool {pool}: {_fmt(left[p])} left, less than any offer not granted "
                f"needs from it (at least {_fmt(smallest)})"
            )
            out.append(Binding("pool", pool, limit, used, detail))
    count, cap = int(x.sum()), model.instance.max_events
    if cap is not None and count >= cap:
        detail = f"max_events: {_events(count)}, the maximum"
        out.append(Binding("max_events", None, float(cap), float(count), detail))
    for h, hub in enumerate(model.hubs):
        n, low, high = int(x[model.hub_of == h].sum()), model.hub_min[h], model.hub_max[h]
        if low > 0 and n <= low:
            detail = f"hub {hub}: {_events(n)}, its minimum"
            out.append(Binding("hub_min", hub, float(low), float(n), detail))
        if n >= high:
            detail = f"hub {hub}: {_events(n)}, its maximum"
            out.append(Binding("hub_max", hub, float(high), float(n), detail))
    return tuple(out)


@dataclass(frozen=True)
class _Context:
    model: Model
    x: np.ndarray
    y: np.ndarray
    left: np.ndarray
    selected: tuple[Grant, ...]
    whole_only: bool

    def why(self, a: int) -> LeftOut:
        model, app = self.model, self.model.instance.applications[a]
        if app.locked == "out":
            return LeftOut(app.ref, ("locked out",), ())
        if not model.supportable[a]:
            return LeftOut(app.ref, (f"cannot be supported: {_unsupportable(app)}",), ())
        needs = self.needs(a)
        why = self.bounds_reached(a)
        why += [self.shortfall_text(n) for n in needs if n.short]
        why += self.ungrantable(a)
        fitting = [n for n in needs if not n.short]
        if fitting and not why:
            why.append(self.fits_anyway(fitting))
        return LeftOut(app.ref, tuple(why), tuple(needs))

    def needs(self, a: int) -> list[Need]:
        """Each way in (whole bundle, or one offer with what it requires) and its shortfalls."""
        model = self.model
        offers = [k for k in _offers_of(model, a) if model.grantable[k]]
        if model.aon[a] or self.whole_only:
            bundles = [tuple(offers)]
        else:
            bundles = [tuple(sorted(model.closure[k])) for k in offers]
        return [self.need(b) for b in bundles]

    def need(self, bundle: tuple[int, ...]) -> Need:
        model = self.model
        missing = model.cost[:, list(bundle)].sum(axis=1) - self.left
        slack = _TOL * np.maximum(model.capacity, 1.0)
        short = {model.pools[p]: float(missing[p]) for p in np.flatnonzero(missing > slack)}
        return Need(
            offers=tuple(model.types[k] for k in bundle),
            value=float(model.value[list(bundle)].sum()),
            short=short,
        )

    def bounds_reached(self, a: int) -> list[str]:
        model, out = self.model, []
        h = int(model.hub_of[a])
        if h >= 0 and self.x[model.hub_of == h].sum() >= model.hub_max[h]:
            out.append(f"hub {model.hubs[h]} max ({int(model.hub_max[h])}) reached")
        cap = model.instance.max_events
        if cap is not None and self.x.sum() >= cap:
            offers = _offers_of(model, a)
            full = float(model.value[offers][model.grantable[offers]].sum())
            out.append(self.max_events_text(cap, full, a))
        return out

    def max_events_text(self, cap: int, value: float, a: int) -> str:
        weakest = self.weakest_swappable(a)
        if weakest is None:
            return f"max_events ({cap}) reached, and no selected event could make room"
        ref, worth = self.model.instance.applications[weakest].ref, self.granted[weakest]
        if value <= worth:
            return (
                f"max_events ({cap}) reached, and its whole request is worth "
                f"{_fmt(value)}, not more than the least valuable selected application "
                f"that could make room ({ref}: {_fmt(worth)})"
            )
        return (
            f"max_events ({cap}) reached; its whole request is worth more ({_fmt(value)}) "
            f"than the least valuable selected application that could make room ({ref}: "
            f"{_fmt(worth)}), but no swap fits the pools and bounds with a higher total"
        )

    def weakest_swappable(self, a: int) -> int | None:
        """The least valuable selected event that could give its place to `a`: not locked
        in, and not holding its hub at the minimum (unless `a` is of the same hub)."""
        h = int(self.model.hub_of[a])
        pick = self.weakest_free
        if h >= 0 and self.weakest_in_hub[h] is not None:
            other = self.weakest_in_hub[h]
            if pick is None or self.granted[other] < self.granted[pick]:
                pick = other
        return pick

    @cached_property
    def granted(self) -> np.ndarray:
        return np.bincount(
            self.model.app_of, self.model.value * self.y, minlength=self.model.n_apps
        )

    @cached_property
    def at_min(self) -> np.ndarray:
        """(A,) bool: the application is in a hub whose count is at its minimum."""
        model = self.model
        count = np.bincount(model.hub_of[self.x & (model.hub_of >= 0)], minlength=len(model.hubs))
        # one extra False at the end, for hub_of == -1 (no bounds)
        return np.append(count <= model.hub_min, False)[model.hub_of]

    @cached_property
    def weakest_free(self) -> int | None:
        return self._weakest(self.x & ~self.model.lock_in & ~self.at_min)

    @cached_property
    def weakest_in_hub(self) -> list[int | None]:
        movable = self.x & ~self.model.lock_in
        return [
            self._weakest(movable & (self.model.hub_of == h)) for h in range(len(self.model.hubs))
        ]

    def _weakest(self, mask: np.ndarray) -> int | None:
        if not mask.any():
            return None
        idx = np.flatnonzero(mask)
        return int(idx[np.argmin(self.granted[idx])])

    def ungrantable(self, a: int) -> list[str]:
        model, app = self.model, self.model.instance.applications[a]
        requested = {o.type for o in app.offers}
        out = []
        for k in _offers_of(model, a):
            if model.grantable[k]:
                continue
            missing = sorted(
                {t for i in model.closure[k] for t in app.offers[i - model.first[a]].requires}
                - requested
            )
            out.append(
                f"{model.types[k]} can never be granted: it requires {', '.join(missing)}, "
                "which the application does not request"
            )
        return out

    def shortfall_text(self, need: Need) -> str:
        lacks = ", ".join(
            f"{_fmt(amount)} more in {pool} ({_fmt(self.left[self.model.pools.index(pool)])} left)"
            for pool, amount in need.short.items()
        )
        return f"{' + '.join(need.offers)} needs {lacks}"

    def fits_anyway(self, needs: list[Need]) -> str:
        best = max(needs, key=lambda n: n.value)
        if best.value <= 0:
            return f"{' + '.join(best.offers)} fits in what is left but adds no value"
        return (
            f"{' + '.join(best.offers)} fits in what is left (value {_fmt(best.value)}): "
            "the search stopped before it could be added"
        )


def _refs(model: Model, indices: Iterable[int]) -> list[str]:
    apps = model.instance.applications
    return [apps[int(a)].ref for a in indices]


def _events(n: int) -> str:
    return f"{n} event" + ("" if n == 1 else "s")


def _fmt(amount: float) -> str:
    return f"{amount:.2f}".rstrip("0").rstrip(".")
