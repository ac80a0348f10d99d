"""The program as HiGHS takes it: the constraint rows, the variable bounds, the solve.

Pure Python: no Django import. Columns are [x (A), y (K)]: x[a] = 1 when application
a is supported, y[a,o] = 1 when its offer o is granted. Each row belongs to a group
(a pool, a hub, max_events, or the structural rows that never relax), so that
`feasibility.conflict` can drop groups when it narrows down an infeasible instance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from opencall.selection.program import Model

Group = tuple[str, str | None]  # a relaxable group of rows: ("pool", name), ("hub", name)...
_FIXED: Group = ("", None)  # structural rows, never relaxed


@dataclass(frozen=True)
class Rows:
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

    def build(self) -> Rows:
        r, c, v = (np.concatenate(parts) for parts in zip(*self.triplets, strict=True))
        matrix = sparse.coo_array((v, (r, c)), shape=(self.rows, self.n_columns)).tocsr()
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


def solve(
    rows: Rows,
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
