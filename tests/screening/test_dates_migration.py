"""Stored dates outside 2000-2100 (accepted before the window) are moved to its nearest
limit, on the timeline, and the document reads again."""

import importlib

import pytest
from django.apps import apps

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application, ApplicationEvent
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("opencall.screening.migrations.0002_dates_into_window")


def test_dates_outside_the_window_move_to_its_nearest_limit(call_2022):
    # Stored before the window existed: the document schema no longer accepts these dates.
    odd = ApplicationFactory(call=call_2022)
    Application.objects.filter(pk=odd.pk).update(
        start_date="0001-01-01",
        document={
            **odd.document,
            "start_date": "0001-01-01",
            "end_date": "9999-12-31",
            "submitted_at": "9999-12-31T23:59:59-14:00",
        },
    )
    fine = ApplicationFactory(call=call_2022, start_date="2022-10-10", end_date="2022-10-12")

    migration.forwards(apps, None)

    odd.refresh_from_db()
    document = ApplicationDocument.model_validate(odd.document)
    assert (str(document.start_date), str(document.end_date)) == ("2000-01-01", "2100-12-31")
    assert document.submitted_at.isoformat() == "2100-12-31T23:59:59+00:00"
    assert str(odd.start_date) == "2000-01-01"
    (event,) = ApplicationEvent.objects.filter(application=odd)
    assert (event.kind, event.actor) == ("edited", "system")
    assert event.old == (
        "start_date: 0001-01-01, end_date: 9999-12-31, submitted_at: 9999-12-31T23:59:59-14:00"
    )
    assert event.data == {
        "fields": ["end_date", "start_date", "submitted_at"],
        "dates_into_window": True,
    }
    assert not ApplicationEvent.objects.filter(application=fine).exists()
    fine.refresh_from_db()
    assert fine.document["start_date"] == "2022-10-10"
