"""Cost estimates have their own kind on the timeline; the ones recorded as decisions
before are relabelled by their flag."""

import importlib

import pytest
from django.apps import apps

from opencall.applications.models import ApplicationEvent
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("opencall.applications.migrations.0004_cost_estimate_event")


def _event(application, **fields) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, actor="staff", **fields)


def test_old_cost_entries_become_cost_estimates_and_decisions_stay(call_2022):
    application = ApplicationFactory(call=call_2022, status="shortlisted")
    cost = _event(application, kind="decision", data={"cost": True, "amount": "30"})
    proposal = _event(application, kind="decision", data={"outcome": "accepted"})
    sign_off = _event(application, kind="decision", data={"sign_off": "call_admin"})

    migration.relabel(apps, None)

    kinds = dict(ApplicationEvent.objects.values_list("pk", "kind"))
    assert kinds == {cost.pk: "cost", proposal.pk: "decision", sign_off.pk: "decision"}

    migration.restore(apps, None)

    assert set(ApplicationEvent.objects.values_list("kind", flat=True)) == {"decision"}
