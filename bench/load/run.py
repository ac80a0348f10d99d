"""Load and fault runs against a real stack on loopback (see README.md here).

    .venv/bin/python bench/load/run.py load          # 50 applicants for 60 s
    .venv/bin/python bench/load/run.py pg-restart    # the same, PostgreSQL restarted midway
    .venv/bin/python bench/load/run.py smtp-down     # the mail server away for 15 s
    .venv/bin/python bench/load/run.py worker-kill   # the worker SIGKILLed mid-send
    .venv/bin/python bench/load/run.py all           # the four, one after another

Run as root (it makes and drops its own PostgreSQL cluster). Prints a table and
writes bench/results/load-<scenario>.json; exits 1 when a target is missed:
0 lost, 0 duplicated, 0 errors other than 503, recovery within 10 s, every mail
received exactly once, no worker dead on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from applicants import Log, run_applicants
from stack import HOST, ROOT, SLUG, Cluster, Options, Stack, app_env

sys.path.insert(0, str(ROOT / "bench"))
from machine import cpu_model

RESULTS = ROOT / "bench" / "results"
SCENARIOS = ("load", "pg-restart", "smtp-down", "worker-kill")
RECOVERY_TARGET = 10.0
OUR_ID = re.compile(r"<opencall\.([0-9a-f-]{36})@")
# What the hole-6 limits are called (they may still be renamed: --app-env overrides).
UNLIMITED = {"DRAFTS_PER_CLIENT_PER_HOUR": "1000000", "MAILS_PER_ADDRESS_PER_HOUR": "1000000"}


@dataclass
class Fault:
    name: str
    started: float | None = None  # seconds since the run began
    cleared: float | None = None
    notes: dict = field(default_factory=dict)


# -- faults ------------------------------------------------------------------------------
def inject(scenario: str, stack: Stack, log: Log, fault: Fault, args) -> None:
    while log.now() < args.fault_at:
        time.sleep(0.1)
    if scenario == "pg-restart":
        fault.started = log.now()
        stack.cluster.pg_ctl("restart")
        fault.cleared = log.now()
    elif scenario == "smtp-down":
        fault.started = log.now()
        stack.smtp.stop()
        time.sleep(args.smtp_down)
        stack.smtp.start()
        fault.cleared = log.now()
    elif scenario == "worker-kill":
        # Wait until the worker is in the middle of a send, at the stage asked for.
        waited = time.monotonic() + 10
        while stack.smtp.waiting <= 0 and time.monotonic() < waited:
            time.sleep(0.005)
        fault.notes["killed_while_server_at"] = args.kill_during if stack.smtp.waiting else ""
        fault.started = log.now()
        victim = stack.workers[0]
        victim.popen.send_signal(signal.SIGKILL)
        victim.popen.wait()
        fault.notes["killed"] = victim.name
        fault.notes["sending_rows_at_kill"] = [
            {"status": status, "phase": phase, "attempts": attempts}
            for status, phase, attempts in stack.query(
                "SELECT status, phase, attempts FROM mail_outgoingmail WHERE status = 'sending'"
            )
        ]
        time.sleep(args.restart_after)
        stack.start_worker()
        fault.cleared = log.now()


def watch(stack: Stack, stop: threading.Event, deaths: list, killed: set) -> None:
    """Note any process of the stack that ends on its own during the run."""
    seen = set()
    while not stop.wait(0.5):
        for process in stack.processes:
            if process.name in seen or process.popen.poll() is None:
                continue
            seen.add(process.name)
            if process.name not in killed:
                deaths.append({"process": process.name, "exit": process.popen.returncode})
                print(f"!! {process.name} exited ({process.popen.returncode})", flush=True)


# -- counting ----------------------------------------------------------------------------
def drain(stack: Stack, timeout: float) -> float | None:
    """Wait until the outbox has nothing queued or sending; seconds waited, or None
    (at once when no worker is left to send)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout and any(w.alive() for w in stack.workers):
        try:
            (pending,) = stack.query(
                "SELECT count(*) FROM mail_outgoingmail WHERE status IN ('queued', 'sending')"
            )[0]
        except Exception:  # the database may still be coming back
            pending = -1
        if pending == 0:
            time.sleep(1.0)  # let the last answers reach the recorder
            return time.monotonic() - started
        time.sleep(1.0)
    return None


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def count(stack: Stack, log: Log, fault: Fault, deaths: list) -> dict:
    walks = list(log.walks)
    acknowledged = {w.email for w in walks if w.acknowledged}
    applications: dict[str, list[tuple[int, str]]] = {}
    for pk, email, status in stack.query("SELECT id, email, status FROM applications_application"):
        applications.setdefault(email.lower(), []).append((pk, status))
    ours = {w.email for w in walks}  # not the warm-up's
    stored = {e for e, rows in applications.items() if any(s != "draft" for _pk, s in rows)}
    stored &= ours
    lost = sorted(acknowledged - stored)
    duplicated_applications = sorted(e for e, rows in applications.items() if len(rows) > 1)

    # Mail: each outbox row has one Message-ID for all its attempts.
    rows = stack.query(
        'SELECT public_id, key, "to", status, application_id, attempts, created_at'
        " FROM mail_outgoingmail"
    )
    outbox = [row[:5] for row in rows]
    copies = Counter(r.message_id for r in stack.smtp.received)
    copies_of = Counter(m.group(1) for mid in copies.elements() if (m := OUR_ID.search(mid)))
    by_key: dict[str, Counter] = {}
    not_received: Counter = Counter()
    for public_id, key, _to, status, _application in outbox:
        seen = copies_of[str(public_id)]
        by_key.setdefault(key, Counter())[seen] += 1
        if seen == 0:
            not_received[f"{key}:{status}"] += 1
    duplicated_mails = sum(1 for n in copies.values() if n > 1)
    backlog = None  # when the last mail promised before the fault ended arrived
    if fault.cleared is not None:
        arrived = {}
        for received in stack.smtp.received:
            if match := OUR_ID.search(received.message_id):
                arrived.setdefault(match.group(1), received.at - log.began)
        promised = [
            str(public_id)
            for public_id, *_rest, created_at in rows
            if created_at.timestamp() - log.began_wall <= fault.cleared
        ]
        times = [arrived[p] for p in promised if p in arrived]
        if times and len(times) == len(promised):
            backlog = round(max(0.0, max(times) - fault.cleared), 1)
    submitted_ids = {
        pk for rows in applications.values() for pk, status in rows if status != "draft"
    }
    confirmed_ids = {a for _p, key, _t, _s, a in outbox if key == "submitted"}
    started_ids = {pk for rows in applications.values() for pk, _status in rows}
    draft_ids = {a for _p, key, _t, _s, a in outbox if key == "draft_started"}
    tasks = Counter(
        status for (status,) in stack.query("SELECT status FROM django_tasks_database_dbtaskresult")
    )

    answered = [r for r in log.requests if r.status]
    failures = [r for r in log.requests if r.status == 0 or r.status >= 400]
    errors = [r for r in failures if r.status != 503]
    recovery = None
    if fault.started is not None:
        window = [r for r in failures if fault.started <= r.started <= (fault.cleared or 0) + 30]
        last = max((r.started + r.latency for r in window), default=fault.cleared)
        recovery = max(0.0, last - fault.cleared)
        first = min((r.started for r in window), default=last)
        fault.notes["fault_lasted_s"] = round(fault.cleared - fault.started, 2)
        fault.notes["failures_seen_for_s"] = round(last - first, 2) if window else 0.0
    latencies = [r.latency * 1000 for r in answered]
    return {
        "requests": len(log.requests),
        "walks": len(walks),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "stored_not_acknowledged": len(stored - acknowledged),
        "lost": len(lost),
        "lost_emails": lost[:20],
        "duplicated": len(duplicated_applications) + duplicated_mails,
        "duplicated_applications": len(duplicated_applications),
        "duplicated_mails": duplicated_mails,
        "errors": len(errors),
        "errors_by_status": dict(Counter(str(r.status or "no answer") for r in errors)),
        "errors_by_request": dict(Counter(r.kind for r in errors).most_common(8)),
        "answers_503": sum(1 for r in failures if r.status == 503),
        "walks_failed": dict(Counter(w.failed for w in walks if w.failed).most_common(8)),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=0.0), 1),
        },
        "latency_p50_ms_by_request": {
            kind: round(percentile([r.latency * 1000 for r in answered if r.kind == kind], 0.5))
            for kind in sorted({r.kind for r in answered})
        },
        "walks_unfinished": sum(1 for w in walks if not w.acknowledged and not w.failed),
        "recovery_s": None if recovery is None else round(recovery, 2),
        "fault": {
            "name": fault.name,
            "started_s": fault.started and round(fault.started, 2),
            "cleared_s": fault.cleared and round(fault.cleared, 2),
            **fault.notes,
        },
        "mail": {
            "received": len(stack.smtp.received),
            "outbox_rows": len(outbox),
            "outbox_by_status": dict(Counter(row[3] for row in outbox)),
            "copies_per_row_by_kind": {k: dict(sorted(v.items())) for k, v in by_key.items()},
            "rows_not_received": dict(not_received),
            "rows_sent_after_retries": sum(1 for row in rows if row[5] > 1),
            "backlog_delivered_s_after_fault": backlog,
            "submitted_without_confirmation_row": len(submitted_ids - confirmed_ids),
            "started_without_draft_row": len(started_ids - draft_ids),
        },
        "task_rows": dict(tasks),
        "processes_died": deaths,
    }


