"""A rubric criterion may point at the call's own questions: loaded from the call file,
checked against the questions the call asks, written back by the export."""

from __future__ import annotations

import tomllib

import pytest
import tomli_w
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from opencall.calls.models import Call
from opencall.reviews.models import RubricCriterion
from opencall.reviews.rubric import RubricError, rubric_export, rubric_for, rubric_install
from opencall.staff.loading import call_export_all
from tests.fixtures.data import COMMUNITY_FILE, REFERENCE

pytestmark = pytest.mark.django_db

SLUG = "community-grants-2027"


def _file(tmp_path, change) -> str:
    data = tomllib.loads(COMMUNITY_FILE.read_text())
    data["reference"] = str(REFERENCE)
    change(data)
    path = tmp_path / "call.toml"
    path.write_text(tomli_w.dumps(data))
    return str(path)


def test_the_example_call_rubric_points_at_three_questions(community_call):
    criteria = {c.code: c.questions for c in rubric_for(call=community_call)}
    assert criteria == {
        "community_value": [],
        "programme": ["programme_file", "topics", "women_speakers"],
    }


def test_the_export_writes_the_questions_back(community_call):
    exported = {item["id"]: item for item in rubric_export(call=community_call)}
    assert exported["programme"]["questions"] == ["programme_file", "topics", "women_speakers"]
    assert "questions" not in exported["community_value"]
    assert call_export_all(call=community_call)["rubric"][1]["questions"] == [
        "programme_file",
        "topics",
        "women_speakers",
    ]


def test_an_unknown_question_names_the_rubric_item_and_the_id(community_call):
    items = rubric_export(call=community_call)
    items[1]["questions"] = ["topics", "budjet"]
    with pytest.raises(RubricError) as caught:
        rubric_install(call=community_call, items=items)
    assert str(caught.value) == "rubric[2] (programme): names an unknown question 'budjet'"
    assert RubricCriterion.objects.get(call=community_call, code="programme").questions == [
        "programme_file",
        "topics",
        "women_speakers",
    ]


def test_loading_a_file_whose_rubric_names_an_unknown_question_stores_nothing(
    reference_version, tmp_path
):
    def wrong(data):
        data["rubric"][1]["questions"] = ["programme_file", "speakers"]

    with pytest.raises(CommandError, match=r"rubric\[2\] \(programme\).*'speakers'"):
        call_command("load_call", _file(tmp_path, wrong))
    assert not Call.objects.filter(slug=SLUG).exists()


def test_questions_must_be_a_list_of_ids(community_call):
    items = rubric_export(call=community_call)
    items[0]["questions"] = "topics"
    with pytest.raises(RubricError, match=r"rubric\[1\] \(community_value\): 'questions' must"):
        rubric_install(call=community_call, items=items)


def test_the_admin_row_refuses_an_unknown_question(community_call):
    criterion = RubricCriterion.objects.get(call=community_call, code="community_value")
    criterion.questions = ["budget", "guests"]
    with pytest.raises(ValidationError) as caught:
        criterion.full_clean()
    assert caught.value.message_dict == {"questions": ["The call asks no question 'guests'."]}


def test_a_call_without_own_questions_has_criteria_pointing_at_none(call_2022):
    assert {tuple(c.questions) for c in rubric_for(call=call_2022)} == {()}
