"""A good selection at once, then better ones until the optimum is proven or a person stops.

Pure Python: no Django import. Proving a tight call of 1,000 applications optimal takes
minutes (docs/optimiser.md, "How hard this is"), but a selection within a fraction of
a percent of the best possible comes in well under a second:

1. solve the LP relaxation: its value bounds every selection from above;
2. fix every variable the LP already sets to 0 or 1, and solve the small rest exactly
   (a few hundred columns at most) within a short time limit;
3. keep the better of that and the by-hand (greedy) selection, so the first answer is
   never worse than what a person would pick. Its gap to the LP bound is proven.

`improve` then runs one exact solve (HiGHS through `highspy`, `incumbents.py`) started
from the first answer, hands each better selection and each smaller proven gap to
`on_better`, and stops when `stop()` says so.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from opencall.selection.explain import portfolio_result
from opencall.selection.greedy import greedy_choice
from opencall.selection.incumbents import Found, solve_reporting
from opencall.selection.instance import Instance
from opencall.selection.optimiser import Selection, optimise
from opencall.selection.program import Model, compile_instance
from opencall.selection.solver import Rows, Solved, build_rows, solve, variable_bounds
from opencall.selection.texts import Text

FIRST_ANSWER_S = 0.5  # for the small rest left after fixing what the LP decided
_INTEGRAL = 1e-6


def gap_to(bound: float, value: float) -> float:
    """The proven relative gap: how far below the bound the value may be."""
    if bound <= 0:
        return 0.0
    return max(bound - value, 0.0) / max(abs(bound), 1e-9)


class _Program:
    """The instance compiled once, for the LP, the fixed rest and the improving solve."""

    def __init__(self, instance: Instance, model: Model | None = None) -> None:
        self.instance = instance
        self.model: Model = model or compile_instance(instance)
        self.rows: Rows = build_rows(self.model)
        self.lower, self.upper = variable_bounds(self.model)
        self.value = np.concatenate([np.zeros(self.model.n_apps), self.model.value])
        self.c = -self.value

    def run(
        self,
        lower: np.ndarray,
        upper: np.ndarray,
        *,
        integer: bool,
        limit: float,
    ) -> Solved:
        return solve(self.rows, self.c, (lower, upper), limit, 0.0, integer=integer)

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
    started = time.perf_counter()
    model = compile_instance(instance)
    if not model.n_apps:
        found = optimise(instance)  # nothing to choose: the exact path words it
        return found, 0.0
    # No pre-check here (0.2 s at 5,000): an infeasible LP, or no selection from what
    # it fixed nor from greedy, goes to `optimise`, which pre-checks and says why.
    best, bound, _chosen = _first(_Program(instance, model), started, rest_limit_s, why_not)
    return best, bound


def _first(
    program: _Program, started: float, rest_limit_s: float, why_not: bool
) -> tuple[Selection, float, np.ndarray | None]:
    """The first answer, its LP bound, and its columns [x, y] (None: from `optimise`)."""
    instance = program.instance
    relaxed = program.run(program.lower, program.upper, integer=False, limit=rest_limit_s * 4)
    if relaxed.x is None:
        found = optimise(instance)  # infeasible or odd: the exact path says why
        return found, found.value or 0.0, None
    bound = -float(relaxed.objective)
    integral = np.abs(relaxed.x - np.rint(relaxed.x)) <= _INTEGRAL
    lower = np.where(integral, np.rint(relaxed.x), program.lower)
    upper = np.where(integral, np.rint(relaxed.x), program.upper)
    rest = program.run(lower, upper, integer=True, limit=rest_limit_s)
    value = -float(rest.objective) if rest.objective is not None else -math.inf
    x, y, failures = greedy_choice(program.model)
    by_hand = float(program.model.value[y].sum())
    if not failures and by_hand > value + 1e-9:
        chosen, value = np.concatenate([x, y]), by_hand
    elif rest.x is not None:
        chosen = rest.x > 0.5
    else:
        # Rare: what the LP fixed leaves no selection, and greedy broke a lock or a hub
        # minimum. The exact solve finds one (or says why none exists).
        found = optimise(instance, time_limit_s=instance.time_limit_s)
        return found, bound if found.value is None else max(bound, found.value), None
    gap = gap_to(bound, value)
    status, message = _words(gap)
    best = program.selection(chosen, status, gap, message, started, why_not=why_not)
    return best, bound, chosen


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
    """The first answer, then better ones (or the same with a smaller proven gap), each
    given to `on_better` as it comes, from one exact solve started at the first answer.

    Ends proven optimal (status "optimal"), at the time limit ("time_limit", with its
    proven gap), or when `stop()` says so ("improving": the best so far and its gap).
    """
    started = time.perf_counter()
    limit = instance.time_limit_s if time_limit_s is None else time_limit_s
    model = compile_instance(instance)
    if not model.n_apps:
        found = optimise(instance)  # nothing to choose: the exact path words it
        on_better(found)
        return found
    program = _Program(instance, model)
    best, bound, chosen = _first(program, started, FIRST_ANSWER_S, True)
    on_better(best)
    if chosen is None or best.value is None or best.status == "optimal":
        return best
    stopped = False

    def asked() -> bool:
        nonlocal stopped
        stopped = stopped or stop()
        return stopped

    def found(news: Found) -> None:
        nonlocal best, bound
        bound = max(min(bound, news.bound), news.value)
        assert best.value is not None
        if news.chosen is not None and news.value > best.value + 1e-9:
            gap = gap_to(bound, news.value)
            best = program.selection(news.chosen, "improving", gap, _words(gap)[1], started)
        elif gap_to(bound, best.value) < (best.gap or 0.0) - 1e-12:
            gap = gap_to(bound, best.value)
            best = replace(best, gap=gap, message=_words(gap)[1])
        else:
            return
        on_better(best)

    ended = solve_reporting(
        program.rows,
        program.value,
        (program.lower, program.upper),
        chosen,
        limit_s=limit - (time.perf_counter() - started),
        on_found=found,
        stop=asked,
    )
    if ended.proven:
        best = replace(best, status="optimal", gap=0.0, message=Text("result.optimal"))
    elif not stopped:
        gap = gap_to(max(min(bound, ended.bound), best.value or 0.0), best.value or 0.0)
        best = replace(
            best,
            status="time_limit",
            gap=gap,
            message=Text("result.time_limit_gap", gap=f"{gap:.3%}"),
        )
    best = replace(best, seconds=time.perf_counter() - started)
    on_better(best)
    return best
