"""Undoing an import as a whole, while nothing else has touched its applications; the
background run of a large file, with its progress on the batch."""

import pytest

from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.services import application_transition
from opencall.applications.workflow import Role, Status
from opencall.imports.models import ImportBatch, ImportedRow
from opencall.imports.services import (
    UndoRefused,
    UnreadableImport,
    import_file,
    import_start,
    import_undo,
)
from opencall.reviews.models import Note

pytestmark = pytest.mark.django_db


def _import(call, content, mapping, by, capture):
    with capture(execute=True):
        return import_file(
            call=call, file_name="responses-2022.csv", content=content, mapping=mapping, by=by
        )


def test_an_import_nobody_touched_since_is_undone_whole(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    report = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    assert import_undo(batch=report.batch, by=importer) == 4
    assert call_2022.applications.count() == 0
    assert not ImportedRow.objects.exists()
    batch = ImportBatch.objects.get(pk=report.batch.pk)
    assert batch.undone_by == importer and batch.undone_at is not None
    # Undone, the same file imports again.
    again = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    assert again.imported == 4


def test_undoing_an_update_gives_back_what_the_application_had(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    updated = responses_csv.replace(b"17/11/2022,Dakar", b"17/11/2022,Thies")
    second = _import(call_2022, updated, mapping_2022, importer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_undo(batch=second.batch, by=importer) == 1
    dakar = Application.objects.get(event_name="Rencontres Géomatiques de Dakar")
    assert dakar.document["city"] == "Dakar"
    assert call_2022.applications.count() == 4
    last = dakar.events.filter(kind=ApplicationEvent.Kind.EDITED).last()
    assert last.data["undo"] == second.batch.pk
    # The first file is again what was imported last: importing it changes nothing.
    third = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    assert (third.updated, third.unchanged) == (0, 4)


def test_an_import_is_not_undone_once_someone_worked_on_its_applications(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    report = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    dakar = Application.objects.get(event_name="Rencontres Géomatiques de Dakar")
    manila = Application.objects.get(event_name="Open Data Forum Manila")
    application_transition(
        application=dakar, target=Status.IN_CONVERSATION, role=Role.CALL_ADMIN, user=importer
    )
    Note.objects.create(application=manila, author=importer, body="Call them first.")
    with pytest.raises(UndoRefused) as refused:
        import_undo(batch=report.batch, by=importer)
    assert str(refused.value).startswith(
        f"This import can no longer be undone: {dakar.ref}, {manila.ref} changed since it ran"
    )
    assert call_2022.applications.count() == 4
    assert ImportBatch.objects.get(pk=report.batch.pk).undone_at is None


def test_an_import_is_undone_once(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    report = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    import_undo(batch=report.batch, by=importer)
    with pytest.raises(UndoRefused, match="This import was undone already"):
        import_undo(batch=report.batch, by=importer)


def test_a_background_import_writes_its_progress_and_report_on_the_batch(
    settings, call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_start(
            call=call_2022,
            file_name="responses-2022.csv",
            content=responses_csv,
            mapping=mapping_2022,
            by=importer,
        )
        assert (batch.status, batch.rows_total, batch.progress) == (
            "waiting",
            8,
            0,
        )  # the rows that are not blank
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_done, batch.rows_total, batch.progress) == (4, 4, 100)
    assert (batch.imported, batch.errors, batch.skipped) == (4, 3, 2)
    assert batch.report["imported"] == 4
    assert bytes(batch.content) == b""
    assert call_2022.applications.filter(status=Status.SCREENED).count() == 4


def test_progress_is_written_as_the_rows_go(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    seen = []
    original = ImportBatch.objects.filter

    def watch(*args, **kwargs):
        queryset = original(*args, **kwargs)
        update = queryset.update

        def recorded(**fields):
            if "rows_done" in fields:
                seen.append(fields["rows_done"])
            return update(**fields)

        queryset.update = recorded
        return queryset

    with django_capture_on_commit_callbacks(execute=True):
        ImportBatch.objects.filter = watch
        try:
            import_file(
                call=call_2022,
                file_name="r.csv",
                content=responses_csv,
                mapping=mapping_2022,
                by=importer,
                progress_every=1,
            )
        finally:
            ImportBatch.objects.filter = original
    assert seen == [0, 1, 2, 3, 4, 4]


def test_a_file_that_cannot_be_read_is_refused_before_anything_is_queued(
    call_2022, mapping_2022, importer
):
    with pytest.raises(UnreadableImport, match="The file is empty"):
        import_start(
            call=call_2022, file_name="r.csv", content=b"", mapping=mapping_2022, by=importer
        )
    assert not ImportBatch.objects.exists()
