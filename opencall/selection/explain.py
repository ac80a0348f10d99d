"""A selection described for people: grants, pools left, binding constraints, why-not.

Pure Python: no Django import. `portfolio_result` turns a solution (x, y as booleans)
into a `Selection`, for the optimiser and for the greedy baseline alike.
docs/optimiser.md has the exact meaning of `binding` and of the `why` of each
left-out event.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from opencall.selection.instance import Instance
from opencall.selection.program import TOL, Model, compile_instance, unsupportable
from opencall.selection.results import Binding, Grant, LeftOut, Need, Selection, SolverStatus
from opencall.selection.texts import Text, fmt


def portfolio_result(
    model: Model,
    x: np.ndarray,
    y: np.ndarray,
    status: SolverStatus,
    gap: float | None,
    message: Text,
    started: float,
    *,
    whole_only: bool = False,
    explanation: Iterable[Text] = (),
    why_not: bool = True,
) -> Selection:
    """Describe a selection (x, y as booleans): grants, pools left, binding, why-not.

    `why_not=False` leaves out why each other application was left out: for 5,000
    applications that takes longer than finding the selection (first_answer.py)."""
    apps = model.instance.applications
    used = model.cost @ y
    left = model.capacity - used
    left[np.abs(left) <= TOL * np.maximum(model.capacity, 1.0)] = 0.0
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
        left_out=tuple(context.why(a) for a in np.flatnonzero(~x).tolist()) if why_not else (),
        explanation=tuple(explanation),
        message=message,
        seconds=time.perf_counter() - started,
    )


def ways_in(instance: Instance) -> dict[str, tuple[Need, ...]]:
    """The "what would it take" of every application of the instance, with nothing
    selected: each way in (the whole bundle, or one offer with what it requires) and
    what it lacks beyond the pools. Run on the waiting list with the pools set to what
    is left, a way in that lacks nothing fits now (selectors.waitlist_fits)."""
    model = compile_instance(instance)
    none = np.zeros(model.n_apps, dtype=bool)
    context = _Context(
        model, none, np.zeros(model.n_offers, dtype=bool), model.capacity.copy(), (), False
    )
    return {app.ref: tuple(context.needs(a)) for a, app in enumerate(instance.applications)}


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
            out.append(Binding("pool", pool, limit, used, Text("binding.pool_full", pool=pool)))
        elif left[p] < smallest < math.inf:  # an offer is waiting, and none fits
            detail = Text(
                "binding.pool_too_small", pool=pool, left=fmt(left[p]), smallest=fmt(smallest)
            )
            out.append(Binding("pool", pool, limit, used, detail))
    count, cap = int(x.sum()), model.instance.max_events
    if cap is not None and count >= cap:
        detail = Text("binding.max_events", count=count)
        out.append(Binding("max_events", None, float(cap), float(count), detail))
    for h, hub in enumerate(model.hubs):
        n, low, high = int(x[model.hub_of == h].sum()), model.hub_min[h], model.hub_max[h]
        if low > 0 and n <= low:
            detail = Text("binding.hub_min", hub=hub, count=n)
            out.append(Binding("hub_min", hub, float(low), float(n), detail))
        if n >= high:
            detail = Text("binding.hub_max", hub=hub, count=n)
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
            return LeftOut(app.ref, (Text("why.locked_out"),), ())
        if not model.supportable[a]:
            reason = Text("why.cannot_be_supported", reason=(unsupportable(app),))
            return LeftOut(app.ref, (reason,), ())
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
        slack = TOL * np.maximum(model.capacity, 1.0)
        short = {model.pools[p]: float(missing[p]) for p in np.flatnonzero(missing > slack)}
        return Need(
            offers=tuple(model.types[k] for k in bundle),
            value=float(model.value[list(bundle)].sum()),
            short=short,
        )

    def bounds_reached(self, a: int) -> list[Text]:
        model, out = self.model, []
        h = int(model.hub_of[a])
        if h >= 0 and self.x[model.hub_of == h].sum() >= model.hub_max[h]:
            out.append(Text("why.hub_max", hub=model.hubs[h], max=int(model.hub_max[h])))
        cap = model.instance.max_events
        if cap is not None and self.x.sum() >= cap:
            offers = _offers_of(model, a)
            full = float(model.value[offers][model.grantable[offers]].sum())
            out.append(self.max_events_text(cap, full, a))
        return out

    def max_events_text(self, cap: int, value: float, a: int) -> Text:
        weakest = self.weakest_swappable(a)
        if weakest is None:
            return Text("why.max_events_no_room", max=cap)
        ref, worth = self.model.instance.applications[weakest].ref, self.granted[weakest]
        code = "why.max_events_not_more" if value <= worth else "why.max_events_no_swap"
        return Text(code, max=cap, value=fmt(value), ref=ref, worth=fmt(worth))

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

    def ungrantable(self, a: int) -> list[Text]:
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
            out.append(Text("why.never_granted", offer=model.types[k], missing=", ".join(missing)))
        return out

    def shortfall_text(self, need: Need) -> Text:
        lacks = tuple(
            Text(
                "why.shortfall",
                amount=fmt(amount),
                pool=pool,
                left=fmt(self.left[self.model.pools.index(pool)]),
            )
            for pool, amount in need.short.items()
        )
        return Text("why.short", offers=" + ".join(need.offers), shortfalls=lacks)

    def fits_anyway(self, needs: list[Need]) -> Text:
        best = max(needs, key=lambda n: n.value)
        offers = " + ".join(best.offers)
        if best.value <= 0:
            return Text("why.no_value", offers=offers)
        return Text("why.search_stopped", offers=offers, value=fmt(best.value))
