"""The OR-Library multidimensional knapsack sets through `python -m opencall.selection`.

    .venv/bin/python bench/mkp_bench.py [--repeat 2] [--source DIR]

Converts the 55 problems (bench/mkp.py), then runs the optimiser's command line once per
problem, one after the other, as a person or a script would: a new process each, start-up
included. Checks that every answer is "optimal" at exactly the published optimum, and
reports the wall time of the 55 runs together (the best of --repeat rounds; the machine
is shared). Targets (issue 15): all 55 at their optimum; under 10 s together. It also
prints the floor: as many processes that only import numpy and HiGHS, which every solve
needs, so the figure can be read against what this machine allows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import command_env, cpu_model
from mkp import SOURCE, read_problems, write_instances

ROOT = Path(__file__).resolve().parent.parent
TARGET_WALL_S = 10.0


def solve(path: Path) -> tuple[dict | None, str]:
    """One run of the command line: its JSON answer, or None and what it said instead."""
    done = subprocess.run(
        [sys.executable, "-m", "opencall.selection", str(path)],
        cwd=ROOT,
        env=command_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None, done.stderr.strip()[-300:]
    return json.loads(done.stdout), ""


def floor_round(count: int) -> float:
    """Wall time of `count` processes that only start Python and import what any solve
    needs (numpy and HiGHS): the least the runs could take on this machine."""
    started = time.perf_counter()
    for _ in range(count):
        subprocess.run(
            [sys.executable, "-c", "import numpy, highspy"], env=command_env(), check=True
        )
    return time.perf_counter() - started


def one_round(paths: list[Path], optima: dict[str, float]) -> tuple[float, list[str], float]:
    """Wall time of the runs, the problems not at their optimum, the longest solve."""
    wrong = []
    longest = 0.0
    started = time.perf_counter()
    for path in paths:
        report, problem = solve(path)
        name = path.stem
        if report is None:
            wrong.append(f"{name}: failed ({problem})")
            continue
        longest = max(longest, report["seconds"])
        if (report["status"], report["value"]) != ("optimal", optima[name]):
            wrong.append(
                f"{name}: {report['status']} at {report['value']} (published {optima[name]})"
            )
    return time.perf_counter() - started, wrong, longest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    if not (args.source / "mknap1.txt").exists():
        print(f"skipped: the OR-Library files are not in {args.source}")
        return 0
    problems = read_problems(args.source)
    optima = {problem.name: problem.optimum for problem in problems}
    print(f"machine: {platform.platform()}; CPU: {cpu_model()}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="mkp-") as folder:
        paths = write_instances(problems, Path(folder))
        best, wrong_ever, floor = float("inf"), set(), float("inf")
        for number in range(1, args.repeat + 1):
            floor = min(floor, floor_round(len(paths)))
            seconds, wrong, longest = one_round(paths, optima)
            wrong_ever.update(wrong)
            best = min(best, seconds)
            print(
                f"round {number}: {len(paths)} runs in {seconds:.2f} s "
                f"({seconds / len(paths):.3f} s a run; longest solve {longest:.2f} s), "
                f"{len(paths) - len(wrong)} at their published optimum"
            )
    print(
        f"floor: {len(paths)} processes importing only numpy and highspy take {floor:.1f} s "
        f"here ({floor / len(paths):.3f} s each), before any solve"
    )
    for line in sorted(wrong_ever):
        print(f"  not at the optimum: {line}")
    right = len(problems) - len({line.split(":")[0] for line in wrong_ever})
    met_optima = right == len(problems)
    met_time = best < TARGET_WALL_S
    print(
        f"TARGET mkp proven optima: {right}/{len(problems)} at the published optimum "
        f"(target {len(problems)}/{len(problems)}) {'met' if met_optima else 'not met'}"
    )
    print(
        f"TARGET mkp wall time: {best:.1f} s for {len(problems)} runs of python -m "
        f"opencall.selection (target < {TARGET_WALL_S:g} s) {'met' if met_time else 'not met'}"
    )
    return 0 if met_optima and met_time else 1


if __name__ == "__main__":
    sys.exit(main())
