"""The OR-Library multidimensional knapsack problems (bench/mkp.py): an external check.

Each problem has a published optimum; the optimiser, through its command line's `run`,
must prove exactly that value optimal. The small ones here; bench/mkp_bench.py runs all 55.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.mkp import SOURCE, Problem, instance_json, read_problems
from opencall.selection import cli

pytestmark = pytest.mark.skipif(
    not (SOURCE / "mknap1.txt").exists(), reason=f"the OR-Library files are not in {SOURCE}"
)
SMALL = ("mknap1-1", "mknap1-2", "mknap1-3", "weing1", "weish01", "pb1", "hp1")


@pytest.fixture(scope="module")
def problems() -> dict[str, Problem]:
    return {problem.name: problem for problem in read_problems()}


def test_the_files_hold_55_problems_each_of_its_stated_size(problems: dict[str, Problem]) -> None:
    assert len(problems) == 55
    assert sum(name.startswith("mknap1-") for name in problems) == 7
    sento1 = problems["sento1"]
    assert (len(sento1.profits), len(sento1.capacities), sento1.optimum) == (60, 30, 7772)
    assert all(len(row) == 60 for row in sento1.weights)
    assert problems["mknap1-2"].optimum == 8706.1


def test_an_item_is_an_application_and_a_constraint_a_pool(problems: dict[str, Problem]) -> None:
    data = instance_json(problems["mknap1-1"])
    assert data["pools"] == {
        "c0": 80, "c1": 96, "c2": 20, "c3": 36, "c4": 44,
        "c5": 48, "c6": 10, "c7": 18, "c8": 22, "c9": 24,
    }  # fmt: skip
    first = data["applications"][0]
    # Its weights in constraint 6 are 0: left out of the cost, as the format allows.
    assert first == {
        "ref": "item-1",
        "offers": [
            {
                "type": "item",
                "value": 100,
                "cost": {"c0": 8, "c1": 8, "c2": 3, "c3": 5, "c4": 5, "c5": 5, "c7": 3, "c8": 3,
                         "c9": 3},
            }
        ],
    }  # fmt: skip


@pytest.mark.parametrize("name", SMALL)
def test_small_problem_is_proven_optimal_at_its_published_optimum(
    name: str, problems: dict[str, Problem], tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(instance_json(problems[name])))
    report = cli.run(path)
    assert (report["status"], report["value"]) == ("optimal", problems[name].optimum)
