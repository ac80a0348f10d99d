"""Run the mail scheduler: every minute, settle what dead workers left behind and
send the reminders that are due. Safe to run in several places at once.

    manage.py mail_scheduler            # a loop, for the Procfile or a service
    manage.py mail_scheduler --once     # one tick, for cron
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from opencall.mail.scheduler import mail_tick


class Command(BaseCommand):
    help = "Recover stalled mail and send due reminders, every --interval seconds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="run one tick and exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
        while True:
            close_old_connections()
            done = mail_tick()
            # Quiet unless something happened (or -v 2): it ticks every minute.
            if options["verbosity"] > 1 or (options["verbosity"] and any(done.values())):
                self.stdout.write(" ".join(f"{name}={count}" for name, count in done.items()))
            if once or stop.wait(interval):
                return
