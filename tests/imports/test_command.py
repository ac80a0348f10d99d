"""`manage.py import_responses`: one JSON object on stdout; exit 0 when the file was
read (bad rows reported), 2 when the call, the file or the mapping cannot be used."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.imports.conftest import CSV_FILE, MAPPING_FILE

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[int, dict | None, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_responses", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    text = out.getvalue()
    return code, json.loads(text) if text.strip() else None, err.getvalue()


def test_the_command_imports_and_prints_one_json_object(
    call_2022, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code, report, err = _run(call_2022.slug, str(CSV_FILE), "--mapping", str(MAPPING_FILE))
    assert code == 0
    assert set(report) == {"imported", "updated", "unchanged", "errors", "skipped"}
    assert (report["imported"], len(report["errors"]), len(report["skipped"])) == (4, 3, 2)
    assert call_2022.applications.count() == 4
    assert err == ""


def test_a_dry_run_prints_the_same_and_stores_nothing(call_2022):
    code, report, _err = _run(
        call_2022.slug, str(CSV_FILE), "--mapping", str(MAPPING_FILE), "--dry-run"
    )
    assert (code, report["imported"]) == (0, 4)
    assert call_2022.applications.count() == 0


def test_the_xlsx_file_from_the_command_line(call_2022, responses_xlsx, tmp_path):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(responses_xlsx)
    code, report, _err = _run(
        call_2022.slug, str(path), "--mapping", str(MAPPING_FILE), "--dry-run"
    )
    assert (code, report["imported"], report["skipped"][0]) == (
        0,
        4,
        {"line": 2, "why": "duplicate"},
    )


def test_a_missing_file_exits_2_naming_it(call_2022, tmp_path):
    code, report, err = _run(
        call_2022.slug, str(tmp_path / "nope.csv"), "--mapping", str(MAPPING_FILE)
    )
    assert (code, report) == (2, None)
    assert "nope.csv: cannot be read" in err


def test_a_mapping_that_is_not_json_exits_2(call_2022, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text("{columns: nope")
    code, report, err = _run(call_2022.slug, str(CSV_FILE), "--mapping", str(mapping))
    assert (code, report) == (2, None)
    assert "mapping.json: not JSON" in err


def test_a_mapping_naming_what_does_not_exist_exits_2_naming_each(call_2022, tmp_path):
    mapping = tmp_path / "mapping.json"
    data = json.loads(MAPPING_FILE.read_text())
    data["columns"]["City"] = "town"
    data["columns"]["Where is it?"] = "country_name"
    mapping.write_text(json.dumps(data))
    code, _report, err = _run(call_2022.slug, str(CSV_FILE), "--mapping", str(mapping))
    assert code == 2
    assert "Column “City”: “town” is not a field of an application." in err
    assert "Column “Where is it?”: “country_name” is not a field of an application." in err


def test_a_column_the_file_lacks_exits_2(call_2022, tmp_path):
    mapping = tmp_path / "mapping.json"
    data = json.loads(MAPPING_FILE.read_text())
    data["columns"]["Budget"] = "answers.budget"
    mapping.write_text(json.dumps(data))
    code, _report, err = _run(call_2022.slug, str(CSV_FILE), "--mapping", str(mapping))
    assert code == 2
    assert "Column “Budget”: the call asks no question “budget”." in err


def test_a_file_that_is_no_spreadsheet_exits_2(call_2022, tmp_path):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _report, err = _run(call_2022.slug, str(path), "--mapping", str(MAPPING_FILE))
    assert code == 2
    assert "“responses.xlsx” cannot be opened as an XLSX file" in err


def test_an_unknown_call_exits_2(db):
    code, _report, err = _run("no-such-call", str(CSV_FILE), "--mapping", str(MAPPING_FILE))
    assert code == 2
    assert "no call 'no-such-call'" in err
