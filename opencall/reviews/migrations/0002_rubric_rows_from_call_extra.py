"""Rubric rows for calls loaded before the rubric was installed at load time.

Such calls kept their `[[rubric]]` tables in `Call.extra` and got their criteria on
first read; the reads no longer write, so this fills the rows of every call that
lacks them, and drops the tables from `extra` (the rows are the rubric now).
"""

from django.db import migrations


def fill(apps, schema_editor):
    from opencall.reviews.rubric import rubric_parse

    Call = apps.get_model("calls", "Call")
    RubricCriterion = apps.get_model("reviews", "RubricCriterion")
    for call in Call.objects.all():
        extra = dict(call.extra or {})
        items = extra.pop("rubric", None)
        if items is None:
            continue
        if not RubricCriterion.objects.filter(call=call).exists():
            try:
                criteria = rubric_parse(items)
            except ValueError as exc:
                raise ValueError(f"call {call.slug}: {exc}") from exc
            # Only the fields the rows had then (`questions` came later).
            names = {field.name for field in RubricCriterion._meta.get_fields()}
            RubricCriterion.objects.bulk_create(
                RubricCriterion(
                    call=call, code=code, **{k: v for k, v in fields.items() if k in names}
                )
                for code, fields in criteria.items()
            )
        call.extra = extra
        call.save(update_fields=["extra"])


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_initial"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
