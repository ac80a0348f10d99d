"""The instance compiled into arrays: what the program, its checks and its texts read.

Pure Python: no Django import. `compile_instance` flattens the applications and
their offers once (costs per pool, what each offer requires, what can ever be
granted or supported, locks, hub bounds), so that the solver rows, the pre-check
and the explanations all work on the same numbers. The wording helpers at the end
are shared by `feasibility` and `explain`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from opencall.selection.instance import Application, Instance
from opencall.selection.texts import Text

# Amounts closer than this (relative to the pool's capacity, at least 1) count as equal:
# HiGHS accepts rows that overflow by its feasibility tolerance (1e-7).
TOL = 1e-6


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


# ------------------------------------------------------------------------------ wording


def unsupportable(app: Application) -> Text:
    if not app.offers:
        return Text("unsupportable.no_offers")
    if app.all_or_nothing:
        return Text("unsupportable.bundle")
    return Text("unsupportable.requires")
