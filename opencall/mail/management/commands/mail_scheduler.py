"""Run the mail scheduler: every minute, settle what dead workers left behind and
send the reminders that are due. Safe to run in several places at once.

    manage.py mail_scheduler            # a loop, for the Procfile or a service
    manage.py mail_scheduler --once     # one tick, for cron

While the database is away the loop logs one line and waits (capped backoff) instead
of a traceback a tick; it records a heartbeat like the workers (kind "scheduler").
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string

from opencall.core.outage import DB_ERRORS, first_line
from opencall.mail.scheduler import mail_tick
from opencall.mail.worker import Backoff, Heartbeat, close_connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Recover stalled mail and send due reminders, every --interval seconds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="run one tick and exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        stop = threading.Event()
        if once:
            return self.tick(options["verbosity"])
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        heartbeat = Heartbeat(
            worker_id=f"scheduler-{get_random_string(12)}", kind="scheduler", recover=False
        )
        heartbeat.start()
        backoff = Backoff()
        try:
            while not stop.is_set():
                try:
                    close_old_connections()
                    connection.ensure_connection()
                except DB_ERRORS as exc:
                    close_connections()
                    delay = backoff.next()
                    logger.warning(
                        "mail scheduler: database unavailable (%s); trying again in %.1f s",
                        first_line(exc),
                        delay,
                    )
                    stop.wait(delay)
                    continue
                backoff.reset()
                self.tick(options["verbosity"])
                stop.wait(interval)
        finally:
            heartbeat.stop()

    def tick(self, verbosity: int) -> None:
        done = mail_tick()
        # Quiet unless something happened (or -v 2): it ticks every minute.
        if verbosity > 1 or (verbosity and any(done.values())):
            self.stdout.write(" ".join(f"{name}={count}" for name, count in done.items()))
