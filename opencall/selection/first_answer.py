"""A good selection at once, then better ones until the optimum is proven or a person stops.

Pure Python: no Django import. Proving a tight call of 1,000 applications optimal takes
minutes (docs/optimiser.md, "How hard this is"), but a selection within a fraction of
a percent of the best possible comes in well under a second:

1. solve the LP relaxation: its value bounds every selection from above;
2. fix every variable the LP already sets to 0 or 1, and solve the small rest exactly
   (a few hundred columns at most) within a short time limit;
3. keep the better of that and the by-hand (greedy) selection, so the first answer is
   never worse than what a person would pick. Its gap to the LP bound is proven.

`improve` then runs the exact solver in rounds of growing time limits, each told to
look only for selections better than the best one so far (HiGHS' objective cut-off),
hands each better one to `on_better`, and asks `stop` between rounds. A round that
finds nothing better proves the best one optimal. scipy's `milp` cannot be interrupted
or seeded with a solution, so rounds restart; their doubling limits cost at most
twice the time of one long solve.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from opencall.selection.explain import portfolio_result
from opencall.selection.greedy import greedy_choice
from opencall.selection.instance import Instance
from opencall.selection.optimiser import Selection, optimise
from opencall.selection.program import Model, compile_instance
from opencall.selection.solver import Rows, build_rows, variable_bounds
from opencall.selection.texts import Text

FIRST_ANSWER_S = 0.5  # for the small rest left after fixing what the LP decided
FIRST_ROUND_S = 2.0
_INTEGRAL = 1e-6


def gap_to(bound: float, value: float) -> float:
    """The proven relative gap: how far below the bound the value may be."""
    if bound <= 0:
        return 0.0
    return max(bound - value, 0.0) / max(abs(bound), 1e-9)


class _Program:
    """The instance compiled once, for the LP, the fixed rest and the rounds."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model: Model = compile_instance(instance)
        self.rows: Rows = build_rows(self.model)
        self.lower, self.upper = variable_bounds(self.model)
        self.c = -np.concatenate([np.zeros(self.model.n_apps), self.model.value])

    def run(
        self,
        lower: np.ndarray,
        upper: np.ndarray,
        *,
        integer: bool,
        limit: float,
        cutoff: float | None = None,
    ) -> OptimizeResult:
        options: dict[str, float | bool] = {"time_limit": max(limit, 0.01), "disp": False}
        if integer:
            options["mip_rel_gap"] = 0.0
        if cutoff is not None:
            options["objective_bound"] = -cutoff  # HiGHS minimises -value
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy warns that it passes objective_bound on
            return milp(
                self.c,
                integrality=np.full(len(self.c), 1 if integer else 0),
                bounds=Bounds(lower, upper),
                constraints=LinearConstraint(self.rows.matrix, self.rows.lower, self.rows.upper),
                options=options,
            )

    def selection(
        self,
        chosen: np.ndarray,
        status: str,
        gap: float,
        message: Text,
        started: float,
        *,
        why_not: bool = True,
    ) -> Selection:
        """`chosen` as booleans over the columns [x, y]."""
        n_apps = self.model.n_apps
        return portfolio_result(
            self.model,
            chosen[:n_apps],
            chosen[n_apps:],
            status,  # type: ignore[arg-type]
            gap,
            message,
            started,
            why_not=why_not,
        )


def first_answer(
    instance: Instance, *, rest_limit_s: float = FIRST_ANSWER_S, why_not: bool = True
) -> tuple[Selection, float]:
    """A selection at least as good as greedy's, and the LP bound it is measured against.

    Its `gap` is proven (relative to the LP bound); status "optimal" when it is 0,
    "improving" otherwise. `why_not=False` skips saying why each other application was
    left out (the slow part at 5,000). Infeasible instances go to `optimise`, which
    explains why.
    """
    return _first(_Program(instance), time.perf_counter(), rest_limit_s, why_not)