def targets(result: dict) -> dict[str, bool]:
    mail = result["mail"]
    checks = {
        "0 lost": result["lost"] == 0,
        "0 duplicated": result["duplicated"] == 0,
        "0 errors other than 503": result["errors"] == 0,
        "every mail received exactly once": not mail["rows_not_received"]
        and mail["submitted_without_confirmation_row"] == 0
        and mail["started_without_draft_row"] == 0,
        "outbox drained": result["drained_s"] is not None,
        "no process died on its own": not result["processes_died"],
        "some submissions acknowledged": result["acknowledged"] > 0,
    }
    if result["recovery_s"] is not None:
        checks[f"recovery within {RECOVERY_TARGET:.0f} s"] = result["recovery_s"] <= RECOVERY_TARGET
    return checks


# -- one scenario --------------------------------------------------------------------------
def options_for(scenario: str, args) -> Options:
    return Options(
        cluster=args.cluster,
        pg_port=args.pg_port,
        web_workers=args.web_workers,
        workers=args.workers,
        worker_command=args.worker_command,
        scheduler_command=args.scheduler_command,
        app_env={**UNLIMITED, **dict(kv.split("=", 1) for kv in args.app_env)},
        smtp_delay=args.smtp_delay if scenario == "worker-kill" else 0.0,
        smtp_delay_stage={"envelope": "rcpt", "data": "data"}[args.kill_during],
        keep=args.keep,
    )


