"""The selection people make by hand, as a baseline for the optimiser.

Pure Python: no Django import. Whole applications only (every offer that can be
granted), taken in order of total requested value, each one if it fits every pool and
bound, skipped otherwise. Locked-in applications go first and locked-out ones never;
then each hub below its minimum is filled with its own best applications that fit, as a
person would to honour the hub minimums; then everyone else, best first.
"""

from __future__ import annotations

import time

import numpy as np

from opencall.selection.explain import portfolio_result
from opencall.selection.instance import Instance
from opencall.selection.optimiser import Selection, SolverStatus
from opencall.selection.program import Model, compile_instance
from opencall.selection.texts import Text

_TOL = 1e-9


def greedy(instance: Instance) -> Selection:
    """A feasible selection by the by-hand rule (status "heuristic"), or "heuristic_failed"
    with an explanation when it cannot honour the locks or the hub minimums."""
    started = time.perf_counter()
    model = compile_instance(instance)
    x, y, failures = greedy_choice(model)
    status: SolverStatus = "heuristic_failed" if failures else "heuristic"
    message = Text("result.greedy_failed" if failures else "result.greedy")
    return portfolio_result(
        model, x, y, status, None, message, started, whole_only=True, explanation=failures
    )


def greedy_choice(model: Model) -> tuple[np.ndarray, np.ndarray, list[Text]]:
    """The applications (x) and offers (y) picked by hand, and the rules it broke."""
    picker = _Picker(model)
    failures = picker.locked_in()
    picker.hub_minimums()
    picker.everyone()
    failures += picker.unmet_minimums()
    x = picker.taken
    return x, model.grantable & x[model.app_of], failures


class _Picker:
    def __init__(self, model: Model) -> None:
        self.model = model
        granted = model.grantable.astype(float)
        # (P, A): the cost of each whole application, and its total requested value
        self.cost = np.zeros((len(model.pools), model.n_apps))
        np.add.at(self.cost.T, model.app_of, (model.cost * granted).T)
        self.value = np.bincount(model.app_of, model.value * granted, minlength=model.n_apps)
        self.order = np.argsort(-self.value, kind="stable")  # ties keep the input order
        self.left = model.capacity.copy()
        self.taken = np.zeros(model.n_apps, dtype=bool)
        self.events = 0
        self.hub_count = np.zeros(len(model.hubs), dtype=np.int64)
        self.open = model.supportable & ~model.lock_out

    def fits(self, a: int) -> bool:
        model = self.model
        if not self.open[a] or self.taken[a]:
            return False
        if np.any(self.cost[:, a] > self.left + _TOL * np.maximum(model.capacity, 1.0)):
            return False
        cap = model.instance.max_events
        if cap is not None and self.events >= cap:
            return False
        h = int(model.hub_of[a])
        return h < 0 or self.hub_count[h] < model.hub_max[h]

    def take(self, a: int) -> None:
        self.taken[a] = True
        self.events += 1
        self.left -= self.cost[:, a]
        if self.model.hub_of[a] >= 0:
            self.hub_count[self.model.hub_of[a]] += 1

    def locked_in(self) -> list[Text]:
        failures = []
        for a in np.flatnonzero(self.model.lock_in).tolist():
            if self.fits(a):
                self.take(a)
            else:
                ref = self.model.instance.applications[a].ref
                failures.append(Text("why.greedy_lock", ref=ref))
        return failures

    def hub_minimums(self) -> None:
        for h in range(len(self.model.hubs)):
            for a in self.order[self.model.hub_of[self.order] == h].tolist():
                if self.hub_count[h] >= self.model.hub_min[h]:
                    break
                if self.fits(a):
                    self.take(a)

    def everyone(self) -> None:
        for a in self.order.tolist():
            if self.fits(a):
                self.take(a)

    def unmet_minimums(self) -> list[Text]:
        model = self.model
        return [
            Text(
                "why.greedy_hub_min",
                hub=hub,
                count=int(self.hub_count[h]),
                min=int(model.hub_min[h]),
            )
            for h, hub in enumerate(model.hubs)
            if self.hub_count[h] < model.hub_min[h]
        ]
