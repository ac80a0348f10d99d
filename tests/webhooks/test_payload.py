"""What a delivery carries: the event, the call, the application's reference, status
and staff address; never an answer (a private one least of all) nor a contact."""

from __future__ import annotations

import json

import pytest

from opencall.applications.services import application_transition
from opencall.applications.workflow import Role, Status
from opencall.webhooks.enums import Event
from opencall.webhooks.models import Delivery
from tests.community import BANK_COUNTRY
from tests.fixtures.selection import decide, release_and_confirm

pytestmark = pytest.mark.django_db


def test_the_payload_carries_no_answer_and_no_contact(
    community_call, answered, call_admin, hook_for, receiver, django_capture_on_commit_callbacks
):
    hook_for(receiver, [Event.STATUS_CHANGED], call=community_call)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=answered, target=Status.IN_CONVERSATION, role=Role.WORKING_GROUP
        )
    delivery = Delivery.objects.get()
    body = json.dumps(delivery.payload)
    assert set(delivery.payload) == {"id", "event", "created", "call", "application", "data"}
    assert set(delivery.payload["application"]) == {"ref", "number", "status", "url"}
    assert BANK_COUNTRY not in body
    assert answered.email not in body
    assert answered.event_name not in body
    assert "answers" not in body


def test_release_and_collaboration_are_announced_with_the_outcome(
    shortlist, people, hook_for, receiver, django_capture_on_commit_callbacks
):
    kenya = shortlist["kenya"]
    hook_for(receiver, [Event.DECISION_RELEASED, Event.COLLABORATION_UPDATED], call=kenya.call)
    decide(kenya, people, "accepted", ["scholarships"])
    with django_capture_on_commit_callbacks(execute=True):
        release_and_confirm(call=kenya.call, user=people.call_admin)
    payloads = {d.event: d.payload for d in Delivery.objects.all()}
    assert payloads[Event.DECISION_RELEASED]["data"] == {
        "outcome": "accepted",
        "offers": ["scholarships"],
    }
    assert payloads[Event.COLLABORATION_UPDATED]["data"] == {"what": "opened"}
    assert payloads[Event.COLLABORATION_UPDATED]["application"]["ref"] == kenya.ref
