"""Where the optimiser's time goes on a tight instance: finding the optimum, or proving it.

    .venv/bin/python bench/optimiser_proof.py [--size 1000] [--seed 2022] [--variant tight]

Three solves of one generated instance (`optimiser_bench.generate`), with HiGHS loaded
as the optimiser loads it (`solver.load`):

1. the LP relaxation: the bound any exact method starts from;
2. the exact solve (relative gap 0) up to `--time-limit`: the optimum, its time and nodes;
3. the same solve told the optimum in advance (HiGHS' `objective_bound` cut-off, half a
   value step above it): what is left is the proof alone.

If (3) is nearly as slow as (2), the time is spent proving that no better portfolio
exists, not in finding the best one, so a better starting selection cannot help.
Not part of `make bench`: the exact solve of a tight 1,000-application instance takes
minutes. Figures: docs/optimiser.md, "How hard this is".
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from optimiser_bench import VARIANTS, generate, machine

from opencall.selection.cli import solver_chatter_to_stderr
from opencall.selection.instance import parse_instance
from opencall.selection.program import compile_instance
from opencall.selection.solver import build_rows, load, solve, variable_bounds

VALUE_STEP = 0.01  # the generator's values are on this grid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--variant", choices=VARIANTS, default="tight")
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args(argv)
    model = compile_instance(parse_instance(generate(args.size, args.seed, args.variant)))
    rows = build_rows(model)
    lower, upper = variable_bounds(model)
    cost = -np.concatenate([np.zeros(model.n_apps), model.value])
    print(" | ".join(f"{k}: {v}" for k, v in machine().items()))
    print(f"{args.size} applications, seed {args.seed}, variant {args.variant}")

    relaxed = solve(rows, cost, (lower, upper), args.time_limit, 0.0, integer=False)
    assert relaxed.objective is not None, relaxed.message
    lp_bound = -relaxed.objective
    print(f"LP relaxation bound: {lp_bound:.2f}")

    def exact(**extra: float) -> tuple[float, float, int, str]:
        highs = load(rows, cost, (lower, upper), integer=True, limit=args.time_limit)
        for option, setting in extra.items():
            highs.setOptionValue(option, setting)
        started = time.perf_counter()
        with solver_chatter_to_stderr():
            highs.run()
        seconds = time.perf_counter() - started
        info, solution = highs.getInfo(), highs.getSolution()
        value = -info.objective_function_value if solution.value_valid else float("nan")
        status = highs.modelStatusToString(highs.getModelStatus())
        return value, seconds, int(info.mip_node_count), status

    value, seconds, nodes, message = exact()
    print(f"exact: value {value:.2f} in {seconds:.1f} s, {nodes} nodes ({message})")
    if not np.isfinite(value):
        return 1
    gap = (lp_bound - value) / value
    print(f"the LP bound is {lp_bound - value:.2f} ({gap:.3%}) above the best value found")
    proof_value, proof_s, proof_nodes, message = exact(objective_bound=-value + VALUE_STEP / 2)
    print(
        f"told the optimum in advance: value {proof_value:.2f} in {proof_s:.1f} s, "
        f"{proof_nodes} nodes ({message})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
