"""Target 2 of issue 15: the deadline rush, everyone saving steps at once.

A step's save is a POST of the form's second step with its CSRF token: checked,
judged, the draft written, answered with the redirect to the next step. Under
gunicorn with 2 sync workers (DEBUG off), each connection first starts its own draft
(step 1), then saves step 2 again and again, as fast as answers come: saves/s and
p50/p95/p99 at 8 and at 32 connections. Then the realistic run: 200 applicants
walking the whole form (bench/load/applicants.py) with 5 to 15 s pauses between steps
for 120 s; every request's latency per step, and the errors.

The database is PostgreSQL (a database `opencall_bench_rush` made and dropped on the
cluster at 127.0.0.1:5432) when it answers, else SQLite, said in the output;
`--database-url` names another.

    .venv/bin/python bench/deadline_rush_bench.py            # the real run (~5 minutes)
    .venv/bin/python bench/deadline_rush_bench.py --quick    # a check that it runs
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "load"))

from applicants import Applicant, Log, OutOfTime, Walk, WalkFailed, answers  # noqa: E402
from serving import (  # noqa: E402
    PRACTICE,
    PYTHON,
    ROOT,
    Server,
    hammer,
    load_site,
    machine_line,
    site_env,
    workdir,
)

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_KEY = re.compile(rb'name="form_key" value="([^"]+)"')
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "opencall_bench_rush"
SAVES_TARGET = 150.0  # saves/s at 32 connections
P99_TARGET = 300.0  # ms, at 32 connections and per step in the realistic run


def first_step(csrf_token: str, form_key: str) -> dict[str, str]:
    """Step 1 of a new draft: the least the form takes, a new contact address each time
    (drafts are counted per address)."""
    return {
        "csrfmiddlewaretoken": csrf_token,
        "form_key": form_key,
        "event_name": "Rush Mapping Week",
        "format": "conference",
        "organisation": "OpenStreetMap Kenya",
        "contact_name_0": "Wanjiru",
        "contact_email_0": f"rush-{uuid.uuid4().hex[:12]}@bench.example.org",
        "language": "en",
    }


def saver(event_day: dt.date):
    """Each connection: its own draft, then step 2 saved again and again."""
    step2 = answers(event_day)[0]

    def maker(visitor):
        start = f"/calls/{PRACTICE}/apply/"
        page = visitor.send("GET", start)
        token = CSRF.search(page.body).group(1).decode()
        key = FORM_KEY.search(page.body).group(1).decode()
        answer = visitor.send("POST", start, urlencode(first_step(token, key), doseq=True))
        if answer.status != 302:
            raise RuntimeError(f"step 1 answered {answer.status}")
        path = answer.headers["Location"]
        page = visitor.send("GET", path)
        body = urlencode(
            {"csrfmiddlewaretoken": CSRF.search(page.body).group(1).decode(), **step2},
            doseq=True,
        )

        def one() -> bool:
            return visitor.send("POST", path, body).status == 302

        return one

    return maker


class PausingApplicant(Applicant):
    """A person: reads and types between the steps (`pause` seconds, uniform)."""

    pause = (5.0, 15.0)

    def _page(self, path: str, kind: str):
        if kind != "GET step 1":
            time.sleep(random.uniform(*self.pause))
        return super()._page(path, kind)


def realistic(base_url: str, event_day: dt.date, *, people: int, seconds: float, pause) -> Log:
    log = Log()
    PausingApplicant.pause = pause

    def person(number: int) -> None:
        time.sleep(random.uniform(0, pause[1]))  # arrivals spread, not one burst
        walk_number = 0
        while log.now() < seconds:
            walk = Walk(email=f"person-{number}-{walk_number}@bench.example.org", started=0)
            walk.started = log.now()
            with log.lock:
                log.walks.append(walk)
            applicant = PausingApplicant(
                base_url, PRACTICE, log, event_day=event_day, give_up_at=seconds, timeout=60
            )
            try:
                applicant.walk(walk)
            except WalkFailed as exc:
                walk.failed = str(exc)
            except OutOfTime:
                return
            walk_number += 1

    threads = [threading.Thread(target=person, args=(n,), daemon=True) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 90)
    return log


def _postgres() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_SERVER + "/postgres", autocommit=True, connect_timeout=3) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            pg.execute(f"CREATE DATABASE {PG_DATABASE}")
        return f"{PG_SERVER}/{PG_DATABASE}"
    except Exception as exc:  # no server, no rights: SQLite, said in the output
        print(f"PostgreSQL not available ({type(exc).__name__}): SQLite instead")
        return None


def _drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "/postgres", autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def _event_day(env) -> dt.date:
    code = (
        "from opencall.calls.models import Call;"
        f"print(Call.objects.get(slug='{PRACTICE}').event_window_end.isoformat())"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True
    )
    last = out.stdout.decode().strip().splitlines()[-1]  # after the shell's own note
    return dt.date.fromisoformat(last) - dt.timedelta(days=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, to check it runs")
    parser.add_argument("--database-url", default="", help="default: PostgreSQL, else SQLite")
    args = parser.parse_args()
    seconds = 3.0 if args.quick else 20.0
    people, walk_seconds, pause = (20, 20.0, (1.0, 3.0)) if args.quick else (200, 120.0, (5, 15))
    print(machine_line())
    made_pg = False
    database = args.database_url or None
    if database is None:
        database = _postgres()
        made_pg = database is not None
    try:
        with workdir("opencall-rush-bench-") as folder:
            env = site_env(Path(folder), database)
            # As docs/deploy.md sets production up: each worker keeps its connection.
            env.setdefault("CONN_MAX_AGE", "60")
            print(
                "database:",
                "PostgreSQL" if env["DATABASE_URL"].startswith("post") else "SQLite",
                f"(CONN_MAX_AGE={env['CONN_MAX_AGE']})",
            )
            load_site(env)
            event_day = _event_day(env)
            site = Server("opencall.wsgi:application", env).start(probe=f"/calls/{PRACTICE}/")
            try:
                results = _run(site, event_day, seconds, people, walk_seconds, pause)
            finally:
                site.stop()
    finally:
        if made_pg:
            _drop_postgres()
    return 0 if all(results) else 1


def _run(site, event_day, seconds, people, walk_seconds, pause) -> list[bool]:
    hammer(site.port, saver(event_day), connections=4, duration=1.0)  # warm the workers
    figures = {}
    for connections in (8, 32):
        tally = hammer(site.port, saver(event_day), connections=connections, duration=seconds)
        figures[connections] = tally
        print(
            f"{connections:2} connections: {tally.rate:6.1f} saves/s  "
            f"p50 {tally.percentile(50):6.1f}  p95 {tally.percentile(95):6.1f}  "
            f"p99 {tally.percentile(99):6.1f} ms  errors {tally.errors}",
            flush=True,
        )
    log = realistic(
        f"http://127.0.0.1:{site.port}", event_day, people=people, seconds=walk_seconds, pause=pause
    )
    worst_p99, errors = _report_walks(log, people, walk_seconds, pause)
    rush = figures[32]
    verdicts = [
        rush.rate >= SAVES_TARGET,
        rush.percentile(99) < P99_TARGET,
        errors == 0,
        worst_p99 < P99_TARGET,
    ]
    lines = [
        f"saves/s at 32 connections: {rush.rate:.0f} (target {SAVES_TARGET:.0f})",
        f"p99 save at 32 connections: {rush.percentile(99):.0f} ms (target < {P99_TARGET:.0f} ms)",
        f"errors of {people} applicants walking: {errors} (target 0)",
        f"worst p99 of a step, {people} applicants: {worst_p99:.0f} ms "
        f"(target < {P99_TARGET:.0f} ms)",
    ]
    for line, ok in zip(lines, verdicts, strict=True):
        print(f"TARGET deadline rush {line} {'met' if ok else 'not met'}")
    return verdicts


def _report_walks(log: Log, people: int, seconds: float, pause) -> tuple[float, int]:
    by_kind: dict[str, list[float]] = {}
    errors = sum(1 for r in log.requests if r.status == 0 or r.status >= 400)
    errors += sum(1 for w in log.walks if w.failed)
    for request in log.requests:
        if 0 < request.status < 400:
            by_kind.setdefault(request.kind, []).append(request.latency * 1000)
    print(
        f"{people} applicants for {seconds:.0f} s, {pause[0]:g}-{pause[1]:g} s between steps: "
        f"{len(log.requests)} requests, {sum(w.acknowledged for w in log.walks)} submitted, "
        f"{errors} errors"
    )
    worst = 0.0
    for kind, values in sorted(by_kind.items()):
        ordered = sorted(values)
        p = [ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] for q in (50, 95, 99)]
        worst = max(worst, p[2])
        print(f"  {kind:18} {len(values):5}  p50 {p[0]:6.1f}  p95 {p[1]:6.1f}  p99 {p[2]:6.1f} ms")
    return worst, errors


if __name__ == "__main__":
    raise SystemExit(main())
