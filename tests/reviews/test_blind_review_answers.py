"""In a blind review, the call's own questions that name or reach a person (type email,
or `personal = true`: a phone number, a file of CVs) are hidden like the contacts; the
others are read as before, with a personal value inside a text replaced."""

import pytest

from opencall.accounts.services import review_settings_install
from opencall.applications.personal import Blind, personal_values
from opencall.calls.models import Call
from opencall.calls.questions import parse_questions, question_definition
from tests.community import ANSWERS, community_application

pytestmark = pytest.mark.django_db

HIDDEN = "Hidden until your review is in"
PHONE = "+254 700 123456"
CO_ORGANISER = "co.organiser@example.org"
NEW_QUESTIONS = [
    {"id": "phone", "type": "short_text", "label": {"en": "Phone"}, "personal": True},
    {"id": "co_email", "type": "email", "label": {"en": "Co-organiser's email"}},
    {"id": "notes", "type": "long_text", "label": {"en": "Anything else"}},
]


@pytest.fixture
def blind_community(community_call):
    review_settings_install(call=community_call, section={"blind": True})
    questions = [
        {**q, "personal": True} if q["id"] == "programme_file" else q
        for q in community_call.questions
    ]
    Call.objects.filter(pk=community_call.pk).update(questions=questions + NEW_QUESTIONS)
    community_call.refresh_from_db()
    return community_call


@pytest.fixture
def application(blind_community):
    answers = {
        **ANSWERS,
        "phone": PHONE,
        "co_email": CO_ORGANISER,
        "notes": "Ask Wanjiru about the venue.",
    }
    return community_application(blind_community, answers, contact_name="Wanjiru Kamau")


def _page(client, user, application) -> str:
    client.force_login(user)
    return client.get(
        f"/staff/calls/{application.call.slug}/applications/{application.number}/"
    ).content.decode()


def _file(client, user, application):
    client.force_login(user)
    return client.get(
        f"/staff/calls/{application.call.slug}/applications/{application.number}/"
        "files/programme_file/"
    )


def test_personal_answers_read_hidden_and_their_file_is_not_served(
    client, community_staff, application
):
    body = _page(client, community_staff.working_group, application)
    for qid in ("phone", "co_email", "programme_file"):
        assert f'<dd id="answer-{qid}"><span class="hint">{HIDDEN}</span>' in body
    assert PHONE not in body and CO_ORGANISER not in body and "programme.pdf" not in body
    assert "Ask [hidden] about the venue." in body
    assert "45,000\xa0USD" in body  # the other answers as before
    assert _file(client, community_staff.working_group, application).status_code == 403


def test_the_api_gives_no_value_of_a_personal_answer(client, community_staff, application, bearer):
    url = f"/api/v1/staff/calls/{application.call.slug}/applications/{application.number}"
    data = client.get(url, headers=bearer(community_staff.working_group)).json()
    answers = {a["question"]: a for a in data["answers"]}
    assert {
        key: (answers[key]["hidden"], answers[key]["value"], answers[key]["text"])
        for key in (
            "phone",
            "co_email",
        )
    } == {"phone": (True, None, HIDDEN), "co_email": (True, None, HIDDEN)}
    assert answers["budget"]["hidden"] is False
    assert set(data["document"]["answers"]).isdisjoint({"phone", "co_email", "programme_file"})
    assert PHONE not in str(data) and CO_ORGANISER not in str(data)


def test_the_call_administrator_reads_them(client, community_staff, application):
    body = _page(client, community_staff.call_admin, application)
    assert PHONE in body and CO_ORGANISER in body
    assert "Ask Wanjiru about the venue." in body


def test_a_question_marked_personal_round_trips_through_its_definition():
    (question,) = parse_questions([NEW_QUESTIONS[0]], languages=("en",))
    assert question.personal and question.names_a_person
    assert question_definition(question)["personal"] is True
    (email,) = parse_questions([NEW_QUESTIONS[1]], languages=("en",))
    assert email.names_a_person and "personal" not in question_definition(email)


def test_a_name_is_replaced_as_a_word_in_any_case_never_inside_another_word():
    values = personal_values(
        {"contacts": [{"name": "Ana Lima", "email": "ana@example.org"}]},
        personal_ids=frozenset(),
    )
    blind = Blind(values=values, personal_ids=frozenset())
    assert blind.text("ANA LIMA wrote: bananas for Ana (ana@example.org).") == (
        "[hidden] wrote: bananas for [hidden] ([hidden])."
    )