def run(scenario: str, args, cluster: Cluster) -> dict:
    options = options_for(scenario, args)
    stack = Stack(options, cluster, "opencall_" + scenario.replace("-", "_"))
    print(f"== {scenario}", flush=True)
    try:
        stack.up()
        ((window_end,),) = stack.query(
            "SELECT event_window_end FROM calls_call WHERE slug = %s", (SLUG,)
        )
        event_day = window_end - dt.timedelta(days=30)
        if args.warmup:
            # Each web process compiles its templates on first use: not what is measured.
            warm = Log()
            run_applicants(
                stack.base_url,
                SLUG,
                count=args.web_workers,
                duration=180.0,
                grace=0.0,
                max_walks=args.warmup,
                event_day=event_day,
                log=warm,
                run_id="warmup",
            )
            print(f"warmed up with {len(warm.walks)} walks in {warm.now():.0f} s", flush=True)
        log = Log()
        fault = Fault(scenario if scenario != "load" else "")
        deaths: list = []
        stop = threading.Event()
        killed = {"worker-1"} if scenario == "worker-kill" else set()
        watcher = threading.Thread(target=watch, args=(stack, stop, deaths, killed), daemon=True)
        watcher.start()
        injector = None
        if scenario != "load":
            injector = threading.Thread(
                target=inject, args=(scenario, stack, log, fault, args), daemon=True
            )
            injector.start()
        run_applicants(
            stack.base_url,
            SLUG,
            count=args.applicants,
            duration=args.duration,
            grace=args.grace,
            max_walks=args.max_walks,
            event_day=event_day,
            log=log,
            run_id=f"{int(time.time())}",
            timeout=args.timeout,
        )
        load_ended = log.now()
        if injector:
            injector.join(timeout=30)
        print(f"load ended at {load_ended:.1f} s; waiting for the outbox", flush=True)
        drained = drain(stack, args.drain_timeout)
        stop.set()
        watcher.join()
        result = count(stack, log, fault, deaths)
        result["drained_s"] = None if drained is None else round(drained, 1)
        result["load_s"] = round(load_ended, 1)
        result["logs"] = str(stack.logs)
    finally:
        stack.down()
    result["scenario"] = scenario
    result["parameters"] = {
        "applicants": args.applicants,
        "duration_s": args.duration,
        "grace_s": args.grace,
        "request_timeout_s": args.timeout,
        "web_workers": args.web_workers,
        "workers": args.workers,
        "worker_command": args.worker_command,
        "fault_at_s": args.fault_at,
        "smtp_down_s": args.smtp_down if scenario == "smtp-down" else None,
        "smtp_delay_s": options.smtp_delay,
        "kill_during": args.kill_during if scenario == "worker-kill" else None,
    }
    result["machine"] = (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}; "
        f"CPU: {cpu_model()}; {os.cpu_count()} CPUs; python {platform.python_version()}"
    )
    result["targets"] = targets(result)
    return result


