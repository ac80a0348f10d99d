"""The task worker that outlives its database: django-tasks-db's loop, restarted
after a database error with a capped backoff, plus a heartbeat thread that says the
worker is alive and settles what dead workers left behind.

A worker that exits on a database restart takes the whole site down under honcho
(`make run` stops every process when one ends); this one logs, waits and goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from opencall.core.outage import DB_ERRORS, first_line
from opencall.mail.abandoned import recover_abandoned, settle_task
from opencall.mail.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def close_connections() -> None:
    """Drop this thread's connections; the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


class Backoff:
    """Waits of base, 2×base, 4×base… never more than the cap."""

    def __init__(self) -> None:
        self.failures = 0

    def next(self) -> float:
        base = float(settings.WORKER_BACKOFF_BASE_SECONDS)
        cap = float(settings.WORKER_BACKOFF_MAX_SECONDS)
        self.failures += 1
        return min(base * 2 ** (self.failures - 1), cap)

    def reset(self) -> None:
        self.failures = 0


class ResilientWorker(Worker):
    """django-tasks-db's Worker; a database error no longer ends it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.backoff = Backoff()
        self.current: DBTaskResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        while self.running:
            started = time.monotonic()
            try:
                self._settle_own_task()
                super().run()
                return  # batch done, --max-tasks reached, or asked to stop
            except DB_ERRORS as exc:
                if time.monotonic() - started > float(settings.WORKER_BACKOFF_MAX_SECONDS):
                    self.backoff.reset()  # a new outage, not the same one going on
                self._wait_out(exc)
            self.startup_delay = False  # only the first start staggers the workers

    def _wait_out(self, exc: Exception) -> None:
        if self.current is not None and self.error is None:
            self.error = exc.__context__ or exc  # the task's own error, if it had one
        close_connections()
        if not self.running:
            return
        delay = self.backoff.next()
        logger.warning(
            "worker %s: database unavailable (%s); trying again in %.1f s",
            self.worker_id,
            first_line(exc),
            delay,
        )
        time.sleep(delay)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current = db_task_result
        super().run_task(db_task_result)  # raises only if the outcome could not be saved
        self.current = None
        self.backoff.reset()

    def _settle_own_task(self) -> None:
        """The task whose outcome a database error kept us from writing: it is ours,
        we are alive, so nobody else will settle it (abandoned.py). Fail it now."""
        if self.current is None:
            return
        settle_task(self.current.pk, reason="the database went away", error=self.error)
        logger.warning("worker %s: task %s recorded as failed", self.worker_id, self.current.pk)
        self.current = self.error = None


class Heartbeat(threading.Thread):
    """Every few seconds: record that this process is alive; now and then, settle the
    tasks of workers that are not (any worker may; each row is locked)."""

    def __init__(self, *, worker_id: str, kind: str, queues: str = "", recover: bool) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.kind = kind
        self.queues = queues[:200]
        self.recover = recover
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self._healthy = True
        self._next_recovery = 0.0  # the first tick recovers: at start, then periodically
        self._first = True

    def run(self) -> None:
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(float(settings.WORKER_HEARTBEAT_SECONDS))

    def tick(self) -> None:
        try:
            if self._first:
                self._settle_leftovers()
            self.beat()
            if not self._healthy:
                logger.warning("heartbeat %s: database back", self.worker_id)
                self._healthy = True
                # Every worker missed beats during the outage: give the others time
                # to beat again before judging any of them dead.
                self._next_recovery = time.monotonic() + float(settings.WORKER_STALE_SECONDS)
            if self.recover and time.monotonic() >= self._next_recovery:
                self._next_recovery = time.monotonic() + float(settings.WORKER_RECOVERY_SECONDS)
                done = recover_abandoned(now=timezone.now())
                if any(done.values()):
                    logger.warning("worker %s settled abandoned work: %s", self.worker_id, done)
        except DB_ERRORS as exc:
            if self._healthy:
                logger.warning(
                    "heartbeat %s: database unavailable (%s)", self.worker_id, first_line(exc)
                )
            self._healthy = False
        except Exception:
            logger.exception("heartbeat %s failed", self.worker_id)
        finally:
            close_connections()  # this thread's own connection; not kept between beats

    def _settle_leftovers(self) -> None:
        """Tasks "running" under our own id are a previous life's (a restart that kept
        its --worker-id): nothing runs them now."""
        for pk, workers in DBTaskResult.objects.running().values_list("pk", "worker_ids"):
            if workers and workers[-1] == self.worker_id:
                settle_task(pk, reason="its worker restarted")
        self._first = False

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "kind": self.kind,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "queues": self.queues,
                "started_at": self.started_at,
                "seen_at": timezone.now(),
            },
        )

    def stop(self) -> None:
        """Stop beating and say goodbye (best effort: the database may be away)."""
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=5)
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
