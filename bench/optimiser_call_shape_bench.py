"""The optimiser on a real call's shape: 13 events supported out of 50-300 applications.

    .venv/bin/python bench/optimiser_call_shape_bench.py [--seeds 10] [--sizes 100 300]

Instances from `call_shape.generate_call` (every pool tight, an event limit of 13,
hub minimums), seeds 0..N-1, each proven optimal by `optimise` (what
`python -m opencall.selection` runs) and, with `--improving`, by the worker's
path (`first_answer.improve`, HiGHS through highspy from the first answer). Targets
(issue 15): 100 applications proven optimal with median <= 1 s and worst <= 5 s;
300 with worst <= 30 s. Prints `TARGET <name>: <figure> (target <target>) met|not met`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from call_shape import generate_call
from optimiser_bench import machine

from opencall.selection.cli import solver_chatter_to_stderr
from opencall.selection.first_answer import improve
from opencall.selection.instance import parse_instance
from opencall.selection.optimiser import optimise

# size: (median target s, worst target s or None)
TARGETS = {100: (1.0, 5.0), 300: (None, 30.0)}


def prove(n_apps: int, seed: int, improving: bool) -> tuple[float, str, int]:
    instance = parse_instance(generate_call(n_apps, seed))
    started = time.perf_counter()
    with solver_chatter_to_stderr():
        if improving:
            result = improve(instance, on_better=lambda _s: None, stop=lambda: False)
        else:
            result = optimise(instance)
    return time.perf_counter() - started, result.status, len(result.selected)


def report(name: str, figure: float, target: float) -> bool:
    met = figure <= target
    print(f"TARGET {name}: {figure:.2f} s (target <= {target:g} s) {'met' if met else 'not met'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--improving", action="store_true", help="the worker's highspy path")
    args = parser.parse_args(argv)
    print(" | ".join(f"{k}: {v}" for k, v in machine().items()))
    path = "improve (highspy)" if args.improving else "optimise"
    ok = True
    for n in args.sizes:
        times = []
        for seed in range(args.seeds):
            seconds, status, chosen = prove(n, seed, args.improving)
            times.append(seconds if status == "optimal" else float("inf"))
            print(f"{n:>4} apps seed {seed:>2}: {status:<10} {seconds:6.2f} s, {chosen} chosen")
        median_target, worst_target = TARGETS.get(n, (None, None))
        print(
            f"{n} applications, {path}: median {statistics.median(times):.2f} s, "
            f"worst {max(times):.2f} s over {len(times)} seeds"
        )
        if median_target is not None:
            ok &= report(f"call shape {n} median proof", statistics.median(times), median_target)
        if worst_target is not None:
            ok &= report(f"call shape {n} worst proof", max(times), worst_target)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
