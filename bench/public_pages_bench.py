"""Target 1 of issue 15: the public pages near the framework's ceiling.

Each public page (start page, a call's page, the supported events and their feeds)
is loaded under gunicorn with 2 sync workers, DEBUG off, SQLite, and so is a bare
Django hello-world, in the same run, the same way (bench/serving.py: a Python load
generator, since wrk is not installed). Each page's requests/s is printed with its
ratio to the hello-world; the target is at least 0.5. Both servers run side by side and
each page's time is cut into rounds, each a burst on the hello-world then one on the page:
on a machine shared with other work, a change of load between the hello-world's figure
and a page's would otherwise be read as the page's. A visitor keeps its cookies,
as a browser does, and sends no If-None-Match: every answer is a full page (a 304
would flatter the figure). pretalx is not installed beside opencall: the bench says
so and skips that comparison.

    .venv/bin/python bench/public_pages_bench.py            # 10 s per page, 32 connections
    .venv/bin/python bench/public_pages_bench.py --quick    # 2 s per page, 8 connections
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import (
    CALL,
    PRACTICE,
    Server,
    Tally,
    hammer,
    hello_server,
    load_site,
    machine_line,
    site_env,
    workdir,
)

PAGES = {
    "start page": "/",
    "call page": f"/calls/{PRACTICE}/",
    "supported events": f"/calls/{CALL}/supported/",
    "supported.ics": f"/calls/{CALL}/supported.ics",
    "supported.json": f"/calls/{CALL}/supported.json",
    "supported.csv": f"/calls/{CALL}/supported.csv",
}
TARGET = 0.5  # of the hello-world's requests/s
ROUNDS = 5  # bursts on each server per page, alternating


def getter(path: str):
    def maker(visitor):
        def one() -> bool:
            return visitor.send("GET", path).status == 200

        return one

    return maker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s per page, 8 connections")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--connections", type=int, default=None)
    args = parser.parse_args()
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    connections = args.connections or (8 if args.quick else 32)
    print(machine_line())
    print(f"gunicorn 2 sync workers, {connections} connections, {seconds:.0f} s per page")
    with workdir("opencall-public-bench-") as folder:
        folder = Path(folder)
        env = site_env(folder)
        # Connections kept between requests, as the production example sets them
        # (docs/deploy.md): every page reads its calls' versions on every request.
        env["CONN_MAX_AGE"] = "60"
        load_site(env)
        hello = hello_server(folder).start()
        site = Server("opencall.wsgi:application", env).start(probe=PAGES["call page"])
        try:
            ratios = {
                name: _compare(name, hello.port, site.port, path, connections, seconds)
                for name, path in PAGES.items()
            }
        finally:
            hello.stop()
            site.stop()
    if shutil.which("pretalx") is None:
        print("pretalx: not installed beside opencall, its comparison is skipped")
    met = True
    for name, ratio in ratios.items():
        verdict = "met" if ratio >= TARGET else "not met"
        met = met and ratio >= TARGET
        print(f"TARGET public page {name}: {ratio:.2f}x hello-world (target {TARGET}x) {verdict}")
    return 0 if met else 1


def _compare(name: str, hello: int, site: int, path: str, connections: int, seconds: float):
    """The page's requests/s over the hello-world's, in alternating rounds."""
    burst = seconds / ROUNDS
    for port, address in ((hello, "/"), (site, path)):  # warm
        hammer(port, getter(address), connections=connections, duration=min(1.0, burst))
    ceiling, page = Tally(), Tally()
    for _round in range(ROUNDS):
        for port, address, total in ((hello, "/", ceiling), (site, path, page)):
            tally = hammer(port, getter(address), connections=connections, duration=burst)
            total.add(tally)
            total.seconds += tally.seconds
    print(
        f"{name:18} {page.rate:8.0f} requests/s  p50 {page.percentile(50):6.1f} ms  "
        f"p99 {page.percentile(99):6.1f} ms  errors {page.errors}  "
        f"(hello-world alongside {ceiling.rate:.0f} requests/s, errors {ceiling.errors})",
        flush=True,
    )
    return page.rate / ceiling.rate if ceiling.rate else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
