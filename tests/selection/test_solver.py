"""The constraint matrix as HiGHS takes it, built with numpy alone, and the solve's answers."""

import numpy as np

from opencall.selection.instance import parse_instance
from opencall.selection.program import compile_instance
from opencall.selection.solver import Matrix, Rows, build_rows, solve, variable_bounds


def test_triplets_become_compressed_rows_in_order_and_repeats_add_up() -> None:
    row = np.array([2, 0, 2, 0, 2])
    col = np.array([1, 3, 0, 3, 1])
    val = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    matrix = Matrix.from_triplets(row, col, val, (3, 4))
    assert matrix.start.tolist() == [0, 1, 1, 3]  # row 1 is empty
    assert matrix.index.tolist() == [3, 0, 1]
    assert matrix.value.tolist() == [6.0, 3.0, 6.0]
    expected = np.zeros((3, 4))
    expected[0, 3], expected[2, 0], expected[2, 1] = 6.0, 3.0, 6.0
    assert (matrix.dense() == expected).all()


def test_a_matrix_with_no_entries_has_empty_rows() -> None:
    empty = np.array([], dtype=np.int64)
    matrix = Matrix.from_triplets(empty, empty, np.array([]), (2, 3))
    assert matrix.start.tolist() == [0, 0, 0]
    assert not matrix.dense().any()


def _two_apps() -> Rows:
    instance = parse_instance(
        {
            "pools": {"usd": 100},
            "applications": [
                {"ref": "A", "offers": [{"type": "t", "value": 3, "cost": {"usd": 80}}]},
                {"ref": "B", "offers": [{"type": "t", "value": 2, "cost": {"usd": 60}}]},
            ],
        }
    )
    return compile_instance(instance)


def test_the_pool_row_holds_each_offers_cost() -> None:
    model = _two_apps()
    rows = build_rows(model)
    pool_row = rows.group.index(("pool", "usd"))
    assert rows.matrix.dense()[pool_row].tolist() == [0.0, 0.0, 80.0, 60.0]
    assert rows.upper[pool_row] == 100


def test_solve_answers_the_optimum_the_lp_bound_and_infeasibility() -> None:
    model = _two_apps()
    rows = build_rows(model)
    costs = -np.concatenate([np.zeros(model.n_apps), model.value])
    bounds = variable_bounds(model)
    exact = solve(rows, costs, bounds, 10, 0.0)
    assert (exact.status, exact.objective) == ("optimal", -3.0)
    assert exact.x is not None and exact.x.round().tolist() == [1, 0, 1, 0]
    relaxed = solve(rows, costs, bounds, 10, 0.0, integer=False)
    assert relaxed.status == "optimal"
    assert relaxed.objective is not None and relaxed.objective < -3.0 - 1e-6  # 3 + 2 * 20/60
    lower = bounds[0].copy()
    lower[:2] = 1  # both supported: 140 of a pool of 100
    assert solve(rows, costs, (lower, bounds[1]), 10, 0.0).status == "infeasible"
