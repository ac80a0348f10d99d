"""Run every benchmark under bench/ in turn (`make bench`); each prints its own figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    # weight.py: what the applicant's first pages weigh over the wire (issue 12's name).
    for script in [*sorted(HERE.glob("*_bench.py")), HERE / "weight.py"]:
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0:
            failed.append(script.name)
    if failed:
        print("missed their targets or failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
