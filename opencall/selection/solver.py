"""The program as HiGHS takes it: the constraint rows, the variable bounds, the solve.

Pure Python: no Django import. Columns are [x (A), y (K)]: x[a] = 1 when application
a is supported, y[a,o] = 1 when its offer o is granted. Each row belongs to a group
(a pool, a hub, max_events, or the structural rows that never relax), so that
`feasibility.conflict` can drop groups when it narrows down an infeasible instance.

HiGHS is called through its own Python interface, `highspy`, with the matrix in
compressed rows built by numpy alone: scipy's `milp` (and scipy.sparse) took half a
second to import, longer than most calls' solves, and bundles an older HiGHS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np

from opencall.selection.program import Model

# HiGHS' MIP search settings, chosen on a real call's shape (bench/call_shape.py: 13
# events of 100-300 applications, every pool tight), where the proof takes a few dozen
# nodes and HiGHS' default root work costs more than the tree. Measured A/B on ten
# seeds (docs/optimiser.md, "A real call's shape"), each one made the median proof
# faster, and together they cut it from 1.4 s to about 0.85 s at 100 applications:
# - no restart: fixing columns by reduced cost and solving the root again brought
#   nothing here but a second (and third) round of cuts;
# - no RENS: dozens of sub-MIPs around the root's LP solution, most of a slow seed's
#   time, while the best selection is found as soon without them;
# - branching on pseudocosts from the first node, without strong branching to warm
#   them up: most LP iterations went there, on a tree of a few dozen nodes.
# Not adopted: RINS off and cuts at the root only. They made the call shape faster
# still (0.6 s) but the 35 %-supported stress test slower (optimiser_bench.py: 100
# applications twice as slow on one seed, 1,000 ending its time limit with a worse
# selection). These settings change how HiGHS searches, not what it proves.
MIP_OPTIONS: dict[str, bool | int] = {
    "mip_allow_restart": False,
    "mip_heuristic_run_rens": False,
    "mip_pscost_minreliable": 0,
}

Group = tuple[str, str | None]  # a relaxable group of rows: ("pool", name), ("hub", name)...
_FIXED: Group = ("", None)  # structural rows, never relaxed


@dataclass(frozen=True)
class Matrix:
    """Compressed sparse rows, as HiGHS takes them (`start` has one entry per row, + 1)."""

    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def from_triplets(
        cls, row: np.ndarray, col: np.ndarray, val: np.ndarray, shape: tuple[int, int]
    ) -> Matrix:
        """Entries given as (row, column, value); repeated (row, column) pairs add up."""
        order = np.lexsort((col, row))
        row, col, val = row[order], col[order], val[order].astype(float)
        if len(row):
            first = np.ones(len(row), dtype=bool)
            first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
            starts = np.flatnonzero(first)
            row, col, val = row[starts], col[starts], np.add.reduceat(val, starts)
        start = np.zeros(shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=shape[0]), out=start[1:])
        return cls(start, col.astype(np.int64), val, shape)

    def dense(self) -> np.ndarray:
        """The whole matrix as a dense array (for tests and small checks)."""
        out = np.zeros(self.shape)
        rows = np.repeat(np.arange(self.shape[0]), np.diff(self.start))
        out[rows, self.index] = self.value
        return out


@dataclass(frozen=True)
class Rows:
    matrix: Matrix
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

    def build(self) -> Rows:
        r, c, v = (np.concatenate(parts) for parts in zip(*self.triplets, strict=True))
        matrix = Matrix.from_triplets(r, c, v, (self.rows, self.n_columns))
        return Rows(
            matrix, np.concatenate(self.lower), np.concatenate(self.upper), tuple(self.groups)
        )


def build_rows(model: Model) -> Rows:
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


def variable_bounds(model: Model) -> tuple[np.ndarray, np.ndarray]:
    lower = np.concatenate([model.lock_in.astype(float), np.zeros(model.n_offers)])
    upper = np.concatenate([model.supportable.astype(float), model.grantable.astype(float)])
    return lower, upper


Outcome = Literal["optimal", "infeasible", "time_limit", "failed"]


@dataclass(frozen=True)
class Solved:
    """What HiGHS answered: `x` is the best solution found (None when there is none)."""

    status: Outcome
    x: np.ndarray | None
    objective: float | None  # of the minimised costs at x
    mip_gap: float | None
    message: str


def load(
    rows: Rows,
    costs: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    *,
    integer: bool,
    limit: float,
    mip_rel_gap: float = 0.0,
) -> highspy.Highs:
    """A HiGHS instance holding the program `minimise costs @ columns`, ready to run."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(float(limit), 0.01))
    highs.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    for option, setting in MIP_OPTIONS.items():
        highs.setOptionValue(option, setting)
    n_rows, n_cols = rows.matrix.shape
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = np.asarray(costs, dtype=float)
    lp.col_lower_, lp.col_upper_ = (np.asarray(b, dtype=float) for b in bounds)
    lp.row_lower_, lp.row_upper_ = rows.lower, rows.upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n_cols, n_rows
    lp.a_matrix_.start_ = rows.matrix.start
    lp.a_matrix_.index_ = rows.matrix.index
    lp.a_matrix_.value_ = rows.matrix.value
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    highs.passModel(lp)
    return highs


_ENDED: dict[highspy.HighsModelStatus, Outcome] = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kModelEmpty: "optimal",
    # Every column lies within [0, 1], so "unbounded or infeasible" is infeasible.
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kIterationLimit: "time_limit",
    highspy.HighsModelStatus.kSolutionLimit: "time_limit",
    highspy.HighsModelStatus.kInterrupt: "time_limit",
}


def solve(
    rows: Rows,
    c: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    limit: float,
    mip_rel_gap: float,
    *,
    integer: bool = True,
) -> Solved:
    """Minimise `c @ columns` within the rows and bounds, for at most `limit` seconds."""
    highs = load(rows, c, bounds, integer=integer, limit=limit, mip_rel_gap=mip_rel_gap)
    highs.run()
    model_status = highs.getModelStatus()
    status = _ENDED.get(model_status, "failed")
    solution = highs.getSolution()
    info = highs.getInfo()
    x = None
    if status == "optimal" and model_status == highspy.HighsModelStatus.kModelEmpty:
        x = np.zeros(len(c))
    elif status in ("optimal", "time_limit") and solution.value_valid:
        x = np.asarray(solution.col_value, dtype=float)
    gap = info.mip_gap if integer and math.isfinite(info.mip_gap) else None
    return Solved(
        status=status,
        x=x,
        objective=None if x is None else float(np.dot(c, x)),
        mip_gap=gap,
        message=highs.modelStatusToString(model_status),
    )
