"""How an import reads on an application's timeline."""

import pytest

from opencall.applications.models import Application
from opencall.imports.services import import_file, import_undo
from opencall.staff import timeline

pytestmark = pytest.mark.django_db


def _import(call, content, mapping, by, capture):
    with capture(execute=True):
        return import_file(
            call=call, file_name="responses-2022.csv", content=content, mapping=mapping, by=by
        )


def test_the_timeline_says_imported_from_which_file_by_whom_and_what_changed(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    updated = responses_csv.replace(b"17/11/2022,Dakar", b"17/11/2022,Thies")
    second = _import(call_2022, updated, mapping_2022, importer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        import_undo(batch=second.batch, by=importer)
    dakar = Application.objects.get(event_name="Rencontres Géomatiques de Dakar")
    lines = [
        (entry.who, entry.change) for entry in timeline.entries(application=dakar, show_scores=True)
    ]
    assert lines[0] == ("Ines", "submitted on another form, imported from “responses-2022.csv”")
    assert ("Ines", "Draft → Submitted") in lines
    assert ("Ines", "a newer copy of the submission: City: Dakar → Thies") in lines
    assert ("Ines", "import undone, back to: City: Thies → Dakar") in lines
