"""One step's save, in one process: its queries and its milliseconds, and a profile.

The deadline rush's request (bench/deadline_rush_bench.py) without gunicorn or the
load generator: the practice call loaded into a throw-away database (PostgreSQL when
`--database-url` names one, else SQLite in a temporary folder), a draft started
through Django's test client with CSRF checks on, then step 2 saved again and again
(POST, redirect to step 3). Prints the SQL of one save, the median milliseconds per
save, and with `--profile` the functions that took the most time.

    .venv/bin/python bench/step_save_profile.py --database-url postgres://.../some_db
    .venv/bin/python bench/step_save_profile.py --saves 500 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this tree's opencall, not the installed one
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "load"))

from applicants import answers  # noqa: E402
from deadline_rush_bench import first_step  # noqa: E402
from serving import PRACTICE, ROOT, load_site, site_env, workdir  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')


def _fresh_postgres(url: str) -> None:
    import psycopg

    server, _slash, name = url.rpartition("/")
    with psycopg.connect(server + "/postgres", autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        pg.execute(f"CREATE DATABASE {name}")


def _draft(client, event_day):
    start = f"/calls/{PRACTICE}/apply/"
    page = client.get(start).content.decode()
    answer = client.post(
        start, first_step(CSRF.search(page).group(1), FORM_KEY.search(page).group(1))
    )
    assert answer.status_code == 302, answer.status_code
    path = answer["Location"]
    page = client.get(path).content.decode()
    body = {"csrfmiddlewaretoken": CSRF.search(page).group(1), **answers(event_day)[0]}
    return path, body


def _wsgi_post(client, path: str, body: dict):
    """The save as gunicorn hands it to Django: the WSGI application called with the
    request's environ (a urlencoded body, the client's cookies); its answer closed,
    which ends the request (the database connection kept or closed, CONN_MAX_AGE)."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    data = urlencode(body, doseq=True).encode()
    cookies = "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items())
    answered = []

    def start_response(status, headers, exc_info=None):
        answered.append(int(status.split()[0]))

    def save() -> int:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": cookies,
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        answered.clear()
        response = application(environ, start_response)
        for _chunk in response:
            pass
        response.close()
        return answered[0]

    return save


def _walks(client_class, event_day, walks: int) -> None:
    """The realistic run's requests, one applicant after another: each request's
    queries (the last walk) and its median milliseconds, by kind."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings: dict[str, list[float]] = {}
    counts: dict[str, int] = {}

    def send(client, method: str, path: str, kind: str, data=None, expect=200):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            answer = client.generic(
                method,
                path,
                urlencode(data or {}, doseq=True),
                "application/x-www-form-urlencoded",
            )
            timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        counts[kind] = len(queries)
        assert answer.status_code == expect, (kind, answer.status_code)
        return answer

    for number in range(walks):
        client = client_class(enforce_csrf_checks=True)
        send(client, "GET", f"/calls/{PRACTICE}/", "GET call")
        start = f"/calls/{PRACTICE}/apply/"
        page = send(client, "GET", start, "GET step 1").content.decode()
        step1 = {
            "csrfmiddlewaretoken": CSRF.search(page).group(1),
            "form_key": FORM_KEY.search(page).group(1),
            "event_name": f"Walk {number}",
            "format": "conference",
            "organisation": "OpenStreetMap Kenya",
            "contact_name_0": "Wanjiru",
            "contact_email_0": f"walk-{uuid.uuid4().hex[:12]}@bench.example.org",
            "language": "en",
        }
        following = send(client, "POST", start, "POST step 1", step1, 302)["Location"]
        for step, data in enumerate(answers(event_day), start=2):
            page = send(client, "GET", following, f"GET step {step}").content.decode()
            data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), **data}
            following = send(client, "POST", following, f"POST step {step}", data, 302)
            following = following["Location"]
        page = send(client, "GET", following, "GET overview").content.decode()
        token = {"csrfmiddlewaretoken": CSRF.search(page).group(1)}
        landing = send(client, "POST", following + "submit/", "POST submit", token, 302)
        send(client, "GET", landing["Location"], "GET confirmation")
    for kind, values in timings.items():
        print(f"  {kind:18} {counts[kind]:3} queries  median {statistics.median(values):6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL, made afresh; else SQLite")
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--profile", metavar="FILE", help="profile the saves, kept in FILE")
    parser.add_argument("--walks", type=int, default=0, help="walk the whole form N times")
    parser.add_argument("--keep", action="store_true", help="the database is loaded already")
    args = parser.parse_args()
    with workdir("opencall-step-profile-") as folder:
        env = site_env(Path(folder), args.database_url or None)
        env["CONN_MAX_AGE"] = os.environ.get("CONN_MAX_AGE", "0")  # the settings' default
        if args.database_url and not args.keep:
            _fresh_postgres(args.database_url)
        if not args.keep or not args.database_url:
            load_site(env)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "opencall.settings"
        os.environ["ALLOWED_HOSTS"] = "testserver"
        os.chdir(ROOT)
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from opencall.calls.models import Call

        call = Call.objects.get(slug=PRACTICE)
        event_day = call.event_window_end - __import__("datetime").timedelta(days=30)
        if args.walks:
            _walks(Client, event_day, args.walks)
            return 0
        client = Client(enforce_csrf_checks=True)
        path, body = _draft(client, event_day)
        save = _wsgi_post(client, path, body)
        for _ in range(20):  # warm
            assert save() == 302
        with CaptureQueriesContext(connection) as queries:
            assert save() == 302
        print(f"database: {connection.vendor}; one save: {len(queries)} queries")
        for query in queries:
            print("  ", query["sql"][:160])
        timings = []
        cpu_started = time.process_time()
        profile = cProfile.Profile() if args.profile else None
        for _ in range(args.saves):
            started = time.perf_counter()
            if profile:
                profile.enable()
            status = save()
            if profile:
                profile.disable()
            timings.append((time.perf_counter() - started) * 1000)
            assert status == 302
        cpu = (time.process_time() - cpu_started) * 1000 / args.saves
        timings.sort()
        print(
            f"{args.saves} saves: this process's CPU {cpu:.2f} ms a save; wall: "
            f"median {statistics.median(timings):.2f} ms, "
            f"p90 {timings[int(len(timings) * 0.9)]:.2f} ms, mean {statistics.mean(timings):.2f} ms"
            f" (load average {os.getloadavg()[0]:.2f})"
        )
        if profile:
            profile.dump_stats(args.profile)
            stats = pstats.Stats(profile).sort_stats("cumulative")
            stats.print_stats(60)
            stats.sort_stats("tottime").print_stats(40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
