"""The API carries a call's own questions and their answers: the public call lists its
questions but the private ones; staff read every question, the extra criteria and
every answer, worded, with a file's download address."""

from __future__ import annotations

import pytest

from tests.community import BANK_COUNTRY, PROGRAMME, SLUG

pytestmark = pytest.mark.django_db

DETAIL = f"/api/v1/staff/calls/{SLUG}/applications/{{}}"


def test_the_public_call_lists_its_questions_but_the_private_ones(client, community_call):
    data = client.get(f"/api/v1/calls/{SLUG}").json()
    questions = {q["id"]: q for q in data["questions"]}
    assert list(questions) == [
        "held_before",
        "last_report_url",
        "women_speakers",
        "topics",
        "programme_file",
        "budget",
    ]
    assert questions["budget"] == {
        "id": "budget",
        "type": "number",
        "label": "Total budget of the event",
        "help": "Every cost of the event, whoever pays it, in US dollars.",
        "required": True,
        "step": "support",
        "order": 1,
        "private": False,
        "unit": "USD",
        "choices": [],
        "show_if": None,
    }
    assert questions["last_report_url"]["show_if"] == {"question": "held_before", "equals": [True]}
    assert questions["topics"]["choices"][1] == {
        "code": "disaster",
        "label": "Disaster preparedness and response",
    }
    titles = {c["id"]: c["title"] for c in data["criteria"]}
    assert titles["budget_cap"] == "A budget of at most 50,000 USD"
    assert "programme_uploaded" in titles and "FORMAT" in titles


def test_the_public_call_reads_in_the_requests_language(client, community_call):
    data = client.get(f"/api/v1/calls/{SLUG}", headers={"Accept-Language": "fr"}).json()
    assert data["questions"][0]["label"] == "L'événement a-t-il déjà eu lieu ?"


def test_staff_read_every_question_and_the_extra_criteria(client, community_staff, bearer):
    (call,) = client.get("/api/v1/staff/calls", headers=bearer(community_staff.hub_esa)).json()
    assert [q["id"] for q in call["questions"] if q["private"]] == ["bank_country"]
    assert len(call["questions"]) == 7
    assert call["extra_criteria"] == [
        {
            "id": "budget_cap",
            "question": "budget",
            "test": "at_most",
            "value": 50000,
            "title": "A budget of at most 50,000 USD",
            "explanation": "The fund supports small events: the whole event costs at most "
            "50,000 USD.",
        },
        {
            "id": "programme_uploaded",
            "question": "programme_file",
            "test": "answered",
            "value": None,
            "title": "The programme is uploaded",
            "explanation": "Reviewers read the programme, even a draft, before they judge.",
        },
    ]


def test_staff_read_every_answer_private_ones_included(client, community_staff, answered, bearer):
    response = client.get(
        DETAIL.format(answered.number), headers=bearer(community_staff.working_group)
    )
    assert response.status_code == 200, response.content
    data = response.json()
    answers = {a["question"]: a for a in data["answers"]}
    assert answers["bank_country"] == {
        "question": "bank_country",
        "label": "Country of the bank account that would receive a grant",
        "private": True,
        "answered": True,
        "hidden": False,
        "value": BANK_COUNTRY,
        "text": "Liechtenstein",
        "file_url": None,
    }
    assert answers["budget"]["value"] == 45000
    assert answers["budget"]["text"] == "45,000\xa0USD"
    assert answers["programme_file"]["value"] == PROGRAMME
    assert answers["programme_file"]["file_url"] == (
        f"http://testserver/staff/calls/{SLUG}/applications/{answered.number}/files/programme_file/"
    )
    assert data["document"]["answers"]["bank_country"] == BANK_COUNTRY


def test_a_staff_member_of_another_call_reads_no_answer(
    client, community_staff, answered, bearer, call_2022
):
    from opencall.accounts.services import membership_add

    membership_add(user=community_staff.outsider, call=call_2022, role="working_group")
    response = client.get(DETAIL.format(answered.number), headers=bearer(community_staff.outsider))
    assert response.status_code == 403
    assert BANK_COUNTRY not in response.content.decode()
