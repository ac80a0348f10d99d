"""Independent checks for the optimiser: a brute force and a feasibility checker.

Written from the rules in the brief, not from the optimiser's code, so that the two
can disagree. No Django import.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import numpy as np

from opencall.selection.instance import Application, HubBounds, Instance, Offer
from opencall.selection.optimiser import Selection

Grants = Mapping[str, frozenset[str]]  # ref -> granted offer types (supported iff non-empty)


def violations(instance: Instance, grants: Grants, tol: float = 1e-6) -> list[str]:
    """Every rule a selection breaks (empty: feasible)."""
    problems: list[str] = []
    used = dict.fromkeys(instance.pools, 0.0)
    supported = {ref for ref, offers in grants.items() if offers}
    for app in instance.applications:
        granted = grants.get(app.ref, frozenset())
        types = {o.type for o in app.offers}
        if not granted <= types:
            problems.append(f"{app.ref}: grants offers it did not request")
        if app.locked == "in" and not granted:
            problems.append(f"{app.ref}: locked in but not supported")
        if app.locked == "out" and granted:
            problems.append(f"{app.ref}: locked out but supported")
        if app.all_or_nothing and granted and granted != types:
            problems.append(f"{app.ref}: all-or-nothing but only partly granted")
        for offer in app.offers:
            if offer.type not in granted:
                continue
            if missing := set(offer.requires) - granted:
                problems.append(f"{app.ref}.{offer.type}: granted without {sorted(missing)}")
            for pool, amount in offer.cost.items():
                used[pool] += amount
    for pool, total in used.items():
        if total > instance.pools[pool] + tol * max(1.0, instance.pools[pool]):
            problems.append(f"pool {pool}: {total} > {instance.pools[pool]}")
    if instance.max_events is not None and len(supported) > instance.max_events:
        problems.append(f"max_events: {len(supported)} > {instance.max_events}")
    for hub, bounds in instance.hubs.items():
        n = sum(1 for a in instance.applications if a.hub == hub and a.ref in supported)
        if n < bounds.min or (bounds.max is not None and n > bounds.max):
            problems.append(f"hub {hub}: {n} outside [{bounds.min}, {bounds.max}]")
    return problems


def grants_of(selection: Selection) -> dict[str, frozenset[str]]:
    return {g.ref: frozenset(g.offers) for g in selection.selected}


def value_of(instance: Instance, grants: Grants) -> float:
    return sum(
        o.value
        for a in instance.applications
        for o in a.offers
        if o.type in grants.get(a.ref, frozenset())
    )


def brute_force(instance: Instance) -> float | None:
    """The best value over every subset of (application, offer) grants; None if none is
    feasible. Vectorised over all 2^K subsets; meant for K <= 15."""
    offers = [(a, o) for a in instance.applications for o in a.offers]
    k = len(offers)
    masks = ((np.arange(2**k)[:, None] >> np.arange(k)) & 1).astype(bool)  # (2^k, k)
    ok = np.ones(len(masks), dtype=bool)
    col = {(a.ref, o.type): i for i, (a, o) in enumerate(offers)}
    supported = {}
    for app in instance.applications:
        cols = [col[app.ref, o.type] for o in app.offers]
        sup = masks[:, cols].any(axis=1) if cols else np.zeros(len(masks), dtype=bool)
        supported[app.ref] = sup
        if app.locked == "in":
            ok &= sup
        if app.locked == "out":
            ok &= ~sup
        if app.all_or_nothing and cols:
            ok &= masks[:, cols].all(axis=1) | ~sup
        for o in app.offers:
            for need in o.requires:
                other = col.get((app.ref, need))
                ok &= ~masks[:, col[app.ref, o.type]] | (
                    masks[:, other] if other is not None else False
                )
    for pool, capacity in instance.pools.items():
        cost = np.array([o.cost.get(pool, 0.0) for _, o in offers])
        ok &= masks @ cost <= capacity + 1e-9
    count = sum(supported.values(), np.zeros(len(masks), dtype=int))
    if instance.max_events is not None:
        ok &= count <= instance.max_events
    for hub, bounds in instance.hubs.items():
        n = sum(
            (supported[a.ref] for a in instance.applications if a.hub == hub),
            np.zeros(len(masks), dtype=int),
        )
        ok &= n >= bounds.min
        if bounds.max is not None:
            ok &= n <= bounds.max
    if not ok.any():
        return None
    values = masks @ np.array([o.value for _, o in offers])
    return float(values[ok].max())


TYPES = ("content", "editorial", "money")


def random_instance(rng: random.Random, *, max_apps: int = 5, max_offers: int = 3) -> Instance:
    """A tiny instance exercising every rule: locks, all-or-nothing, requires, hubs."""
    pools = {"hours": float(rng.randint(0, 80)), "usd": float(rng.choice([0, 1000, 2000, 3000]))}
    apps = []
    for i in range(rng.randint(1, max_apps)):
        kinds = rng.sample(TYPES, rng.randint(0 if rng.random() < 0.05 else 1, max_offers))
        offers = []
        for kind in kinds:
            cost = {}
            if rng.random() < 0.8:
                cost["hours"] = float(rng.randint(0, 30))
            if rng.random() < 0.5:
                cost["usd"] = float(rng.choice([100, 300, 700, 1200]))
            requires = tuple(t for t in TYPES if t != kind and rng.random() < 0.15)
            value = round(rng.uniform(0, 20), 2) if rng.random() > 0.05 else 0.0
            offers.append(Offer(type=kind, value=value, cost=cost, requires=requires))
        roll = rng.random()
        apps.append(
            Application(
                ref=f"A{i}",
                hub=rng.choice(["esa", "wna", None]),
                offers=tuple(offers),
                locked="in" if roll < 0.05 else "out" if roll > 0.93 else None,
                all_or_nothing=rng.random() < 0.25,
            )
        )
    hubs = {}
    for hub in ("esa", "wna"):
        if rng.random() < 0.35:
            low = rng.choice([0, 0, 1, 2])
            hubs[hub] = HubBounds(min=low, max=rng.choice([None, low, low + 1]))
    max_events = rng.choice([None, None, 1, 2, 3])
    return Instance(pools=pools, applications=tuple(apps), max_events=max_events, hubs=hubs)


def generated_instance(n_apps: int, seed: int) -> Instance:
    """A larger, tight instance (many offers compete for few resources)."""
    rng = np.random.default_rng(seed)
    kinds = [f"t{j}" for j in range(8)]
    pools = [f"p{j}" for j in range(8)]
    apps = []
    demand = np.zeros(len(pools))
    for i in range(n_apps):
        chosen = rng.choice(len(kinds), size=int(rng.integers(1, 5)), replace=False)
        offers = []
        for j in chosen:
            cost = {pools[j]: float(rng.integers(5, 100)), pools[(j + 3) % 8]: 5.0}
            demand[j] += cost[pools[j]]
            demand[(j + 3) % 8] += 5.0
            offers.append(
                Offer(type=kinds[j], value=round(float(rng.uniform(1, 50)), 2), cost=cost)
            )
        apps.append(
            Application(
                ref=f"A{i}", hub=f"h{i % 4}", offers=tuple(offers), all_or_nothing=i % 7 == 0
            )
        )
    return Instance(
        pools={p: float(round(0.25 * d)) for p, d in zip(pools, demand, strict=True)},
        applications=tuple(apps),
        max_events=int(0.35 * n_apps),
        hubs={f"h{h}": HubBounds(min=n_apps // 20) for h in range(4)},
    )
