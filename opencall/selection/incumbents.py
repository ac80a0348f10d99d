"""One exact solve through `highspy` that reports each better selection as it finds it.

Pure Python: no Django import. `solver.solve` answers only at the end; here HiGHS takes
a starting selection (the first answer), calls back with each improving solution and
its proven bound, and asks between its steps whether to stop.
So a person watching the selection page sees the best so far and its gap, and can
stop the one solve at once, without restarts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from opencall.selection.solver import Rows, load

BOUND_EVERY_S = 2.0  # report a tighter bound (a smaller gap) at most this often


@dataclass(frozen=True)
class Found:
    """A solution (columns [x, y] as booleans) or a tighter bound, as the solve goes."""

    chosen: np.ndarray | None  # None: only the bound moved
    value: float
    bound: float


@dataclass(frozen=True)
class Ended:
    proven: bool  # the last solution found is optimal
    stopped: bool  # `stop()` said so, or the time limit came
    bound: float


def solve_reporting(
    rows: Rows,
    value: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    start: np.ndarray,
    *,
    limit_s: float,
    on_found: Callable[[Found], None],
    stop: Callable[[], bool],
    stop_every_s: float = 1.0,
) -> Ended:
    """Maximise `value` @ columns from the feasible `start`; `stop` is asked at most
    every `stop_every_s` (it may read a database)."""
    highs = load(rows, -value, bounds, integer=True, limit=limit_s)
    start_solution = highspy.HighsSolution()
    start_solution.col_value = start.astype(float).tolist()
    start_solution.value_valid = True
    highs.setSolution(start_solution)
    asked = reported = time.perf_counter()
    last_bound = math.inf

    def improving(event: highspy.cb.HighsCallbackEvent) -> None:  # type: ignore[name-defined]
        nonlocal last_bound
        out = event.data_out
        last_bound = min(last_bound, -out.mip_dual_bound)
        on_found(
            Found(np.asarray(out.mip_solution) > 0.5, -out.objective_function_value, last_bound)
        )

    def between(event: highspy.cb.HighsCallbackEvent) -> None:  # type: ignore[name-defined]
        nonlocal asked, reported, last_bound
        now = time.perf_counter()
        out = event.data_out
        if now - reported >= BOUND_EVERY_S and -out.mip_dual_bound < last_bound - 1e-9:
            last_bound, reported = -out.mip_dual_bound, now
            on_found(Found(None, -out.mip_primal_bound, last_bound))
        if now - asked >= stop_every_s:
            asked = now
            if stop():
                event.interrupt()

    highs.cbMipImprovingSolution.subscribe(improving)
    highs.cbMipInterrupt.subscribe(between)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    bound = -info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else last_bound
    return Ended(
        proven=status == highspy.HighsModelStatus.kOptimal,
        stopped=status != highspy.HighsModelStatus.kOptimal,
        bound=bound,
    )
