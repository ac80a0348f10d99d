"""Run a task worker that outlives database restarts (the Procfile's worker).

django-tasks-db's `db_worker` with the same options, plus: a database error is
logged and waited out (capped backoff) instead of ending the process; a heartbeat
every WORKER_HEARTBEAT_SECONDS for /healthz; tasks of dead workers settled at start
and every WORKER_RECOVERY_SECONDS (opencall/mail/abandoned.py).

    manage.py run_worker --queue-name default,mail --interval 1
"""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from opencall.mail.worker import Heartbeat, ResilientWorker


class Command(db_worker.Command):
    help = "Run the task worker: survives database outages, records a heartbeat."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        batch: bool,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        excluded = exclude_queues.split(",") if exclude_queues else []
        queues = queue_name.split(",")
        if excluded and "*" not in queues:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queues,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )

        def serve() -> None:
            heartbeat = Heartbeat(
                worker_id=worker.worker_id, kind="worker", queues=queue_name, recover=True
            )
            heartbeat.start()
            try:
                worker.run()
            finally:
                heartbeat.stop()

        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child runs tasks
            run_with_reloader(serve)
        else:
            worker.configure_signals()
            serve()
