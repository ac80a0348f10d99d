"""Dates stored before the application document held them to 2000-2100 are moved to
the nearest limit, so that every stored document reads again under the new rule.

The nearest limit keeps each screening verdict as it was: an event in 9999 is still
outside the call's window, a moment in year 1 is still before its deadline. Each
change is on the application's timeline.
"""

import datetime as dt

from django.db import migrations

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
FIRST_MOMENT, LAST_MOMENT = "2000-01-01T00:00:00Z", "2100-12-31T23:59:59Z"
DATES = ("start_date", "end_date")


def _into_window(document: dict) -> dict[str, tuple[str, str]]:
    """{field: (old, new)} for each date of the document outside the window."""
    changes = {}
    for field in (*DATES, "submitted_at"):
        value = document.get(field)
        if not isinstance(value, str) or not value:
            continue
        try:
            day = dt.datetime.fromisoformat(value).date()
        except ValueError:
            continue  # not a date the document ever accepted: leave it to a person
        if day < FIRST_DAY:
            new = FIRST_DAY.isoformat() if field in DATES else FIRST_MOMENT
        elif day > LAST_DAY:
            new = LAST_DAY.isoformat() if field in DATES else LAST_MOMENT
        else:
            continue
        changes[field] = (value, new)
    return changes


def forwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    ApplicationEvent = apps.get_model("applications", "ApplicationEvent")
    for application in Application.objects.only("id", "document", "start_date").iterator():
        changes = _into_window(application.document or {})
        if not changes:
            continue
        document = {**application.document, **{k: new for k, (_, new) in changes.items()}}
        application.document = document
        if "start_date" in changes:
            application.start_date = dt.date.fromisoformat(document["start_date"])
        application.save(update_fields=["document", "start_date"])
        ApplicationEvent.objects.create(
            application=application,
            kind="edited",
            actor="system",
            old=", ".join(f"{k}: {old}" for k, (old, _) in changes.items())[:200],
            new=", ".join(f"{k}: {new}" for k, (_, new) in changes.items())[:200],
            reason="Dates are now held to 2000-01-01 to 2100-12-31.",
            data={"fields": sorted(changes), "dates_into_window": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_decision_told"),
        ("screening", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
