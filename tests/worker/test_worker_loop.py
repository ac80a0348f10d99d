"""The worker rides out a database outage: it logs, waits, reconnects and goes on;
no task it held stays "running"."""

import logging

import pytest
from django.db import OperationalError
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from opencall.mail.worker import ResilientWorker
from tests.worker.tasks import echo, lose_the_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _short_backoff(settings):
    settings.WORKER_BACKOFF_BASE_SECONDS = 0.01
    settings.WORKER_BACKOFF_MAX_SECONDS = 0.05


def _worker() -> ResilientWorker:
    return ResilientWorker(
        queue_names=["default", "mail"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def _fail_first(monkeypatch, owner, name: str, times: int = 1) -> list[int]:
    """Make `owner.name` raise OperationalError `times` times, then behave."""
    original = getattr(owner, name)
    calls: list[int] = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("the database system is shutting down")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, flaky)
    return calls


def test_the_worker_survives_a_database_error_while_fetching_and_then_runs_the_task(
    monkeypatch, caplog
):
    result = echo.enqueue("hello")
    calls = _fail_first(monkeypatch, DBTaskResultQuerySet, "get_locked", times=3)

    with caplog.at_level(logging.WARNING, logger="opencall.mail.worker"):
        _worker().run()

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value) == (TaskResultStatus.SUCCESSFUL, "hello")
    assert len(calls) >= 4
    assert "database" in caplog.text.lower()


def test_a_task_whose_outcome_could_not_be_written_is_not_left_running(monkeypatch):
    result = lose_the_database.enqueue()
    # The task loses the database, and so does recording its failure the first time.
    _fail_first(monkeypatch, DBTaskResult, "set_failed", times=1)

    _worker().run()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path.endswith("OperationalError")
    assert not DBTaskResult.objects.running().exists()


def test_a_stop_asked_during_an_outage_ends_the_worker(monkeypatch):
    worker = _worker()
    worker.batch = False

    def down(*args, **kwargs):
        worker.running = False  # as SIGTERM's handler does
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", down)
    worker.run()  # returns instead of looping for ever