def _first(
    program: _Program, started: float, rest_limit_s: float, why_not: bool
) -> tuple[Selection, float]:
    instance = program.instance
    relaxed = program.run(program.lower, program.upper, integer=False, limit=rest_limit_s * 4)
    if relaxed.x is None:
        found = optimise(instance)  # infeasible or odd: the exact path says why
        return found, found.value or 0.0
    bound = -float(relaxed.fun)
    integral = np.abs(relaxed.x - np.rint(relaxed.x)) <= _INTEGRAL
    lower = np.where(integral, np.rint(relaxed.x), program.lower)
    upper = np.where(integral, np.rint(relaxed.x), program.upper)
    rest = program.run(lower, upper, integer=True, limit=rest_limit_s)
    value = -float(rest.fun) if rest.x is not None else -math.inf
    x, y, failures = greedy_choice(program.model)
    by_hand = float(program.model.value[y].sum())
    if not failures and by_hand > value + 1e-9:
        chosen, value = np.concatenate([x, y]), by_hand
    elif rest.x is not None:
        chosen = rest.x > 0.5
    else:
        found = optimise(instance, time_limit_s=instance.time_limit_s)
        return found, bound if found.value is None else max(bound, found.value)
    gap = gap_to(bound, value)
    status, message = _words(gap)
    return program.selection(chosen, status, gap, message, started, why_not=why_not), bound


def _words(gap: float) -> tuple[str, Text]:
    if gap <= 1e-9:
        return "optimal", Text("result.optimal")
    return "improving", Text("result.first_answer", gap=f"{gap:.3%}")


def improve(
    instance: Instance,
    *,
    on_better: Callable[[Selection], None],
    stop: Callable[[], bool],
    time_limit_s: float | None = None,
) -> Selection:
    """The first answer, then better ones, each given to `on_better` as it comes.

    Ends proven optimal, at the time limit (status "time_limit", with its proven gap),
    or when `stop()` says so between rounds (status "improving": the best so far).
    """
    started = time.perf_counter()
    limit = instance.time_limit_s if time_limit_s is None else time_limit_s
    program = _Program(instance)
    best, bound = _first(program, started, FIRST_ANSWER_S, True)
    on_better(best)
    if best.value is None or best.status in ("optimal", "infeasible"):
        return best
    round_s = FIRST_ROUND_S
    while not stop():
        left = limit - (time.perf_counter() - started)
        if left <= 0.05:
            return _ended(best, bound)
        res = program.run(
            program.lower,
            program.upper,
            integer=True,
            limit=min(round_s, left),
            cutoff=best.value + 1e-9 * max(1.0, abs(best.value)),
        )
        round_s *= 2
        if res.status == 2:  # nothing better than the best exists: it is optimal
            best = _restated(best, "optimal", 0.0, Text("result.optimal"))
            on_better(best)
            return best
        dual = getattr(res, "mip_dual_bound", None)
        if dual is not None and math.isfinite(dual):
            bound = max(min(bound, -float(dual)), best.value)
        if res.x is not None and -float(res.fun) > best.value:
            value = -float(res.fun)
            if res.status == 0:
                bound = value  # proven within HiGHS' tolerance
            gap = gap_to(bound, value)
            status, message = _words(gap)
            best = program.selection(res.x > 0.5, status, gap, message, started)
            on_better(best)
            if status == "optimal":
                return best
        elif gap_to(bound, best.value) < (best.gap or 0.0):
            best = _restated(best, best.status, gap_to(bound, best.value), best.message)
            on_better(best)
    return best


def _ended(best: Selection, bound: float) -> Selection:
    assert best.value is not None
    gap = gap_to(bound, best.value)
    return _restated(best, "time_limit", gap, Text("result.time_limit_gap", gap=f"{gap:.3%}"))


def _restated(best: Selection, status: str, gap: float, message: Text) -> Selection:
    return replace(best, status=status, gap=gap, message=message)  # type: ignore[arg-type]
