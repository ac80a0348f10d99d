"""The command line: `python -m opencall.screening` in-process, `manage.py screen` as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from opencall.applications.document import ApplicationDocument
from opencall.core.countries import country_name
from opencall.screening import cli
from opencall.screening.cli import main
from opencall.screening.engine import Criterion, Screener
from tests.screening.documents import CALL_FILE, ELIGIBLE, ROOT, call_2022

MAPATHON = {"ref": "HOT-2022-002", "format": "mapathon", "country": "KE"}
DRAFT = {"ref": "HOT-2022-003"}


def applications(tmp_path: Path, content: Any, *, raw: bool = False) -> str:
    path = tmp_path / "applications.json"
    path.write_text(content if raw else json.dumps(content), encoding="utf-8")
    return str(path)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main([str(CALL_FILE), *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 else captured.out, captured.err


def test_screens_every_application_in_input_order(tmp_path, capsys):
    path = applications(tmp_path, [ELIGIBLE, MAPATHON, DRAFT])
    code, output, err = run_main(capsys, path)
    assert (code, err) == (0, "")
    assert [item["ref"] for item in output] == ["HOT-2022-001", "HOT-2022-002", "HOT-2022-003"]
    assert [item["verdict"] for item in output] == ["eligible", "ineligible", "needs_review"]
    first = output[0]
    assert list(first["criteria"]) == [criterion.value for criterion in Criterion]
    assert first["criteria"]["GEO"]["result"] == "pass"
    assert first["criteria"]["GEO"]["reason"] == (
        "A national event in Peru, one of HOT's priority countries."
    )
    assert {"preferences", "conditions", "redirect"} <= set(first)
    assert output[1]["redirect"]["email"] == "esahub@hotosm.org"


VARIED = [
    ELIGIBLE,
    MAPATHON,
    DRAFT,
    {},
    {**ELIGIBLE, "ref": "R-1", "scope": "regional", "country": "KE", "serves_countries": ["UG"]},
    {**ELIGIBLE, "ref": "R-2", "scope": "regional", "city": "São Paulo", "country": "BR"},
    {**ELIGIBLE, "ref": "I-1", "scope": "international", "code_of_conduct": "planned"},
    {**ELIGIBLE, "ref": "T-1", "format": "training", "country": "FR", "registration": "unknown"},
    {**ELIGIBLE, "ref": "L-1", "submitted_at": "2022-06-03T08:00:00+02:00", "themes": []},
]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_output_is_what_json_dumps_writes_of_the_results(
    tmp_path, capsys, monkeypatch, language
):
    # The command writes the results' dataclasses with orjson, a few at a time: byte for
    # byte what json.dumps(indent=2, ensure_ascii=False) writes of `to_json()`, chunks or not.
    monkeypatch.setattr(cli, "CHUNK", 4)  # three chunks, the last one short
    code = main([str(CALL_FILE), applications(tmp_path, VARIED), "--language", language])
    out = capsys.readouterr().out
    names = None if language == "en" else partial(country_name, language=language)
    screener = Screener(call_2022(), gettext=cli.catalogue(language), country_names=names)
    documents = [ApplicationDocument.model_validate(record) for record in VARIED]
    expected = [{"ref": d.ref, **screener.screen(d).to_json()} for d in documents]
    assert code == 0
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert {item["verdict"] for item in expected} == {"eligible", "ineligible", "needs_review"}
    assert any(item["redirect"] for item in expected)
    assert any(item["conditions"] for item in expected)


def test_an_empty_array_gives_an_empty_array(tmp_path, capsys):
    assert main([str(CALL_FILE), applications(tmp_path, [])]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_the_call_file_may_also_be_given_with_the_call_option(tmp_path, capsys):
    code = main(["--call", str(CALL_FILE), applications(tmp_path, [DRAFT])])
    assert code == 0
    assert json.loads(capsys.readouterr().out)[0]["ref"] == "HOT-2022-003"


def test_an_empty_draft_is_screened_as_unclear_not_rejected(tmp_path, capsys):
    code, output, _err = run_main(capsys, applications(tmp_path, [{}]))
    assert code == 0
    assert {item["result"] for item in output[0]["criteria"].values()} == {"unclear"}


def test_now_stands_in_for_the_arrival_of_drafts(tmp_path, capsys):
    path = applications(tmp_path, [DRAFT])
    _code, before, _err = run_main(capsys, path, "--now", "2022-05-30T12:00:00Z")
    _code, after, _err = run_main(capsys, path, "--now", "2022-06-02T00:00:00+00:00")
    assert before[0]["criteria"]["DEADLINE"]["result"] == "pass"
    assert after[0]["criteria"]["DEADLINE"]["result"] == "fail"


def test_french_run_returns_reasons(tmp_path, capsys):
    # The French catalogue is compiled later: until then the reasons fall back to English.
    code, output, _err = run_main(capsys, applications(tmp_path, [ELIGIBLE]), "--language", "fr")
    assert code == 0
    assert all(item["reason"] for item in output[0]["criteria"].values())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            [ELIGIBLE, {**ELIGIBLE, "ref": "X-9", "country": "ZZ"}],
            "record [1] (ref 'X-9'), field 'country': 'ZZ' is not an ISO 3166-1 alpha-2",
        ),
        (
            [{"ref": "X-1", "format": "party"}],
            "record [0] (ref 'X-1'), field 'format': Input should be 'conference'",
        ),
        (
            [{"ref": "X-2", "start_date": "2022-02-30"}],
            "record [0] (ref 'X-2'), field 'start_date': Input should be a valid date",
        ),
        (
            [{"ref": "X-3", "serves_countries": ["PE", "ZZ"]}],
            "record [0] (ref 'X-3'), field 'serves_countries[1]': 'ZZ' is not",
        ),
        (
            [{"ref": "X-4", "offers": [{"type": "cake"}]}],
            "record [0] (ref 'X-4'), field 'offers[0].type': 'cake' is not an offer of this call",
        ),
        (
            [{"start_date": "2022-05-02", "end_date": "2022-05-01"}],
            "record [0], field 'end_date': the event ends before it starts",
        ),
        ([{"colour": "blue"}], "record [0], field 'colour': Extra inputs are not permitted"),
        ([["not", "an", "object"]], "record [0]: is an array, not an object"),
        ({"ref": "X-5"}, "must hold a JSON array of applications, not an object"),
        ('[{"ref": "X-6",', "not valid JSON"),
    ],
    ids=[
        "unknown country",
        "unknown format",
        "malformed date",
        "unknown served country",
        "offer not in the call",
        "ends before it starts",
        "unknown field",
        "record not an object",
        "not an array",
        "broken JSON",
    ],
)
def test_malformed_input_is_refused_with_record_and_field(tmp_path, capsys, content, expected):
    path = applications(tmp_path, content, raw=isinstance(content, str))
    code, out, err = run_main(capsys, path)
    assert code == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err


def test_every_bad_record_is_listed_at_once(tmp_path, capsys):
    content = [{"ref": "A", "country": "ZZ"}, ELIGIBLE, {"ref": "B", "scope": "galactic"}]
    code, _out, err = run_main(capsys, applications(tmp_path, content))
    assert code == 2
    assert "2 of the applications cannot be read" in err
    assert "record [0] (ref 'A'), field 'country'" in err
    assert "record [2] (ref 'B'), field 'scope'" in err


def test_missing_files_and_bad_options_exit_2_without_traceback(tmp_path, capsys):
    assert main(["calls/none.toml", applications(tmp_path, [])]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert main([str(CALL_FILE), str(tmp_path / "none.json")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert main([str(CALL_FILE), applications(tmp_path, []), "--now", "soon"]) == 2
    assert "'soon' is not an ISO 8601 date and time" in capsys.readouterr().err
    assert main([applications(tmp_path, [])]) == 2
    assert "Traceback" not in capsys.readouterr().err


# -- the same through the processes people run -----------------------------------------

# No database anywhere: the command must not try to open one.
NO_DATABASE = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=NO_DATABASE,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_management_command_screens_without_a_database(tmp_path):
    path = applications(tmp_path, [ELIGIBLE, MAPATHON])
    done = run_process("manage.py", "screen", "--call", str(CALL_FILE), path)
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert [item["verdict"] for item in output] == ["eligible", "ineligible"]
    assert output[1]["criteria"]["FORMAT"]["reason"].startswith("Mapathons are not part")


@pytest.mark.slow
def test_management_command_refuses_an_unknown_country_with_exit_2(tmp_path):
    path = applications(tmp_path, [{"ref": "X-9", "country": "ZZ"}])
    done = run_process("manage.py", "screen", "--call", str(CALL_FILE), path)
    assert done.returncode == 2
    assert "record [0] (ref 'X-9'), field 'country'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_management_command_runs_in_french(tmp_path):
    path = applications(tmp_path, [ELIGIBLE])
    done = run_process("manage.py", "screen", "--call", str(CALL_FILE), path, "--language", "fr")
    assert done.returncode == 0, done.stderr
    assert all(item["reason"] for item in json.loads(done.stdout)[0]["criteria"].values())


@pytest.mark.slow
def test_python_module_runs_without_django(tmp_path):
    path = applications(tmp_path, [DRAFT])
    done = run_process("-m", "opencall.screening", str(CALL_FILE), path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["verdict"] == "needs_review"


def test_the_french_run_names_countries_in_french(tmp_path):
    from opencall.screening.cli import main

    path = tmp_path / "one.json"
    path.write_text(
        '[{"ref": "P", "format": "conference", "city": "Lima", "country": "PE", '
        '"start_date": "2022-10-07", "end_date": "2022-10-08", "scope": "national"}]'
    )
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(CALL_FILE), str(path), "--language", "fr"])
    assert code == 0
    assert "Lima (Pérou)" in out.getvalue()


# Values the JSON reader and Python's lax rules could take differently: numbers as text,
# whole floats, booleans as words, blanks, offsets, amounts, spaces around text.
EDGES = [
    {**ELIGIBLE, "expected_attendance": 250.0, "online_only": "yes", "city": "  Lima "},
    {**ELIGIBLE, "ref": "E-2", "virtual_component": 1, "open_publication": "false"},
    {**ELIGIBLE, "ref": "E-3", "submitted_at": "2022-05-20T10:00:00.123456-05:30"},
    {**ELIGIBLE, "ref": "E-4", "submitted_at": "2022-05-20 10:00", "start_date": "  "},
    {**ELIGIBLE, "ref": "E-5", "offers": [{"type": "other", "amount_usd": 0.1}]},
    {**ELIGIBLE, "ref": "E-6", "offers": [{"type": "other", "amount_usd": "1234.50"}]},
    {**ELIGIBLE, "ref": "E-7", "offers": [{"type": "other", "amount_usd": 12345678.12}]},
    {**ELIGIBLE, "ref": "E-8", "serves_countries": ["ke", " ug"], "language": "ES"},
    {**ELIGIBLE, "ref": "E-9", "contacts": [{"name": "", "email": "Ana@Example.ORG"}]},
    {**ELIGIBLE, "ref": "E-10", "format": "", "scope": None, "themes": []},
]


def test_a_plainly_good_file_is_read_in_one_pass_as_record_by_record(tmp_path):
    offers = frozenset(offer.code for offer in call_2022().offers) | {"other"}
    data = json.dumps(EDGES).encode()
    one_pass = cli._at_once(data, offers)
    by_record = [cli._document(i, record, call_2022(), offers) for i, record in enumerate(EDGES)]
    assert one_pass is not None
    assert [doc.model_dump() for doc in one_pass] == [doc.model_dump() for doc in by_record]


@pytest.mark.parametrize(
    "content",
    [
        [{"ref": "X-4", "offers": [{"type": "cake"}]}],  # not an offer of this call
        [{"ref": "X-5", "answers": {"team_size": 3}}],  # own answers: the call reads them
        [{"ref": "X-6", "country": "ZZ"}],
        [["not", "an", "object"]],
        {"ref": "X-7"},
    ],
)
def test_anything_needing_a_closer_look_is_read_record_by_record(content):
    offers = frozenset(offer.code for offer in call_2022().offers) | {"other"}
    assert cli._at_once(json.dumps(content).encode(), offers) is None
