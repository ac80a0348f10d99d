"""Benchmark screening: applications screened per second on one core, end to end.

    .venv/bin/python bench/screening_bench.py [--count 100000] [--cli-count 50000]
                                              [--repeat 3] [--seed 2022]

The target (issue 15) is the real entry point: `manage.py screen --call CALL FILE`, timed
from the command's start to its last byte (Django's start-up, reading, validating,
screening and writing the JSON, to /dev/null), --cli-count applications in the file.
The engine alone (one Screener, documents already validated) is measured too, for
comparison.

The documents are generated up front (not timed), seeded, and mixed like a real
call's inbox: mostly conferences, some mapathons and trainings to redirect, events
in priority countries, in other hub countries and outside every hub region, all
three scopes, answers missing here and there as in drafts, submissions on both
sides of the deadline. Screening uses one Screener (the call's lookups built once)
and, where the system allows, runs pinned to one CPU. Target: 20,000 per second.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from machine import command_env, cpu_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from opencall.applications.document import ApplicationDocument
from opencall.calls.definition import CallDefinition, load_definition
from opencall.screening.engine import Screener

ROOT = Path(__file__).resolve().parent.parent
CALL_FILE = ROOT / "calls" / "hot-summit-2022.toml"
TARGET_PER_S = 20_000
FORMATS = {"conference": 78, "mapathon": 6, "training": 5, "meetup": 4, "other": 5, None: 2}
REGISTRATION = {"open": 85, "invite_only": 5, "unknown": 10}
CODE_OF_CONDUCT = {"in_place": 62, "planned": 33, "none": 5}
THEME_COUNTS = {0: 3, 1: 40, 2: 35, 3: 15, 4: 7}
COMMUNITY_VALUES = ("Good.", "It brings mappers, local authorities and humanitarians together.")
SCOPES = {"regional": 35, "national": 35, "international": 28, None: 2}
OUTSIDE_HUBS = ("FR", "DE", "IT", "US", "GB", "JP", "CA", "ES", "AU")
THEMES = ("osm", "open", "impact", "disaster")
CITIES = ("Lima", "Nairobi", "Manila", "Dakar", "Bangkok", "Paris", "Kathmandu", "Accra")


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _maybe(rng: random.Random, value: Any, present: float) -> Any:
    return value if rng.random() < present else None


def _dates(rng: random.Random) -> tuple[str | None, str | None]:
    start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(-15, 380))
    end = start + dt.timedelta(days=rng.choice((0, 1, 2, 3, 6)))
    if rng.random() < 0.1:
        return None, None
    return start.isoformat(), end.isoformat()


def _submitted(rng: random.Random, call: CallDefinition, complete: bool) -> str | None:
    if not complete:
        return None  # a draft
    moment = call.closes_at - dt.timedelta(hours=rng.uniform(-24, 22 * 24))
    return moment.isoformat()


def record(
    rng: random.Random, index: int, call: CallDefinition, hub_countries: list[str]
) -> dict[str, Any]:
    complete = rng.random() < 0.8  # a submitted application, else a half-filled draft
    present = 0.97 if complete else 0.5
    country = rng.choice(hub_countries) if rng.random() < 0.88 else rng.choice(OUTSIDE_HUBS)
    start, end = _dates(rng)
    offers = rng.sample([offer.code for offer in call.offers], k=rng.randint(0, 3))
    return {
        "ref": f"BENCH-{index:06d}",
        "event_name": f"Open mapping conference {index}",
        "format": _weighted(rng, FORMATS),
        "start_date": start,
        "end_date": end,
        "city": _maybe(rng, rng.choice(CITIES), present),
        "country": _maybe(rng, country, present),
        "online_only": rng.random() < 0.07,
        "scope": _weighted(rng, SCOPES),
        "virtual_component": _maybe(rng, rng.random() < 0.5, 0.7),
        "open_publication": _maybe(rng, rng.random() < 0.5, 0.7),
        "serves_countries": rng.sample(hub_countries + list(OUTSIDE_HUBS), k=rng.randint(0, 4)),
        "programme_url": _maybe(rng, f"https://conf{index}.example.org/programme", present),
        "organisation": _maybe(rng, f"Organising team {index}", present),
        "contacts": [{"name": "Ana", "email": f"team{index}@example.org"}]
        if rng.random() < present
        else [],
        "registration": _maybe(rng, _weighted(rng, REGISTRATION), present),
        "registration_url": _maybe(rng, f"https://conf{index}.example.org/register", 0.6),
        "code_of_conduct": _maybe(rng, _weighted(rng, CODE_OF_CONDUCT), present),
        "themes": rng.sample(THEMES, k=_weighted(rng, THEME_COUNTS)) if complete else [],
        "community_value": _maybe(rng, rng.choice(COMMUNITY_VALUES), present),
        "offers": [{"type": code} for code in offers],
        "language": rng.choice(("en", "fr", "es", "pt")),
        "submitted_at": _submitted(rng, call, complete),
    }


def records(call: CallDefinition, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    hub_countries = sorted(call.reference.countries)
    return [record(rng, index, call, hub_countries) for index in range(count)]


def command_rate(path: Path, count: int, repeat: int) -> tuple[float, float]:
    """The best wall time of `manage.py screen` over the file, and its start-up alone."""
    command = [sys.executable, "manage.py", "screen", "--call", str(CALL_FILE)]
    best = float("inf")
    for number in range(1, repeat + 1):
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            subprocess.run(
                [*command, str(path)], cwd=ROOT, stdout=sink, check=True, env=command_env()
            )
        seconds = time.perf_counter() - started
        best = min(best, seconds)
        print(f"manage.py screen, run {number}: {count:,} in {seconds:.2f} s")
    empty = path.with_name("empty.json")
    empty.write_text("[]")
    startup = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [*command, str(empty)], cwd=ROOT, capture_output=True, check=True, env=command_env()
        )
        startup = min(startup, time.perf_counter() - started)
    return best, startup


def generate(call: CallDefinition, count: int, seed: int) -> list[ApplicationDocument]:
    rng = random.Random(seed)
    hub_countries = sorted(call.reference.countries)
    return [
        ApplicationDocument.model_validate(record(rng, index, call, hub_countries))
        for index in range(count)
    ]


def pin_to_one_cpu() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def run_once(
    screener: Screener, documents: list[ApplicationDocument]
) -> tuple[float, collections.Counter[str]]:
    verdicts: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for document in documents:
        verdicts[screener.screen(document).verdict] += 1
    return time.perf_counter() - started, verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="for the engine alone")
    parser.add_argument("--cli-count", type=int, default=50_000, help="for manage.py screen")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)

    call = load_definition(CALL_FILE)
    print(f"generating {args.count:,} documents (seed {args.seed}, not timed)...")
    documents = generate(call, args.count, args.seed)
    pinning = pin_to_one_cpu()
    print(f"machine: {platform.platform()}; CPU: {cpu_model()}; {os.cpu_count()} CPUs, {pinning}")
    print(f"python {platform.python_version()} ({platform.python_implementation()})")

    screener = Screener(call)
    best = float("inf")
    for number in range(1, args.repeat + 1):
        seconds, verdicts = run_once(screener, documents)
        best = min(best, seconds)
        mix = ", ".join(f"{verdict}: {n:,}" for verdict, n in sorted(verdicts.items()))
        rate = args.count / seconds
        print(
            f"run {number}: {args.count:,} in {seconds:.3f} s = {rate:,.0f} applications/s ({mix})"
        )
    engine_rate = args.count / best
    print(f"engine alone, best: {engine_rate:,.0f} applications/s ({best:.3f} s)")

    with tempfile.TemporaryDirectory(prefix="screening-bench-") as folder:
        path = Path(folder) / "applications.json"
        path.write_text(json.dumps(records(call, args.cli_count, args.seed)))
        seconds, startup = command_rate(path, args.cli_count, args.repeat)
    rate = args.cli_count / seconds
    print(
        f"manage.py screen, best: {rate:,.0f} applications/s end to end ({seconds:.2f} s, "
        f"of which {startup:.2f} s start-up and an empty file)"
    )
    met = rate >= TARGET_PER_S
    print(
        f"TARGET screening end to end: {rate:,.0f} applications/s through manage.py screen, "
        f"{args.cli_count:,} on one core (target {TARGET_PER_S:,}/s) "
        f"{'met' if met else 'not met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
