"""Run every benchmark under bench/ in turn (`make bench`), then a table of the targets.

Each bench prints its own figures, and one line per target it measures:

    TARGET <name>: <figure> (target <target>) met
    TARGET <name>: <figure> (target <target>) not met
    REPORT <name>: <figure>          (a figure with no target: the stress test's gap)

This script shows every bench's output as it runs, gathers those lines, and ends with a
table of every target, met or not met, and of the benches that failed without saying
(no TARGET line and a non-zero exit: a crash, not a missed target). The exit code is 0
only when every target is met and no bench failed.

    .venv/bin/python bench/run_all.py [--only screening mkp ...]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_LINE = re.compile(r"^TARGET (?P<name>[^:]+): (?P<figure>.*?)\s+(?P<state>met|not met)\s*$")
REPORT_LINE = re.compile(r"^REPORT (?P<name>[^:]+): (?P<figure>.*?)\s*$")


@dataclass(frozen=True)
class Target:
    bench: str
    name: str
    figure: str
    met: bool


def benches() -> list[Path]:
    # weight.py: what the applicant's first pages weigh over the wire (issue 12's name).
    return [*sorted(HERE.glob("*_bench.py")), HERE / "weight.py"]


def targets_of(bench: str, output: str) -> list[Target]:
    found = []
    for line in output.splitlines():
        if match := TARGET_LINE.match(line.strip()):
            found.append(Target(bench, match["name"], match["figure"], met=match["state"] == "met"))
    return found


def reports_of(output: str) -> list[str]:
    return [f"{m['name']}: {m['figure']}" for line in output.splitlines()
            if (m := REPORT_LINE.match(line.strip()))]  # fmt: skip


def run(script: Path) -> tuple[int, str]:
    """Runs one bench, echoing its output line by line; its exit code and output."""
    lines = []
    with subprocess.Popen(
        [sys.executable, str(script)],
        cwd=HERE.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    return process.returncode, "".join(lines)


def table(targets: list[Target], failed: list[str]) -> str:
    rows = [("bench", "target", "figure", "state")]
    rows += [(t.bench, t.name, t.figure, "met" if t.met else "NOT MET") for t in targets]
    rows += [(name, "(the bench failed: see its output)", "", "FAILED") for name in failed]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="benches whose name holds ...")
    args = parser.parse_args(argv)
    targets: list[Target] = []
    reports: list[str] = []
    failed: list[str] = []
    for script in benches():
        if args.only and not any(word in script.name for word in args.only):
            continue
        print(f"== {script.name}", flush=True)
        code, output = run(script)
        found = targets_of(script.name, output)
        targets += found
        reports += reports_of(output)
        if code != 0 and not found:
            failed.append(script.name)
    if reports:
        print("\n== reported, no target")
        print("\n".join(reports))
    print("\n== targets")
    print(table(targets, failed))
    met = sum(target.met for target in targets)
    print(f"\n{met} of {len(targets)} targets met" + (f"; {len(failed)} failed" if failed else ""))
    return 0 if met == len(targets) and not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
