"""The exports carry the answers to a call's own questions, worded for the reader, one
column per question; never the answer to a question the call marks private."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model

from opencall.applications.exports import applications_csv, applications_json
from tests.community import ANSWERS, BANK_COUNTRY, community_application
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(admin)
    return client


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_spreadsheet_has_a_column_per_question_headed_by_its_label(community_call):
    answered = community_application(community_call)
    blank = community_application(community_call, {"held_before": False})
    rows = _rows(applications_csv([answered, blank], language="en"))
    assert list(rows[0])[-6:] == [
        "Has the event been held before?",
        "Link to the report of the last edition",
        "Expected share of women among the speakers",
        "Which topics will the programme cover?",
        "The programme, as a document",
        "Total budget of the event",
    ]
    assert rows[0]["Total budget of the event"] == "45,000\xa0USD"
    assert rows[0]["Which topics will the programme cover?"] == (
        "Mapping by local communities, Mapping in schools and universities"
    )
    assert rows[0]["The programme, as a document"] == "programme.pdf (1.2\xa0MB)"
    assert rows[1]["Has the event been held before?"] == "No"
    assert rows[1]["Total budget of the event"] == ""


def test_headers_and_answers_are_in_the_reader_language(community_call):
    answered = community_application(community_call)
    (row,) = _rows(applications_csv([answered], language="fr"))
    assert row["Budget total de l'événement"] in ("45\u202f000\xa0USD", "45\xa0000\xa0USD")


def test_no_export_carries_a_private_answer(admin_client, community_call):
    answered = community_application(community_call)
    spreadsheet = admin_client.post(
        "/admin/applications/application/",
        {"action": "download_csv", "_selected_action": [answered.pk]},
    ).content.decode()
    documents = admin_client.post(
        "/admin/applications/application/",
        {"action": "download_json", "_selected_action": [answered.pk]},
    ).content.decode()
    for text in (spreadsheet, documents):
        assert "Liechtenstein" not in text
        assert f'"{BANK_COUNTRY}"' not in text and f",{BANK_COUNTRY}" not in text
        assert "bank account" not in text and "bank_country" not in text
    assert "45,000\xa0USD" in spreadsheet
    (document,) = json.loads(documents)
    assert document["answers"] == {k: v for k, v in ANSWERS.items() if k != "bank_country"}


def test_calls_without_own_questions_keep_their_columns(call_2022, community_call):
    kenya = ApplicationFactory(call=call_2022)
    answered = community_application(community_call)
    rows = _rows(applications_csv([kenya, answered], language="en"))
    assert rows[0]["ref"] == kenya.ref and rows[0]["Total budget of the event"] == ""
    assert json.loads(applications_json([kenya]))[0]["answers"] == {}
