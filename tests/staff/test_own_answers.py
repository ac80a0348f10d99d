"""Staff read the answers to a call's own questions on the application's page, worded
for them (labels, units, yes or no, countries, files), private ones marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from opencall.applications.answers import answer_rows, question_rows
from opencall.applications.models import Application
from opencall.applications.uploads import store_upload
from opencall.calls.questions import parse_questions
from tests.applications.sample_files import PDF
from tests.community import SLUG, community_application

pytestmark = pytest.mark.django_db

PAGE = f"/staff/calls/{SLUG}/applications/{{}}/"


def _texts(rows) -> dict[str, str]:
    return {row.question.id: row.text for row in rows}


def test_every_asked_question_is_worded_in_the_call_order(community_call, answered):
    rows = answer_rows(community_call, answered.document, language="en")
    assert _texts(rows) == {
        "held_before": "Yes",
        "last_report_url": "https://example.org/report-2026",
        "women_speakers": "45%",
        "topics": "Mapping by local communities, Mapping in schools and universities",
        "programme_file": "programme.pdf (1.2\xa0MB)",
        "budget": "45,000\xa0USD",
        "bank_country": "Liechtenstein",
    }
    assert rows[0].label == "Has the event been held before?"
    assert [row.private for row in rows if row.private] == [True]
    assert rows[4].file == answered.document["answers"]["programme_file"]


def test_a_blank_answer_reads_not_answered_and_a_hidden_question_is_left_out(community_call):
    application = community_application(community_call, {"held_before": False})
    rows = answer_rows(community_call, application.document, language="en")
    texts = _texts(rows)
    assert "last_report_url" not in texts  # asked only when held before
    assert texts["held_before"] == "No"
    assert texts["budget"] == "Not answered"
    assert not rows[-1].answered and rows[-1].file is None


def test_private_questions_are_left_out_when_asked(community_call, answered):
    rows = answer_rows(community_call, answered.document, language="en", include_private=False)
    assert "bank_country" not in _texts(rows)


def test_each_reader_gets_their_own_language(community_call, answered):
    texts = _texts(answer_rows(community_call, answered.document, language="fr"))
    assert texts["budget"] == "45\u202f000\xa0USD" or texts["budget"] == "45\xa0000\xa0USD"
    assert texts["topics"] == (
        "Cartographie par les communautés locales, Cartographie à l'école et à l'université"
    )
    assert translation.get_language() == "en"  # the reader's language is not left active


def test_dates_read_in_words_and_small_files_in_kilobytes():
    questions = parse_questions(
        [
            {"id": "first_edition", "type": "date", "label": "First edition"},
            {"id": "poster", "type": "file", "label": "Poster", "file_types": ["png"]},
        ],
        languages=("en",),
    )
    poster = {"name": "poster.png", "size": 2048, "type": "png", "key": "k"}
    rows = question_rows(
        questions,
        {"first_edition": dt.date(2019, 7, 4).isoformat(), "poster": poster},
        language="en",
    )
    assert _texts(rows) == {"first_edition": "4 July 2019", "poster": "poster.png (2.0\xa0KB)"}


def test_the_page_lists_the_answers_and_marks_the_private_one(client, community_staff, answered):
    client.force_login(community_staff.working_group)
    body = client.get(PAGE.format(answered.number)).content.decode()
    assert "Answers to the call's own questions" in body
    assert "Expected share of women among the speakers" in body
    assert "45,000\xa0USD" in body
    private = body.index('id="answer-bank_country"')
    assert "Liechtenstein" in body[private : private + 200]
    assert "private: never exported" in body[private : private + 300]
    assert body.count("private: never exported") == 1


def test_a_call_without_own_questions_shows_no_such_section(client, staff, kenyan):
    client.force_login(staff.working_group)
    body = client.get(f"/staff/calls/hot-summit-2022/applications/{kenyan.number}/").content
    assert b"own questions" not in body


def test_the_file_answer_links_to_its_download(client, community_staff, community_call):
    application = community_application(community_call, {})
    answer = store_upload(
        application=application,
        question_id="programme_file",
        file=SimpleUploadedFile("Programme 2027.pdf", PDF),
    )
    document = {**application.document, "answers": {"programme_file": answer}}
    Application.objects.filter(pk=application.pk).update(document=document)
    client.force_login(community_staff.working_group)
    body = client.get(PAGE.format(application.number)).content.decode()
    link = f"/staff/calls/{SLUG}/applications/{application.number}/files/programme_file/"
    assert f'<a href="{link}" download>Programme 2027.pdf (' in body
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_the_review_form_shows_under_a_criterion_the_answers_it_points_to(
    client, community_staff, answered
):
    client.force_login(community_staff.working_group)
    body = client.get(PAGE.format(answered.number)).content.decode()
    review = body[body.index('id="review-h"') :]
    programme = review[
        review.index("score_programme") - 600 : review.index('name="score_programme"')
    ]
    assert "Which topics will the programme cover?" in programme
    assert "programme.pdf (1.2\xa0MB)" in programme
    assert "45%" in programme
    community = review[: review.index('name="score_community_value"')]
    assert "Which topics" not in community
