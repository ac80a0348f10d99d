"""OR-Library's multidimensional knapsack problems as optimiser instances.

    .venv/bin/python bench/mkp.py OUT_DIR [--source ../shared/benchmarks/mkp]

Reads `mknap1.txt` (7 problems) and `mknap2.txt` (48) of J.E. Beasley's OR-Library
(formats in the source directory's README.md) and writes one instance file per problem,
`OUT_DIR/<name>.json`, with its published optimum beside it in `OUT_DIR/optima.json`.
Each item is an application with one offer (value = profit, cost in pool `c<i>` = its
weight in constraint i, zero weights left out); each constraint is a pool whose capacity
is its right-hand side. No event limit, no hubs, no locks.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (or beside the folder holding a git worktree of it).
SOURCE = next(
    (p / "shared/benchmarks/mkp" for p in ROOT.parents if (p / "shared/benchmarks/mkp").is_dir()),
    ROOT.parent / "shared/benchmarks/mkp",
)
TIME_LIMIT_S = 60.0  # far above what any of the 55 needs; a run that hits it is a failure


@dataclass(frozen=True)
class Problem:
    name: str
    profits: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row of n weights per constraint
    capacities: tuple[float, ...]
    optimum: float


def _number(token: str) -> float:
    value = float(token)
    return int(value) if value.is_integer() else value


def _tokens(text: str) -> Iterator[float]:
    return (_number(token) for token in text.split())


def _take(tokens: Iterator[float], count: int) -> tuple[float, ...]:
    values = tuple(next(tokens) for _ in range(count))
    if len(values) != count:
        raise ValueError(f"expected {count} numbers, the file ends first")
    return values


def read_mknap1(path: Path) -> list[Problem]:
    """K; then per problem `n m optimum`, n profits, m rows of n weights, m capacities."""
    tokens = _tokens(path.read_text())
    problems = []
    for number in range(1, int(next(tokens)) + 1):
        n, m, optimum = int(next(tokens)), int(next(tokens)), next(tokens)
        profits = _take(tokens, n)
        weights = tuple(_take(tokens, n) for _ in range(m))
        capacities = _take(tokens, m)
        problems.append(Problem(f"mknap1-{number}", profits, weights, capacities, optimum))
    return problems


def read_mknap2(path: Path) -> list[Problem]:
    """Blocks `problem NAME.DAT` and a row of `+`; `m n`, n profits, m capacities, m rows
    of n weights, the optimum."""
    blocks = re.split(r"^\s*problem\s+(\S+)\.DAT\s*$", path.read_text(), flags=re.MULTILINE)
    problems = []
    for name, body in zip(blocks[1::2], blocks[2::2], strict=True):
        tokens = _tokens(body.replace("+", " "))
        m, n = int(next(tokens)), int(next(tokens))
        profits = _take(tokens, n)
        capacities = _take(tokens, m)
        weights = tuple(_take(tokens, n) for _ in range(m))
        optimum = next(tokens)
        problems.append(Problem(name.lower(), profits, weights, capacities, optimum))
    return problems


def read_problems(source: Path = SOURCE) -> list[Problem]:
    """All 55 problems, in the order of the files."""
    return read_mknap1(source / "mknap1.txt") + read_mknap2(source / "mknap2.txt")


def instance_json(problem: Problem) -> dict[str, Any]:
    """The problem as the optimiser's instance file (docs/optimiser.md)."""
    pools = {f"c{i}": capacity for i, capacity in enumerate(problem.capacities)}
    applications = []
    for j, profit in enumerate(problem.profits):
        cost = {f"c{i}": row[j] for i, row in enumerate(problem.weights) if row[j]}
        offer = {"type": "item", "value": profit, "cost": cost}
        applications.append({"ref": f"item-{j + 1}", "offers": [offer]})
    return {"pools": pools, "applications": applications, "time_limit_s": TIME_LIMIT_S}


def write_instances(problems: list[Problem], out: Path) -> list[Path]:
    """One `<name>.json` per problem and `optima.json` ({name: optimum})."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for problem in problems:
        path = out / f"{problem.name}.json"
        path.write_text(json.dumps(instance_json(problem)))
        paths.append(path)
    optima = {problem.name: problem.optimum for problem in problems}
    (out / "optima.json").write_text(json.dumps(optima, indent=1))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the directory to write the instances to")
    parser.add_argument("--source", type=Path, default=SOURCE, help="mknap1.txt and mknap2.txt")
    args = parser.parse_args(argv)
    problems = read_problems(args.source)
    write_instances(problems, args.out)
    print(f"{len(problems)} instances written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
