"""Which events HOT supports, and with which offers: a mixed-integer program.

Pure Python: no Django import, so it can be tested, benchmarked and run from the
command line on its own (ARCHITECTURE: the two pure cores).

Variables: x[a] = 1 when application a is supported; y[a,o] = 1 when its offer o is
granted. Maximise sum value[a,o] * y[a,o] subject to: y <= x; x <= sum of y over its
representative offers (a supported event gets something; see `program._representatives`);
y == x for all-or-nothing applications; y[a,o] <= y[a,o'] for each offer type o' that o
requires; one knapsack row per resource pool; sum x <= max_events; hub min <= sum x
over the hub <= hub max; locks fix x (and y for "out"). Solved with HiGHS through
`highspy`. docs/optimiser.md has the model, and the exact meaning of
`binding` and of the `why` of each left-out event.

The parts, each a module of this package: `results` (the dataclasses returned,
re-exported here), `program` (the instance compiled into arrays), `solver` (the
constraint rows and the HiGHS call), `feasibility` (why no selection exists) and
`explain` (binding constraints and why each event was left out).
"""

from __future__ import annotations

import time

import numpy as np

from opencall.selection.explain import portfolio_result
from opencall.selection.feasibility import conflict, precheck
from opencall.selection.instance import Instance
from opencall.selection.program import Model, compile_instance
from opencall.selection.results import (
    Binding,
    BindingKind,
    Grant,
    LeftOut,
    Need,
    Selection,
    SolverStatus,
)
from opencall.selection.solver import build_rows, solve, variable_bounds
from opencall.selection.texts import Text

__all__ = [
    "Binding",
    "BindingKind",
    "Grant",
    "LeftOut",
    "Need",
    "Selection",
    "SolverStatus",
    "optimise",
]


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
        return _empty(model, "infeasible", obvious, Text("result.infeasible_precheck"), started)
    rows = build_rows(model)
    res = solve(rows, -_objective(model), variable_bounds(model), limit, mip_rel_gap)
    if res.status == "infeasible":
        remaining = max(limit - (time.perf_counter() - started), 0.1)
        reasons = conflict(model, rows, remaining)
        return _empty(model, "infeasible", reasons, Text("result.infeasible_solver"), started)
    if res.x is None:
        if res.status != "time_limit":
            raise RuntimeError(f"HiGHS failed: {res.message}")
        text = Text("result.none_in_time", limit=f"{limit:g}")
        return _empty(model, "time_limit", [text], text, started)
    x, y = _decode(model, res.x)
    gap: float | None
    if res.status == "optimal":
        status: SolverStatus = "optimal"
        gap = 0.0 if mip_rel_gap == 0 else float(res.mip_gap or 0.0)
        message = (
            Text("result.optimal_within", gap=f"{mip_rel_gap:g}")
            if mip_rel_gap
            else Text("result.optimal")
        )
    else:
        status = "time_limit"
        gap = res.mip_gap
        message = Text("result.time_limit", limit=f"{limit:g}")
    return portfolio_result(model, x, y, status, gap, message, started)


def _objective(model: Model) -> np.ndarray:
    return np.concatenate([np.zeros(model.n_apps), model.value])


def _decode(model: Model, solution: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chosen = solution > 0.5
    return chosen[: model.n_apps], chosen[model.n_apps :]


def _empty(
    model: Model, status: SolverStatus, reasons: list[Text], message: Text, started: float
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
