"""The issue's test: the example file imported, its bad rows reported by line and column,
its good rows submitted with their original time and screened; a second import of the
same file changes nothing; an updated file updates only what changed."""

import datetime as dt

import pytest

from opencall.applications.models import ApplicationEvent
from opencall.applications.workflow import Status
from opencall.imports.models import ImportBatch, ImportedRow
from opencall.imports.services import import_file

pytestmark = pytest.mark.django_db

ERRORS = [
    {
        "line": 6,
        "field": "Email address",
        "message": "“luis.gomez@” is not an email address, like name@example.org.",
    },
    {
        "line": 7,
        "field": "Country",
        "message": "“Wakanda” is not a country we know; write its name in English, French, "
        "Spanish or Portuguese, or its two-letter code.",
    },
    {"line": 8, "field": "Last day", "message": "The event ends before it starts."},
]


def _import(call, content, mapping, by, capture, name="responses-2022.csv", **options):
    with capture(execute=True):
        return import_file(
            call=call, file_name=name, content=content, mapping=mapping, by=by, **options
        )


def _by_event(call):
    return {a.event_name: a for a in call.applications.select_related("screening")}


def _deadline(application) -> str:
    return application.screening.result["criteria"]["DEADLINE"]["result"]


def test_bad_rows_are_reported_by_line_and_column_and_the_rest_imported(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    report = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    assert report.to_json() == {
        "imported": 4,
        "updated": 0,
        "unchanged": 0,
        "errors": ERRORS,
        # line 2 and line 9 are the same response (same time, same email): the later copy
        # is kept; line 11, a blank row at the very end, is the sheet's tail.
        "skipped": [{"line": 2, "why": "duplicate"}, {"line": 4, "why": "blank"}],
    }
    assert sorted(_by_event(call_2022)) == [
        "Encontro de Mapeadores Maputo",
        "Geo Commons Nairobi 2022",
        "Open Data Forum Manila",
        "Rencontres Géomatiques de Dakar",
    ]


def test_good_rows_are_submitted_at_their_original_time_and_screened(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    apps = _by_event(call_2022)
    nairobi = apps["Geo Commons Nairobi 2022"]
    assert nairobi.status == Status.SCREENED
    assert nairobi.submitted_at == dt.datetime(2022, 5, 20, 14, 3, 22, tzinfo=dt.UTC)
    assert _deadline(nairobi) == "pass"
    # The row sent on 2 June, after the call closed, is imported and fails DEADLINE.
    maputo = apps["Encontro de Mapeadores Maputo"]
    assert maputo.submitted_at == dt.datetime(2022, 6, 2, 9, 15, tzinfo=dt.UTC)
    assert maputo.status == Status.SCREENED
    assert _deadline(maputo) == "fail"
    assert (maputo.country, maputo.language) == ("MZ", "pt")
    assert maputo.document["virtual_component"] is True  # "Sim"
    assert maputo.document["open_publication"] is False  # "Não"


def test_the_values_are_converted_to_what_the_document_holds(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    apps = _by_event(call_2022)
    nairobi = apps["Geo Commons Nairobi 2022"].document
    assert nairobi["themes"] == ["osm", "open"]  # a merged answer, with a comma in a label
    assert nairobi["offers"] == [
        {"type": "scholarships", "details": None, "amount_usd": "4000"},
        {"type": "comms_promotion", "details": None, "amount_usd": None},
    ]
    assert (nairobi["scope"], nairobi["code_of_conduct"]) == ("regional", "in_place")
    assert nairobi["start_date"] == "2022-10-10"  # 10/10/2022, day first like the file
    dakar = apps["Rencontres Géomatiques de Dakar"].document
    assert (dakar["country"], dakar["language"]) == ("SN", "fr")  # "Sénégal", "Français"
    assert dakar["code_of_conduct"] == "planned"  # the app's own label
    manila = apps["Open Data Forum Manila"].document
    assert (manila["start_date"], manila["end_date"]) == ("2022-10-03", "2022-10-05")
    assert manila["offers"][-1] == {
        "type": "other",
        "details": "Live captioning for deaf participants",
        "amount_usd": None,
    }


def test_the_timeline_says_who_imported_from_which_file(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    report = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    application = _by_event(call_2022)["Rencontres Géomatiques de Dakar"]
    first = application.events.order_by("id").first()
    assert (first.kind, first.user, first.data["file"]) == (
        ApplicationEvent.Kind.IMPORTED,
        importer,
        "responses-2022.csv",
    )
    batch = report.batch
    batch.refresh_from_db()
    assert (batch.by, batch.status, batch.imported, batch.errors, batch.skipped) == (
        importer,
        ImportBatch.Status.DONE,
        4,
        3,
        2,
    )
    assert batch.report == report.to_json()
    assert bytes(batch.content) == b""


def test_a_second_import_of_the_same_file_changes_nothing(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    events = ApplicationEvent.objects.count()
    again = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 4)
    assert again.to_json()["errors"] == ERRORS
    assert call_2022.applications.count() == 4
    assert ApplicationEvent.objects.count() == events


def test_an_updated_file_updates_only_what_changed(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    dakar = _by_event(call_2022)["Rencontres Géomatiques de Dakar"]
    events = dakar.events.count()
    updated = responses_csv.replace(b"15/11/2022,17/11/2022,Dakar", b"15/11/2022,17/11/2022,Thies")
    report = _import(call_2022, updated, mapping_2022, importer, django_capture_on_commit_callbacks)
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 3)
    dakar.refresh_from_db()
    assert dakar.document["city"] == "Thies"
    assert dakar.status == Status.SCREENED
    edit = dakar.events.get(kind=ApplicationEvent.Kind.EDITED)
    assert edit.data["fields"] == ["city"]
    assert edit.data["values"] == {"city": ["Dakar", "Thies"]}
    assert dakar.events.count() == events + 1
    assert ImportedRow.objects.get(application=dakar).batch == report.batch


def test_the_xlsx_file_is_the_same_import(
    call_2022,
    responses_csv,
    responses_xlsx,
    mapping_2022,
    importer,
    django_capture_on_commit_callbacks,
):
    from_xlsx = _import(
        call_2022,
        responses_xlsx,
        mapping_2022,
        importer,
        django_capture_on_commit_callbacks,
        name="responses-2022.xlsx",
    )
    assert from_xlsx.to_json()["imported"] == 4
    assert [e["line"] for e in from_xlsx.to_json()["errors"]] == [6, 7, 8]
    nairobi = _by_event(call_2022)["Geo Commons Nairobi 2022"]
    assert nairobi.submitted_at == dt.datetime(2022, 5, 20, 14, 3, 22, tzinfo=dt.UTC)
    # The same responses from the CSV: the same identities and documents.
    from_csv = _import(
        call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
    )
    assert (from_csv.imported, from_csv.updated, from_csv.unchanged) == (0, 0, 4)


def test_a_dry_run_reports_the_same_and_stores_nothing(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    report = _import(
        call_2022,
        responses_csv,
        mapping_2022,
        importer,
        django_capture_on_commit_callbacks,
        dry_run=True,
    )
    assert report.to_json()["imported"] == 4
    assert report.to_json()["errors"] == ERRORS
    assert call_2022.applications.count() == 0
    assert not ImportBatch.objects.exists()


def test_a_decided_application_is_reported_and_left_as_it_is(
    call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks
):
    _import(call_2022, responses_csv, mapping_2022, importer, django_capture_on_commit_callbacks)
    dakar = _by_event(call_2022)["Rencontres Géomatiques de Dakar"]
    type(dakar).objects.filter(pk=dakar.pk).update(status=Status.DECLINED)
    updated = responses_csv.replace(b"17/11/2022,Dakar", b"17/11/2022,Thies")
    report = _import(call_2022, updated, mapping_2022, importer, django_capture_on_commit_callbacks)
    assert report.to_json()["errors"][0] == {
        "line": 3,
        "field": "Timestamp",
        "message": f"{dakar.ref} is already declined: a newer copy of its submission no "
        "longer changes it.",
    }
    dakar.refresh_from_db()
    assert dakar.document["city"] == "Dakar"
