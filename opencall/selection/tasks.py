"""Background work of the selection: thin tasks that load by id and call a service,
and the way back for a scenario whose worker stopped while computing it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import TaskResultStatus

from opencall.core.background import database_workers
from opencall.selection.models import Scenario
from opencall.selection.services import scenario_run

# Stored as is and shown to staff; the page may translate it ({% translate %}).
STOPPED = gettext_noop("The worker stopped while computing this scenario; run it again.")
UNFINISHED = (Scenario.State.QUEUED, Scenario.State.RUNNING)


@task()
def run_scenario(scenario_id: int) -> str:
    scenario = Scenario.objects.select_related("call").filter(pk=scenario_id).first()
    return scenario_run(scenario=scenario).state if scenario else "missing"


def scenarios_recover(*, now: dt.datetime) -> int:
    """Fail the scenarios no task will finish: their task ended (a dead worker's, see
    mail/abandoned.py) or never reached the queue. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    if not database_workers():
        return 0  # another backend runs tasks at once or keeps no rows to look at
    unfinished = dict(Scenario.objects.filter(state__in=UNFINISHED).values_list("pk", "created_at"))
    if not unfinished:
        return 0
    queued, known = set(), set()
    # A scenario's tasks are queued after it was made: older rows (every scenario ever
    # run) cannot be any of these, and this sweep runs every WORKER_RECOVERY_SECONDS.
    rows = DBTaskResult.objects.filter(
        task_path=run_scenario.module_path, enqueued_at__gte=min(unfinished.values())
    )
    for status, args_kwargs in rows.values_list("status", "args_kwargs"):
        scenario_id = (args_kwargs.get("args") or [None])[0]
        known.add(scenario_id)
        if status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
            queued.add(scenario_id)
    # Between the scenario's commit and its task's, there is no task row for a moment.
    grace = now - dt.timedelta(seconds=float(settings.WORKER_STALE_SECONDS))
    stopped = [
        pk
        for pk, created_at in unfinished.items()
        if pk not in queued and (pk in known or created_at < grace)
    ]
    return Scenario.objects.filter(pk__in=stopped, state__in=UNFINISHED).update(
        state=Scenario.State.FAILED, error=STOPPED, finished_at=now
    )


def scenario_run_again(*, scenario: Scenario) -> bool:
    """Queue a failed scenario again with the same settings. False if it is not failed."""
    with transaction.atomic():
        again = Scenario.objects.filter(pk=scenario.pk, state=Scenario.State.FAILED).update(
            state=Scenario.State.QUEUED, error="", result=None, greedy=None, finished_at=None
        )
        if again:
            transaction.on_commit(lambda: run_scenario.enqueue(scenario.pk))
    return bool(again)
