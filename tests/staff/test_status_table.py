"""The whole status table, walked: every move the table allows works for each role
that may make it, and every other move, for every role, is refused.

Staff move through the staff service (the rulebook picks their capacity, the one
transition function checks the table); the applicant and the system through the
transition function itself.
"""

import pytest

from opencall.accounts.services import application_move
from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.services import application_transition
from opencall.applications.workflow import TRANSITIONS, Role, Status, TransitionRefused
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _move(staff, role: Role, application: Application, target: Status) -> None:
    people = {
        Role.WORKING_GROUP: staff.working_group,
        Role.HUB_MANAGER: staff.hub_esa,  # the application is in the ESA hub's region
        Role.CALL_ADMIN: staff.call_admin,
    }
    if role in people:
        application_move(user=people[role], application=application, target=target, reason="t")
    else:
        application_transition(application=application, target=target, role=role, reason="t")


@pytest.mark.parametrize("source", list(Status), ids=str)
def test_every_move_from_this_status_is_allowed_exactly_as_the_table_says(source, staff, call_2022):
    refused_messages = set()
    for role in (
        Role.APPLICANT,
        Role.WORKING_GROUP,
        Role.HUB_MANAGER,
        Role.CALL_ADMIN,
        Role.SYSTEM,
    ):
        for target in Status:
            application = ApplicationFactory(call=call_2022, status=source)
            allowed = role in TRANSITIONS[source].get(target, frozenset())
            # Submission goes through the form's submit button only.
            allowed = allowed and target != Status.SUBMITTED
            if allowed:
                _move(staff, role, application, target)
                application.refresh_from_db()
                assert application.status == target, (role, source, target)
                event = ApplicationEvent.objects.get(application=application, kind="status")
                assert (event.old, event.new, event.reason, event.data["role"]) == (
                    source,
                    target,
                    "t",
                    role,
                )
            else:
                with pytest.raises(TransitionRefused) as refused:
                    _move(staff, role, application, target)
                refused_messages.add(str(refused.value))
                application.refresh_from_db()
                assert application.status == source, (role, source, target)
                assert not ApplicationEvent.objects.filter(application=application).exists()
    assert "" not in refused_messages


def test_a_refused_move_says_why(staff, call_2022):
    application = ApplicationFactory(call=call_2022, status="screened")
    with pytest.raises(TransitionRefused, match="cannot move from “Screened” to “Closed”"):
        application_move(
            user=staff.working_group, application=application, target=Status.CLOSED, reason=""
        )
    with pytest.raises(TransitionRefused, match="Your role cannot move an application"):
        application_move(
            user=staff.hub_esa, application=application, target=Status.DECLINED, reason=""
        )


def test_a_hub_manager_of_another_region_moves_nothing(staff, call_2022):
    application = ApplicationFactory(call=call_2022, status="screened")
    with pytest.raises(TransitionRefused, match="You may not move this application"):
        application_move(
            user=staff.hub_ap, application=application, target=Status.IN_CONVERSATION, reason=""
        )
