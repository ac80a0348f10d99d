"""Benchmark the reviewers' queue: page latency with 10,000 applications in a call.

    .venv/bin/python bench/queue_bench.py [--count 10000] [--repeat 20] [--record]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opencall_dev \
        .venv/bin/python bench/queue_bench.py

Builds a throw-away test database (a SQLite file in /tmp, or `test_<name>` on
PostgreSQL), loads the 2022 call, and fills it (not timed) like a busy call: 10,000
screened applications across the hub regions, each with a screening result, two
assignments, and up to three submitted reviews. Then it times the queue page
through Django's test client (the whole request: middleware, rulebook, queries,
template) for a working group member and a hub manager, in the ways reviewers use
it: first page, sorted by score, filtered, searched, a far page. Target: p95 under
TARGET_MS per page. `--record` appends the figures to bench/queue_bench_results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencall.settings")
RESULTS = ROOT / "bench" / "queue_bench_results.md"
TARGET_MS = 300.0
COUNTRIES = ["KE", "UG", "TZ", "PH", "ID", "NP", "BD", "SN", "NG", "BR", "PE", "FR", "US", "DE"]
OFFERS = ["content_codesign", "scholarships", "comms_promotion", "logistics", "sponsorship_funding"]
SCENARIOS = {
    "first page": "",
    "sorted by score": "?sort=-score",
    "filtered (hub + status)": "?hub=esa&status=screened",
    "search by name": "?q=Mapping+Week+42",
    "page 100": "?page=100",
    "my assigned reviews": "?mine=assigned",
}


def build(count: int, seed: int):
    """The call, staff and `count` applications; returns (call, {role: user})."""
    from django.contrib.auth import get_user_model

    from opencall.accounts.services import membership_add
    from opencall.applications.models import Application
    from opencall.applications.services import hub_code_for
    from opencall.calls.definition import load_definition
    from opencall.calls.services import call_load
    from opencall.reference.services import reference_load
    from opencall.reviews.models import Assignment, Review
    from opencall.reviews.services import summaries_refresh
    from opencall.screening.models import ScreeningResult

    rng = random.Random(seed)
    reference_load(folder=ROOT / "reference" / "hot-2022")
    call, _action = call_load(definition=load_definition(ROOT / "calls" / "hot-summit-2022.toml"))
    users = get_user_model().objects
    people = {}
    for name, role, hub in [
        ("wg1", "working_group", ""),
        ("wg2", "working_group", ""),
        ("wg3", "working_group", ""),
        ("hub-esa", "hub_manager", "esa"),
        ("hub-ap", "hub_manager", "ap"),
        ("hub-wna", "hub_manager", "wna"),
    ]:
        people[name] = users.create_user(username=name, password="bench-password-2022")  # noqa: S106
        membership_add(user=people[name], call=call, role=role, hub_code=hub)
    hubs = {c: hub_code_for(call=call, country=c) for c in COUNTRIES}
    statuses = ["screened"] * 6 + ["in_conversation"] * 2 + ["resource_check", "shortlisted"]
    applications = []
    for number in range(1, count + 1):
        country = rng.choice(COUNTRIES)
        offers = rng.sample(OFFERS, rng.randint(1, 3))
        applications.append(
            Application(
                call=call,
                number=number,
                status=rng.choice(statuses),
                email=f"organiser{number}@example.org",
                event_name=f"Open Mapping Week {number}",
                country=country,
                hub_code=hubs[country],
                scope=rng.choice(["regional", "national", "international"]),
                format="conference",
                start_date=dt.date(2022, 7, 1) + dt.timedelta(days=rng.randint(0, 170)),
                submitted_at=dt.datetime(2022, 5, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=number),
                document={
                    "event_name": f"Open Mapping Week {number}",
                    "country": country,
                    "offers": [
                        {"type": code, "details": None, "amount_usd": None} for code in offers
                    ],
                },
            )
        )
    Application.objects.bulk_create(applications, batch_size=1000)
    call.application_count = count
    call.save(update_fields=["application_count"])
    ids = list(Application.objects.filter(call=call).values_list("pk", flat=True))
    verdicts = ["eligible", "needs_review", "ineligible"]
    ScreeningResult.objects.bulk_create(
        [
            ScreeningResult(
                application_id=pk,
                verdict=(v := rng.choice(verdicts)),
                computed_verdict=v,
                result={"criteria": {}},
                reference_key="hot-2022",
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    reviewers = list(people.values())
    assignments, reviews = [], []
    for pk in ids:
        chosen = rng.sample(reviewers, 2)
        assignments += [Assignment(application_id=pk, reviewer=u) for u in chosen]
        for user in rng.sample(reviewers, rng.randint(0, 3)):
            reviews.append(
                Review(
                    application_id=pk,
                    reviewer=user,
                    state="submitted",
                    score=round(rng.uniform(20, 100), 1),
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    for start in range(0, len(ids), 500):
        summaries_refresh(application_ids=ids[start : start + 500])
    return call, people


def measure(client, url: str, repeat: int) -> list[float]:
    client.get(url)  # warm caches and the connection
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--record", action="store_true", help="append to " + RESULTS.name)
    args = parser.parse_args(argv)

    import django
    from django.conf import settings

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DEBUG = False
    if connection.vendor == "sqlite":
        # A file, as in production, not the in-memory database tests use.
        connection.settings_dict["TEST"]["NAME"] = "/tmp/opencall_queue_bench.sqlite3"  # noqa: S108
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        call, people = build(args.count, args.seed)
        print(f"built {args.count:,} applications in {time.perf_counter() - started:.1f} s")
        lines = [
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {connection.vendor}; "
            f"{platform.platform()}; CPU: {cpu_model()}; {os.cpu_count()} CPUs; "
            f"python {platform.python_version()}; {args.count:,} applications, "
            f"{args.repeat} requests per case"
        ]
        print(lines[0])
        worst = 0.0
        for who in ("wg1", "hub-esa"):
            client = Client()
            client.force_login(people[who])
            for name, query in SCENARIOS.items():
                timings = measure(client, f"/staff/calls/{call.slug}/{query}", args.repeat)
                worst = max(worst, p95(timings))
                line = (
                    f"{who:8} {name:26} median {statistics.median(timings):7.1f} ms"
                    f"   p95 {p95(timings):7.1f} ms"
                )
                lines.append(line)
                print(line)
        status = "met" if worst <= TARGET_MS else "not met"
        summary = f"worst p95: {worst:.1f} ms (target {TARGET_MS:.0f} ms: {status})"
        lines.append(summary)
        print(summary)
        target = f"(target <= {TARGET_MS:.0f} ms)"
        print(f"TARGET review queue worst p95: {worst:.1f} ms {target} {status}")
        if args.record:
            with RESULTS.open("a", encoding="utf-8") as out:
                out.write("\n```\n" + "\n".join(lines) + "\n```\n")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
