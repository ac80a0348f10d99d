"""Tasks a dead worker left "running" are settled: failed for the record, and the
work behind them made whole (a scenario can be run again)."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencall.mail.abandoned import recover_abandoned
from opencall.mail.models import WorkerHeartbeat
from opencall.selection.models import Scenario
from opencall.selection.tasks import run_scenario, scenario_run_again
from tests.fixtures.smtp import run_database_tasks
from tests.worker.tasks import echo

pytestmark = pytest.mark.django_db(transaction=True)

NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(hours=1)


def running(task, *args, worker: str, started=LONG_AGO, **kwargs) -> DBTaskResult:
    """A task row as a worker leaves it while it runs the task."""
    result = task.enqueue(*args, **kwargs)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=[worker]
    )
    return DBTaskResult.objects.get(pk=result.id)


def seen(worker: str, at: dt.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker, defaults={"kind": "worker", "seen_at": at, "started_at": at}
    )


def test_a_task_of_a_worker_no_longer_seen_is_failed_and_a_live_workers_is_left(settings):
    settings.WORKER_STALE_SECONDS = 30
    seen("gone", LONG_AGO)
    seen("alive", NOW)
    lost = running(echo, "a", worker="gone")
    never_beat = running(echo, "b", worker="plain-db-worker")
    busy = running(echo, "c", worker="alive")

    assert recover_abandoned(now=NOW) == {"tasks": 2, "scenarios": 0}

    for row in (lost, never_beat):
        row.refresh_from_db()
        assert row.status == TaskResultStatus.FAILED
        assert row.exception_class_path == "opencall.mail.abandoned.WorkerLost"
        assert "stopped" in row.traceback
    busy.refresh_from_db()
    assert busy.status == TaskResultStatus.RUNNING
    assert recover_abandoned(now=NOW) == {"tasks": 0, "scenarios": 0}


def test_a_task_just_claimed_by_a_worker_not_yet_seen_is_left(settings):
    settings.WORKER_STALE_SECONDS = 30
    fresh = running(echo, "a", worker="starting", started=NOW - dt.timedelta(seconds=2))
    assert recover_abandoned(now=NOW)["tasks"] == 0
    fresh.refresh_from_db()
    assert fresh.status == TaskResultStatus.RUNNING


@pytest.fixture
def scenario(call_2022, people, shortlist):
    from opencall.selection.selectors import default_params

    return Scenario.objects.create(
        call=call_2022,
        name="Balanced",
        params=default_params(call=call_2022),
        created_by=people.working_group,
    )


def test_a_scenario_whose_worker_died_fails_with_a_reason_and_runs_again(scenario):
    Scenario.objects.filter(pk=scenario.pk).update(state=Scenario.State.RUNNING)
    running(run_scenario, scenario.pk, worker="gone")

    assert recover_abandoned(now=NOW) == {"tasks": 1, "scenarios": 1}

    scenario.refresh_from_db()
    assert scenario.state == Scenario.State.FAILED
    assert "run it again" in scenario.error
    assert scenario.finished_at is not None

    scenario_run_again(scenario=scenario)
    scenario.refresh_from_db()
    assert (scenario.state, scenario.error) == (Scenario.State.QUEUED, "")
    assert run_database_tasks() == 1
    scenario.refresh_from_db()
    assert (scenario.state, scenario.error) == (Scenario.State.DONE, "")


def test_a_scenario_left_running_without_a_task_is_failed_but_a_queued_one_waits(
    scenario, call_2022, people
):
    Scenario.objects.filter(pk=scenario.pk).update(
        state=Scenario.State.RUNNING, created_at=LONG_AGO
    )
    waiting = Scenario.objects.create(
        call=call_2022, name="Waiting", params={}, created_by=people.working_group
    )
    run_scenario.enqueue(waiting.pk)
    Scenario.objects.filter(pk=waiting.pk).update(created_at=LONG_AGO)
    just_made = Scenario.objects.create(
        call=call_2022, name="Just made", params={}, created_by=people.working_group
    )

    assert recover_abandoned(now=NOW) == {"tasks": 0, "scenarios": 1}

    states = dict(Scenario.objects.values_list("name", "state"))
    assert states == {
        "Balanced": Scenario.State.FAILED,
        "Waiting": Scenario.State.QUEUED,
        "Just made": just_made.state,
    }


def test_only_a_stopped_scenario_can_be_run_again(scenario):
    Scenario.objects.filter(pk=scenario.pk).update(state=Scenario.State.RUNNING)
    scenario.refresh_from_db()
    assert scenario_run_again(scenario=scenario) is False
    assert not DBTaskResult.objects.exists()


def test_the_selection_page_offers_to_run_a_stopped_scenario_again(client, scenario, people):
    from django.urls import reverse

    from opencall.selection.tasks import STOPPED

    Scenario.objects.filter(pk=scenario.pk).update(state=Scenario.State.FAILED, error=STOPPED)
    again = reverse("staff:scenario_again", args=[scenario.call.slug, scenario.pk])
    client.force_login(people.working_group)

    page = client.get(
        reverse("staff:selection", args=[scenario.call.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert again in page.content.decode()
    assert STOPPED not in page.content.decode()  # read in French

    assert client.post(again).status_code == 302
    scenario.refresh_from_db()
    assert scenario.state == Scenario.State.QUEUED
    client.force_login(people.outsider)  # works on another call
    assert client.post(again).status_code in (403, 404)
