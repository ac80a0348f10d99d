"""A worker's heartbeat: written on each tick, settles what dead workers left, and
after an outage waits before judging anyone dead (every worker missed beats)."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencall.mail import worker as worker_module
from opencall.mail.models import WorkerHeartbeat
from opencall.mail.worker import Heartbeat
from tests.worker.tasks import echo

pytestmark = pytest.mark.django_db(transaction=True)


def _abandoned() -> DBTaskResult:
    result = echo.enqueue("x")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=1),
        worker_ids=["gone"],
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_tick_records_the_worker_and_settles_a_dead_workers_task():
    task = _abandoned()
    heartbeat = Heartbeat(worker_id="w1", kind="worker", queues="default,mail", recover=True)

    heartbeat.tick()

    row = WorkerHeartbeat.objects.get()
    assert (row.worker_id, row.kind, row.queues) == ("w1", "worker", "default,mail")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    heartbeat.stop()
    assert not WorkerHeartbeat.objects.exists()


def test_a_restarted_worker_settles_the_tasks_of_its_previous_life():
    task = _abandoned()
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now(), worker_ids=["w1"])
    Heartbeat(worker_id="w1", kind="worker", recover=False).tick()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED


def test_after_an_outage_recovery_waits_for_the_others_to_beat_again(monkeypatch):
    heartbeat = Heartbeat(worker_id="w1", kind="worker", recover=True)
    heartbeat.tick()  # the first recovery, at start

    def down():
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(heartbeat, "beat", down)
    heartbeat.tick()
    monkeypatch.undo()
    heartbeat._next_recovery = 0  # as if the recovery interval had passed
    task = _abandoned()

    heartbeat.tick()  # the database is back

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert WorkerHeartbeat.objects.filter(worker_id="w1").exists()


def test_the_scheduler_beats_without_recovering(monkeypatch):
    called = []
    monkeypatch.setattr(worker_module, "recover_abandoned", lambda **kw: called.append(kw))
    Heartbeat(worker_id="s1", kind="scheduler", recover=False).tick()
    assert WorkerHeartbeat.objects.get().kind == "scheduler"
    assert called == []
