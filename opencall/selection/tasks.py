"""Background work of the selection: thin tasks that load by id and call a service."""

from django_tasks import task

from opencall.selection.models import Scenario
from opencall.selection.services import scenario_run


@task()
def run_scenario(scenario_id: int) -> str:
    scenario = Scenario.objects.select_related("call").filter(pk=scenario_id).first()
    return scenario_run(scenario=scenario).state if scenario else "missing"
