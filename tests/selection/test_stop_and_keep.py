"""Stopping a running scenario and keeping its best selection so far (issue 15)."""

import pytest
from django.contrib.admin.models import LogEntry

from opencall.selection import selectors, services
from opencall.selection.models import Scenario

pytestmark = pytest.mark.django_db


def running_with_a_best_so_far(call, user) -> Scenario:
    """A scenario as the worker leaves it mid-solve: running, its best so far written."""
    params = {**selectors.default_params(call=call), "hubs": {}}
    scenario = Scenario.objects.create(call=call, name="Mid-solve", params=params, created_by=user)
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done", scenario.error
    result = {**scenario.result, "status": "improving", "gap": 0.0123}
    Scenario.objects.filter(pk=scenario.pk).update(
        state=Scenario.State.RUNNING, result=result, finished_at=None
    )
    scenario.refresh_from_db()
    return scenario


def test_the_worker_writes_its_answer_and_ends_done_with_a_proven_gap(shortlist, call_2022, people):
    params = {**selectors.default_params(call=call_2022), "hubs": {}}
    scenario = Scenario.objects.create(
        call=call_2022, name="Run", params=params, created_by=people.working_group
    )
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done"
    assert scenario.result["status"] == "optimal" and scenario.result["gap"] == 0.0
    assert scenario.result["value"] >= scenario.greedy["value"]
    assert scenario.stopped_at is None


def test_stop_and_keep_keeps_the_best_so_far_and_is_audited(shortlist, call_2022, people):
    scenario = running_with_a_best_so_far(call_2022, people.working_group)
    selected = scenario.result["selected"]
    kept = services.scenario_stop_and_keep(scenario=scenario, user=people.hub_esa)
    kept.refresh_from_db()
    assert kept.state == "done"
    assert kept.result["status"] == "stopped"
    assert kept.result["selected"] == selected and kept.result["gap"] == 0.0123
    assert kept.result["message"]["code"] == "result.stopped"
    assert kept.result["message"]["params"] == {"gap": "1.230%"}
    assert kept.stopped_by == people.hub_esa and kept.stopped_at is not None
    entry = LogEntry.objects.get(object_id=str(kept.pk))
    assert entry.user == people.hub_esa
    assert entry.change_message.startswith("stopped and kept: improving -> stopped")


def test_a_worker_that_runs_again_leaves_a_kept_selection_alone(shortlist, call_2022, people):
    scenario = running_with_a_best_so_far(call_2022, people.working_group)
    services.scenario_stop_and_keep(scenario=scenario, user=people.working_group)
    again = services.scenario_run(scenario=scenario)
    assert again.state == "done" and again.result["status"] == "stopped"


def test_a_scenario_that_is_not_running_cannot_be_stopped(shortlist, call_2022, people):
    scenario = running_with_a_best_so_far(call_2022, people.working_group)
    services.scenario_stop_and_keep(scenario=scenario, user=people.working_group)
    with pytest.raises(services.SelectionRefused, match="has no selection to keep"):
        services.scenario_stop_and_keep(scenario=scenario, user=people.working_group)
    assert LogEntry.objects.filter(object_id=str(scenario.pk)).count() == 1


def test_only_members_of_the_call_may_stop_its_scenarios(shortlist, call_2022, people):
    scenario = running_with_a_best_so_far(call_2022, people.working_group)
    assert people.hub_ap.has_perm("selection.stop_scenario", scenario)
    assert not people.outsider.has_perm("selection.stop_scenario", scenario)
    assert not people.nobody.has_perm("selection.stop_scenario", scenario)