def table(result: dict) -> str:
    lat = result["latency_ms"]
    mail = result["mail"]
    recovery = "-"
    if result["recovery_s"] is not None:
        fault = result["fault"]
        recovery = (
            f"{result['recovery_s']:.1f} s after the fault ended (it lasted "
            f"{fault['fault_lasted_s']:.1f} s; failures seen for "
            f"{fault['failures_seen_for_s']:.1f} s)"
        )
    backlog = mail["backlog_delivered_s_after_fault"]
    backlog = "-" if backlog is None else f"{backlog:.0f} s after the fault ended"
    drained = "not drained" if result["drained_s"] is None else f"{result['drained_s']:.0f} s"
    rows = [
        ("scenario", result["scenario"]),
        ("requests", result["requests"]),
        ("walks started", result["walks"]),
        ("walks unfinished", result["walks_unfinished"]),
        ("acknowledged", result["acknowledged"]),
        ("stored", result["stored"]),
        ("lost", result["lost"]),
        ("duplicated", result["duplicated"]),
        ("errors (not 503)", f"{result['errors']} {result['errors_by_status'] or ''}".strip()),
        ("503 answers", result["answers_503"]),
        ("latency p50/p95/p99/max", f"{lat['p50']}/{lat['p95']}/{lat['p99']}/{lat['max']} ms"),
        ("recovery", recovery),
        ("mails received", f"{mail['received']} of {mail['outbox_rows']} outbox rows"),
        ("outbox rows by status", mail["outbox_by_status"]),
        ("mails needing retries", mail["rows_sent_after_retries"]),
        ("mail backlog delivered", backlog),
        ("outbox drained after", drained),
        ("task rows by status", result["task_rows"]),
        ("processes died", ", ".join(d["process"] for d in result["processes_died"]) or "none"),
    ]
    lines = [f"{name:24} {value}" for name, value in rows]
    notes = {
        k: v
        for k, v in result["fault"].items()
        if k not in {"name", "started_s", "cleared_s", "fault_lasted_s", "failures_seen_for_s"}
    }
    if notes:
        lines.append(f"{'fault':24} {notes}")
    slowest = sorted(result["latency_p50_ms_by_request"].items(), key=lambda kv: -kv[1])[:3]
    lines.append(f"{'slowest pages (p50)':24} " + ", ".join(f"{k} {v} ms" for k, v in slowest))
    if mail["rows_not_received"]:
        lines.append(f"{'mails not received':24} {mail['rows_not_received']}")
    if result["walks_failed"]:
        lines.append(f"{'walks failed':24} {result['walks_failed']}")
    for name, met in result["targets"].items():
        lines.append(f"{'target':24} {'met   ' if met else 'MISSED'} {name}")
    return "\n".join(lines)


