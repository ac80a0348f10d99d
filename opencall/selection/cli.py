"""`python -m opencall.selection INSTANCE.json`: solve a selection file, print JSON.

Pure Python (no Django); `manage.py optimise` wraps the same functions. Start-up is most
of a small run, so what only some runs need (the solver and HiGHS, the greedy
baseline, ctypes) is imported when it is needed: a bad file is refused before any of it
loads. Exit codes:
0 for any result (an infeasible instance is a result, with its explanation), 2 for a
bad file or bad arguments, with each problem on stderr named by its JSON path.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opencall.selection.instance import InstanceError, load_instance

if TYPE_CHECKING:
    from opencall.selection.results import Selection

DESCRIPTION = (
    "Choose which applications to support, and with which offers, within the pools "
    "and bounds of INSTANCE (JSON; format in docs/optimiser.md)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instance", metavar="INSTANCE.json", help="the instance file")
    parser.add_argument(
        "--compare-greedy",
        action="store_true",
        help="also run the by-hand greedy baseline and compare",
    )
    parser.add_argument(
        "--time-limit",
        type=_non_negative,
        default=None,
        metavar="SECONDS",
        help="override the instance's time_limit_s",
    )
    parser.add_argument(
        "--gap",
        type=_non_negative,
        default=0.0,
        metavar="REL_GAP",
        help="stop once proven within this relative gap (default 0: exact)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opencall.selection", description=DESCRIPTION)
    add_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return exc.code if isinstance(exc.code, int) else 2
    try:
        report = run(
            args.instance,
            compare_greedy=args.compare_greedy,
            time_limit_s=args.time_limit,
            mip_rel_gap=args.gap,
        )
    except InstanceError as exc:
        for line in exc.errors:
            print(f"error: {line}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def run(
    path: str | Path,
    *,
    compare_greedy: bool = False,
    time_limit_s: float | None = None,
    mip_rel_gap: float = 0.0,
) -> dict[str, Any]:
    """Load, solve and describe one instance; raises `InstanceError` on a bad file."""
    instance = load_instance(path)
    from opencall.selection.optimiser import optimise

    with solver_chatter_to_stderr():
        result = optimise(instance, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap)
    report = selection_json(result)
    if compare_greedy:
        from opencall.selection.greedy import greedy

        report["greedy"] = greedy_json(greedy(instance), result)
    return report


def selection_json(result: Selection) -> dict[str, Any]:
    report: dict[str, Any] = {
        "status": result.status,
        "value": _round(result.value),
        "gap": _round(result.gap),
        "selected": [
            {"ref": g.ref, "offers": list(g.offers), "value": _round(g.value)}
            for g in result.selected
        ],
        "pools_left": {pool: _round(left) for pool, left in result.pools_left.items()},
        "binding": [_binding_json(b) for b in result.binding],
        "left_out": [
            {
                "ref": item.ref,
                "why": list(item.why),
                "needs": [
                    {
                        "offers": list(n.offers),
                        "value": _round(n.value),
                        "short": {p: _round(v) for p, v in n.short.items()},
                    }
                    for n in item.needs
                ],
            }
            for item in result.left_out
        ],
        "message": result.message,
        "seconds": round(result.seconds, 3),
    }
    if result.explanation:
        report["explanation"] = list(result.explanation)
    return report


def greedy_json(baseline: Selection, best: Selection) -> dict[str, Any]:
    """The baseline in brief, and what the optimiser gains over it."""
    gained = None
    if best.value is not None and baseline.value is not None:
        gained = best.value - baseline.value
    return {
        "status": baseline.status,
        "value": _round(baseline.value),
        "selected": [{"ref": g.ref, "offers": list(g.offers)} for g in baseline.selected],
        "pools_left": {pool: _round(left) for pool, left in baseline.pools_left.items()},
        "value_gained": _round(gained),
        "percent_gained": _round(100 * gained / baseline.value)
        if gained is not None and baseline.value
        else None,
        "message": baseline.message,
        **({"explanation": list(baseline.explanation)} if baseline.explanation else {}),
    }


def _binding_json(binding: Any) -> dict[str, Any]:
    item = asdict(binding)
    item["limit"], item["used"] = _round(item["limit"]), _round(item["used"])
    return item


def _round(amount: float | None) -> float | None:
    # Sums of floats print as 2154.3399999999997; six decimals is more than any input has.
    return None if amount is None else round(float(amount), 6)


def _non_negative(text: str) -> float:
    try:
        amount = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not amount >= 0 or amount == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number >= 0")
    return amount


@contextmanager
def solver_chatter_to_stderr() -> Iterator[None]:
    """HiGHS (1.12) prints stray debug lines on the process's stdout, which would break the
    JSON we print there: point file descriptor 1 at stderr while it runs."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (e.g. embedded): nothing to protect
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        _flush_c_stdio()
        os.dup2(saved, 1)
        os.close(saved)


def _flush_c_stdio() -> None:
    # C's stdio buffers what HiGHS printed; flush it while fd 1 still points at stderr.
    import ctypes

    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


if __name__ == "__main__":
    sys.exit(main())
