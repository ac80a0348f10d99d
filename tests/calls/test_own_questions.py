"""A call's own questions and extra criteria (issue 16): read from the call file with
errors that name the question, kept and exported, judged by the engine, never lost."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import tomli_w
from django.core.exceptions import ValidationError
from django.utils import translation

from opencall.applications.document import ApplicationDocument
from opencall.calls import questions as q
from opencall.calls.definition import CallDefinitionError, load_definition, parse_definition
from opencall.calls.services import CallUpdateRefused, call_export
from opencall.screening import engine
from opencall.screening.cli import main
from opencall.screening.selectors import check_document
from tests.factories import ApplicationFactory
from tests.fixtures.data import ROOT

EXAMPLE = ROOT / "calls" / "community-grants-2027.toml"


def _data() -> dict:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def _parse(data: dict):
    return parse_definition(data, base=EXAMPLE.parent, where="grants.toml")


def _question(data: dict, qid: str) -> dict:
    return next(item for item in data["questions"] if item["id"] == qid)


def test_the_example_call_file_declares_questions_a_condition_an_upload_and_criteria():
    definition = load_definition(EXAMPLE)
    by_id = {question.id: question for question in definition.questions}
    assert by_id["last_report_url"].show_if == q.ShowIf("held_before", (True,))
    assert by_id["programme_file"].type == "file"
    assert by_id["programme_file"].file_types == ("pdf", "docx", "odt")
    assert by_id["bank_country"].private
    assert by_id["budget"].required and by_id["budget"].unit == "USD"
    assert [c.id for c in definition.criteria] == ["budget_cap", "programme_uploaded"]
    assert definition.criteria[0].value == Decimal("50000")
    # Ordered by step, then order: what the form shows.
    assert [question.step for question in definition.questions] == [
        "content",
        "content",
        "content",
        "content",
        "content",
        "support",
        "support",
    ]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: _question(d, "budget").update(type="money"), "'budget': type 'money'"),
        (
            lambda d: _question(d, "last_report_url").update(
                show_if={"question": "held_twice", "equals": True}
            ),
            "'last_report_url': show_if names an unknown question 'held_twice'",
        ),
        (
            lambda d: _question(d, "topics")["choices"][1]["label"].pop("fr"),
            "'topics': choices[2] 'disaster': 'label' has no text in fr",
        ),
        (
            lambda d: _question(d, "budget")["label"].pop("fr"),
            "'budget': 'label' has no text in fr",
        ),
        (
            lambda d: _question(d, "programme_file").update(file_types=["exe"]),
            "'programme_file': 'file_types' must be some of",
        ),
        (
            lambda d: d["questions"].append({**_question(d, "budget")}),
            "the id 'budget' is used twice",
        ),
        (
            lambda d: d["criteria"][0].update(question="cost"),
            "criteria[1] 'budget_cap': names an unknown question 'cost'",
        ),
        (
            lambda d: d["criteria"][0].update(test="under"),
            "criteria[1] 'budget_cap': test 'under' is not one of",
        ),
        (
            lambda d: _question(d, "last_report_url").update(
                show_if={"question": "held_before", "equals": "maybe"}
            ),
            "'maybe' is not an answer 'held_before' takes",
        ),
        (lambda d: _question(d, "budget").update(colour="red"), "'budget': unknown key(s) colour"),
    ],
)
def test_a_bad_definition_is_refused_at_load_time_naming_the_question(change, named):
    data = copy.deepcopy(_data())
    change(data)
    with pytest.raises(CallDefinitionError) as refused:
        _parse(data)
    assert named in str(refused.value)
    assert str(refused.value).startswith("grants.toml: ")


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        ("number", "45000", 45000),
        ("number", 12, 12),
        ("date", "2027-06-01", "2027-06-01"),
        ("yes_no", "yes", True),
        ("yes_no", False, False),
        ("country", "ke", "KE"),
        ("url", " https://example.org/report ", "https://example.org/report"),
        ("email", "Ada@Example.org", "Ada@example.org"),
        ("short_text", "  A title ", "A title"),
        ("short_text", "", None),
    ],
)
def test_answers_are_kept_in_one_json_form_whatever_sends_them(kind, given, stored):
    question = q.Question(id="x", type=kind, label={"en": "X"}, min=Decimal(0))
    assert q.clean_answer(question, given) == stored


@pytest.mark.parametrize(
    ("question", "given", "code", "message"),
    [
        (
            q.Question(id="x", type="number", label={"en": "X"}, max=Decimal(100)),
            "150",
            "above_max",
            "Enter a number of at most 100.",
        ),
        (q.Question(id="x", type="number", label={"en": "X"}), "abc", "not_number", "Enter a"),
        (q.Question(id="x", type="number", label={"en": "X"}), "1.5", "whole_number", "whole"),
        (q.Question(id="x", type="date", label={"en": "X"}), "31/05/2027", "not_date", "YYYY"),
        (q.Question(id="x", type="url", label={"en": "X"}), "example", "not_url", "https://"),
        (q.Question(id="x", type="email", label={"en": "X"}), "ada@", "not_email", "valid"),
        (q.Question(id="x", type="country", label={"en": "X"}), "XX", "not_country", "country"),
        (
            q.Question(id="x", type="short_text", label={"en": "X"}),
            "a" * 201,
            "too_long",
            "at most 200 characters",
        ),
        (
            q.Question(
                id="x", type="choice", label={"en": "X"}, choices=(q.Choice("a", {"en": "A"}),)
            ),
            "b",
            "unknown_choice",
            "Choose one",
        ),
    ],
)
def test_a_refused_answer_says_why_in_words(question, given, code, message):
    with pytest.raises(q.AnswerError) as refused:
        q.clean_answer(question, given)
    assert refused.value.code == code
    assert message in refused.value.message()


def test_an_answer_hidden_by_its_condition_is_dropped_and_not_required():
    definition = load_definition(EXAMPLE)
    answers = {"held_before": False, "last_report_url": "https://example.org/r", "budget": 10}
    clean, errors = q.clean_answers(definition.questions, answers)
    assert errors == {}
    assert "last_report_url" not in clean
    assert q.missing_required(definition.questions, {}) == ["budget"]
    assert q.missing_required(definition.questions, clean) == []
    _clean, errors = q.clean_answers(definition.questions, {"shoe_size": 42})
    assert errors["shoe_size"].code == "unknown_question"


def _screen(answers: dict) -> dict:
    definition = load_definition(EXAMPLE)
    result = engine.screen(definition, ApplicationDocument(answers=answers))
    return {key: (item.result.value, item.reason) for key, item in result.criteria.items()}


def test_the_extra_criteria_decide_eligibility_with_their_reason():
    over = _screen({"budget": 60000})
    assert over["budget_cap"] == (
        "fail",
        "“Total budget of the event”: 60000 USD, above the limit of 50000 USD.",
    )
    assert over["programme_uploaded"][0] == "unclear"
    assert _screen({"budget": 50000})["budget_cap"][0] == "pass"
    assert _screen({})["budget_cap"] == (
        "unclear",
        "“Total budget of the event” is not answered yet.",
    )
    upload = {"name": "programme.pdf", "size": 2048, "type": "pdf", "key": "k"}
    assert _screen({"programme_file": upload})["programme_uploaded"] == (
        "pass",
        "“The programme, as a document”: programme.pdf is uploaded.",
    )
    definition = load_definition(EXAMPLE)
    result = engine.screen(definition, ApplicationDocument(answers={"budget": 60000}))
    assert result.verdict is engine.Verdict.INELIGIBLE
    assert result.to_json()["criteria"]["budget_cap"]["code"] == "extra.at_most.fail"


@pytest.mark.django_db
def test_the_reason_reads_in_the_applicants_language_with_their_numbers(grants_call):
    document = ApplicationDocument(answers={"budget": 60000})
    with translation.override("fr"):
        judgement = check_document(call=grants_call, document=document)
    line = next(line for line in judgement.criteria if line.id == "budget_cap")
    assert line.title == "Un budget d'au plus 50 000 USD"
    assert "Budget total de l'événement" in line.reason
    assert "60\u00a0000\u00a0USD" in line.reason
    assert "50\u00a0000\u00a0USD" in line.reason


@pytest.fixture
def grants_call(reference_version):
    from opencall.staff.loading import call_install

    return call_install(definition=load_definition(EXAMPLE), practice=True).call


@pytest.mark.django_db
def test_export_call_writes_the_questions_and_criteria_back(grants_call, tmp_path):
    data = call_export(call=grants_call)
    assert [item["id"] for item in data["questions"]] == [
        question.id for question in load_definition(EXAMPLE).questions
    ]
    again = tmp_path / "again.toml"
    data["reference"] = str(Path(ROOT / "reference" / "hot-2022"))
    again.write_text(tomli_w.dumps(data), encoding="utf-8")
    reloaded = load_definition(again)
    original = load_definition(EXAMPLE)
    assert reloaded.questions == original.questions
    assert reloaded.criteria == original.criteria


@pytest.mark.django_db
def test_no_answer_is_lost_when_the_questions_change(grants_call):
    ApplicationFactory(call=grants_call, document={"answers": {"topics": ["disaster"]}})
    data = _data()

    def reload(data: dict):
        from opencall.staff.loading import call_install

        return call_install(definition=_parse(data), practice=True, update=True)

    removed = copy.deepcopy(data)
    removed["questions"] = [item for item in removed["questions"] if item["id"] != "topics"]
    removed["rubric"][1]["questions"] = ["programme_file"]
    with pytest.raises(CallUpdateRefused, match="'topics' has answers: it cannot be removed"):
        reload(removed)
    retyped = copy.deepcopy(data)
    _question(retyped, "topics").update(type="long_text")
    with pytest.raises(CallUpdateRefused, match="its type cannot change"):
        reload(retyped)
    narrowed = copy.deepcopy(data)
    _question(narrowed, "topics")["choices"].pop(1)
    with pytest.raises(CallUpdateRefused, match=r"the choice\(s\) disaster have answers"):
        reload(narrowed)
    required = copy.deepcopy(data)
    required["questions"].append(
        {"id": "venue", "type": "short_text", "required": True, "label": {"en": "V", "fr": "L"}}
    )
    with pytest.raises(CallUpdateRefused, match="'venue' is new and required"):
        reload(required)
    optional = copy.deepcopy(data)
    optional["questions"].append(
        {"id": "venue", "type": "short_text", "label": {"en": "Venue", "fr": "Lieu"}}
    )
    reload(optional)
    grants_call.refresh_from_db()
    assert "venue" in [question.id for question in grants_call.own_questions]
    # The same rule holds for an edit in the admin (the model's clean).
    grants_call.questions = [item for item in grants_call.questions if item["id"] != "topics"]
    with pytest.raises(ValidationError, match="No answer may be lost"):
        grants_call.full_clean()


def test_the_screen_command_checks_each_answer_and_names_the_field(tmp_path, capsys):
    documents = tmp_path / "applications.json"
    documents.write_text(
        json.dumps([{"event_name": "Mapping Week", "answers": {"women_speakers": 150}}])
    )
    code = main([str(EXAMPLE), str(documents)])
    err = capsys.readouterr().err
    assert code == 2
    assert "field 'answers.women_speakers': Enter a number of at most 100." in err
    documents.write_text(json.dumps([{"event_name": "Mapping Week", "answers": {"budget": "9"}}]))
    assert main([str(EXAMPLE), str(documents)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["criteria"]["budget_cap"]["result"] == "pass"


def test_the_question_step_names_are_the_forms_steps():
    from opencall.applications.steps import STEPS

    assert tuple(step.slug for step in STEPS) == q.STEP_SLUGS


def test_dates_as_answers_stay_in_the_documents_window():
    question = q.Question(id="d", type="date", label={"en": "D"})
    with pytest.raises(q.AnswerError, match="between 2000-01-01 and 2100-12-31"):
        q.clean_answer(question, dt.date(1999, 12, 31))


@pytest.mark.django_db
def test_the_2022_call_keeps_its_exact_questions(call_2022):
    assert call_2022.own_questions == ()
    assert call_2022.extra_criteria == ()
    assert "questions" not in call_export(call=call_2022)