def figures() -> str:
    """The latest recorded run of each scenario as a Markdown table (for README.md)."""
    head = (
        "| scenario | requests | acknowledged | stored | lost | duplicated | errors (not 503)"
        " | 503 | p50 / p95 / max ms | recovery | mails received once | targets |"
    )
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for scenario in SCENARIOS:
        path = RESULTS / f"load-{scenario}.json"
        if not path.exists():
            continue
        r = json.loads(path.read_text(encoding="utf-8"))
        lat, mail = r["latency_ms"], r["mail"]
        once = mail["copies_per_row_by_kind"]
        received_once = sum(by.get("1", 0) for by in once.values())
        missed = [name for name, met in r["targets"].items() if not met]
        errors = r["errors"]
        if r["errors_by_status"]:
            kinds = ", ".join(f"{n}× {status}" for status, n in r["errors_by_status"].items())
            errors = f"{errors} ({kinds})"
        recovery = "-" if r["recovery_s"] is None else f"{r['recovery_s']:.1f} s"
        lines.append(
            f"| {scenario} | {r['requests']} | {r['acknowledged']} | {r['stored']} | {r['lost']}"
            f" | {r['duplicated']} | {errors} | {r['answers_503']}"
            f" | {lat['p50']:.0f} / {lat['p95']:.0f} / {lat['max']:.0f} | {recovery}"
            f" | {received_once} of {mail['outbox_rows']}"
            f" | {'missed: ' + '; '.join(missed) if missed else 'met'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "scenario",
        choices=[*SCENARIOS, "all", "figures"],
        help="figures: print the recorded results as a Markdown table",
    )
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of new walks")
    parser.add_argument("--grace", type=float, default=120.0, help="for walks under way")
    parser.add_argument("--max-walks", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--warmup", type=int, default=8, help="walks before measuring")
    parser.add_argument("--fault-at", type=float, default=25.0, help="seconds into the run")
    parser.add_argument("--smtp-down", type=float, default=15.0, help="seconds away")
    parser.add_argument(
        "--kill-during",
        choices=["data", "envelope"],
        default="data",
        help="worker-kill: the send's stage the worker is killed in (data: the server "
        "has the message, the worker has not heard so; envelope: before DATA)",
    )
    parser.add_argument(
        "--smtp-delay", type=float, default=0.3, help="worker-kill: the server's wait, s"
    )
    parser.add_argument("--restart-after", type=float, default=1.0, help="worker-kill only")
    parser.add_argument("--drain-timeout", type=float, default=60.0)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--worker-command", default=Options.worker_command)
    parser.add_argument("--scheduler-command", default=Options.scheduler_command)
    parser.add_argument(
        "--app-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the app (repeatable); the mail and draft limits "
        "are set high by default: " + ", ".join(UNLIMITED),
    )
    parser.add_argument("--cluster", default="ocbench")
    parser.add_argument("--pg-port", type=int, default=5438)
    parser.add_argument("--keep", action="store_true", help="keep the cluster (debugging)")
    parser.add_argument("--no-record", action="store_true", help="write no JSON")
    args = parser.parse_args(argv)
    if args.scenario == "figures":
        print(figures())
        return 0

    missed = []
    scenarios = SCENARIOS if args.scenario == "all" else (args.scenario,)
    options = options_for("load", args)
    cluster = Cluster(options, Path(tempfile.mkdtemp(prefix="opencall-load-setup-")))
    try:
        cluster.make(app_env(options, cluster.url(cluster.TEMPLATE), f"http://{HOST}", None))
        for scenario in scenarios:
            result = run(scenario, args, cluster)
            print(table(result), flush=True)
            if not args.no_record:
                RESULTS.mkdir(exist_ok=True)
                path = RESULTS / f"load-{scenario}.json"
                text = json.dumps(result, indent=2, default=str) + "\n"
                path.write_text(text, encoding="utf-8")
                print(f"written: {path.relative_to(ROOT)}")
            if not all(result["targets"].values()):
                missed.append(scenario)
    finally:
        cluster.drop()
    if missed:
        print("missed a target: " + ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
