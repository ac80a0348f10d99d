"""A call's own questions on the application form: rendered like the core fields,
checked on the server with worded errors, a condition that hides a question, an upload
kept and replaced, a required question that blocks submission, the answers in words."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from opencall.applications.models import Application
from opencall.applications.workflow import Status
from tests.applications.walk import AUDIENCE, start
from tests.fixtures.data import ROOT

pytestmark = pytest.mark.django_db

CALL_FILE = ROOT / "calls" / "community-grants-2027.toml"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONTENT = {
    "programme_url": "",
    "community_value": "Mappers meet.",
    "q_held_before": "yes",
    "q_last_report_url": "https://example.org/report-2026",
    "q_women_speakers": "45",
    "q_topics": ["local_mapping", "education"],
}
SUPPORT = {"want_grant": "on", "details_grant": "Venue", "amount_grant": "20000"}


@pytest.fixture
def grants_call(reference_version):
    """The example call with its own questions, as a practice copy open today."""
    from opencall.calls.definition import load_definition
    from opencall.staff.loading import call_install

    return call_install(definition=load_definition(CALL_FILE), practice=True).call


@pytest.fixture
def draft(client, grants_call):
    base, application = start(client, grants_call)
    return base, application


def _pdf(name: str = "Programme.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _answers(application: Application) -> dict:
    application.refresh_from_db()
    return application.document.get("answers", {})


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_a_step_renders_its_own_questions_after_the_core_fields(client, draft):
    base, _application = draft
    page = client.get(f"{base}content/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'hx-params="not q_programme_file"' in page  # the live check never posts the file
    assert page.index('name="community_value"') < page.index('name="q_held_before"')
    order = [page.index(f'name="q_{qid}"') for qid in ("held_before", "women_speakers", "topics")]
    assert order == sorted(order)
    assert (
        '<label for="id_q_women_speakers">Expected share of women among the speakers (%)</label>'
        in page
    )
    number = re.search(r'<input type="number" name="q_women_speakers"[^>]*>', page).group(0)
    assert 'min="0"' in number and 'max="100"' in number and 'step="1"' in number
    assert '<input type="radio" name="q_held_before" value="yes"' in page
    assert '<input type="checkbox" name="q_topics" value="disaster"' in page
    assert 'accept=".pdf,application/pdf,.docx,' in page
    assert '<p class="hint" id="id_q_programme_file_helptext">A draft is fine.' in page


def test_a_question_on_the_same_step_as_its_condition_says_when_it_is_asked(client, draft):
    base, _application = draft
    page = client.get(f"{base}content/").content.decode()
    wrapper = re.search(r'<div class="own-question" data-question="last_report_url"[^>]*>', page)
    assert 'data-show-if="held_before"' in wrapper.group(0)
    assert 'data-show-values="[&quot;yes&quot;]"' in wrapper.group(0)
    assert "Only if you answered “Yes” to “Has the event been held before?”." in html.unescape(page)


def test_a_wrong_number_is_worded_with_its_limits_and_kept_as_typed(client, draft):
    base, application = draft
    for typed in ("abc", "150"):
        response = client.post(f"{base}content/", {**CONTENT, "q_women_speakers": typed})
        assert response.status_code == 200
        page = response.content.decode()
        assert '<p class="field-error" id="id_q_women_speakers_error">' in page
        assert "Enter a number between 0 and 100." in page
        assert f'name="q_women_speakers" value="{typed}"' in page
    # The draft kept the answers that were right.
    assert _answers(application)["held_before"] is True
    assert "women_speakers" not in _answers(application)


def test_answers_and_a_file_are_kept_and_the_file_can_be_replaced(client, draft):
    base, application = draft
    response = client.post(f"{base}content/", {**CONTENT, "q_programme_file": _pdf()})
    assert response.status_code == 302, response.content.decode()[:3000]
    answers = _answers(application)
    assert answers["held_before"] is True
    assert answers["women_speakers"] == 45
    assert answers["topics"] == ["local_mapping", "education"]
    first = answers["programme_file"]
    assert first["name"] == "Programme.pdf" and first["size"] == len(PDF)
    assert first["type"] == "pdf"
    uploads = storages["uploads"]
    assert uploads.exists(first["key"])

    # Leaving the input empty keeps the stored file; the page names it.
    page = client.get(f"{base}content/").content.decode()
    assert "You sent Programme.pdf (" in page and "Replace it" in page
    assert client.post(f"{base}content/", CONTENT).status_code == 302
    assert _answers(application)["programme_file"] == first

    # Another file replaces it, and the old one is removed.
    response = client.post(f"{base}content/", {**CONTENT, "q_programme_file": _pdf("v2.pdf")})
    assert response.status_code == 302
    second = _answers(application)["programme_file"]
    assert second["name"] == "v2.pdf"
    assert uploads.exists(second["key"]) and not uploads.exists(first["key"])


def test_a_file_of_the_wrong_kind_is_refused_on_its_field(client, draft):
    base, application = draft
    fake = SimpleUploadedFile("programme.pdf", b"MZ\x90\x00" + b"\0" * 64)
    response = client.post(f"{base}content/", {**CONTENT, "q_programme_file": fake})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert '<p class="field-error" id="id_q_programme_file_error">' in page
    assert "This file is not of a kind this question accepts: PDF document" in page
    assert "programme_file" not in _answers(application)


def test_the_live_check_stores_no_file(client, draft, uploads_dir):
    base, application = draft
    response = client.post(f"{base}content/check/", {**CONTENT, "q_programme_file": _pdf()})
    assert response.status_code == 200
    assert "programme_file" not in _answers(application)
    assert not uploads_dir.exists() or not any(uploads_dir.rglob("*.pdf"))


def test_an_answer_whose_condition_is_not_met_is_dropped(client, draft):
    base, application = draft
    assert client.post(f"{base}content/", CONTENT).status_code == 302
    assert _answers(application)["last_report_url"] == "https://example.org/report-2026"
    response = client.post(f"{base}content/", {**CONTENT, "q_held_before": "no"})
    assert response.status_code == 302
    answers = _answers(application)
    assert answers["held_before"] is False
    assert "last_report_url" not in answers
    # Not asked, so a wrong address is no error either.
    response = client.post(
        f"{base}content/", {**CONTENT, "q_held_before": "no", "q_last_report_url": "nope"}
    )
    assert response.status_code == 302


def test_a_blank_answer_removes_the_stored_one(client, draft):
    base, application = draft
    assert client.post(f"{base}content/", CONTENT).status_code == 302
    assert client.post(f"{base}content/", {**CONTENT, "q_topics": []}).status_code == 302
    assert "topics" not in _answers(application)


def test_the_required_budget_blocks_submission_until_answered(client, draft):
    base, application = draft
    assert client.post(f"{base}audience/", AUDIENCE).status_code == 302
    page = client.get(base).content.decode()
    assert "Before you can submit, please tell us:" in page
    assert f'<a href="{base}support/">“Total budget of the event”</a>' in page
    response = client.post(f"{base}submit/", follow=True)
    assert "Before you can submit, please tell us: “Total budget of the event”." in html.unescape(
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == Status.DRAFT

    # On its step the budget is required like a core field.
    response = client.post(f"{base}support/", SUPPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<label for="id_q_budget">Total budget of the event (USD) '
        '<span class="required">(required)</span></label>' in page
    )
    assert '<p class="field-error" id="id_q_budget_error">' in page

    assert client.post(f"{base}support/", {**SUPPORT, "q_budget": "30000"}).status_code == 302
    assert _answers(application)["budget"] == 30000
    client.post(f"{base}submit/")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_answers_page_and_download_word_the_answers(client, draft):
    base, application = draft
    client.post(f"{base}content/", {**CONTENT, "q_programme_file": _pdf()})
    client.post(f"{base}support/", {**SUPPORT, "q_budget": "30000", "q_bank_country": "KE"})
    key = _answers(application)["programme_file"]["key"]
    for path in (base, f"{base}download/"):
        page = client.get(path).content.decode()
        text = _text(page)
        assert "Has the event been held before? Yes" in text
        assert "Expected share of women among the speakers 45%" in text
        assert (
            "Which topics will the programme cover? Mapping by local communities, "
            "Mapping in schools and universities" in text
        )
        assert "The programme, as a document Programme.pdf (" in text
        assert "Total budget of the event 30,000 USD" in text
        assert "Country of the bank account that would receive a grant Kenya" in text
        assert key not in page


def test_the_questions_speak_the_readers_language(client, draft):
    base, _application = draft
    client.cookies["django_language"] = "fr"
    page = html.unescape(client.get(f"{base}content/").content.decode())
    assert "Part attendue de femmes parmi les intervenants (%)" in page
    assert "L'événement a-t-il déjà eu lieu ?" in page
    assert "Cartographie par les communautés locales" in page
    response = client.post(f"{base}content/", {**CONTENT, "q_women_speakers": "150"})
    page = html.unescape(response.content.decode())
    assert "Part attendue de femmes parmi les intervenants" in page
    page = html.unescape(client.get(f"{base}support/").content.decode())
    assert "Budget total de l'événement (USD)" in page
    assert "Kenya" in page


def test_a_question_whose_condition_is_on_an_earlier_step_is_asked_only_when_met(
    client, reference_version, tmp_path
):
    from opencall.calls.definition import load_definition
    from opencall.staff.loading import call_install

    text = CALL_FILE.read_text()
    moved = text.replace(
        'id = "last_report_url"\ntype = "url"\nstep = "content"',
        'id = "last_report_url"\ntype = "url"\nstep = "participation"',
    )
    assert moved != text
    path = tmp_path / "community-grants-2027.toml"
    path.write_text(
        moved.replace(
            'reference = "../reference/hot-2022"',
            f'reference = "{ROOT / "reference" / "hot-2022"}"',
        )
    )
    call = call_install(definition=load_definition(path), practice=True).call
    base, _application = start(client, call)
    assert client.post(f"{base}content/", {**CONTENT, "q_held_before": "no"}).status_code == 302
    page = client.get(f"{base}participation/").content.decode()
    assert 'name="q_last_report_url"' not in page
    assert client.post(f"{base}content/", CONTENT).status_code == 302
    page = client.get(f"{base}participation/").content.decode()
    assert 'name="q_last_report_url"' in page
    assert "data-show-if" not in page  # asked plainly: its condition is met already


def test_a_file_that_passed_its_checks_is_kept_when_another_answer_is_refused(client, draft):
    """On a slow line the upload is what an applicant can least afford to send twice."""
    base, application = draft
    response = client.post(
        base + "content/", {**CONTENT, "q_women_speakers": "150", "q_programme_file": _pdf()}
    )
    page = _text(response.content.decode())
    assert "Enter a number between 0 and 100." in page
    assert "You sent Programme.pdf" in page
    answers = _answers(application)
    assert answers["programme_file"]["name"] == "Programme.pdf"
    assert "women_speakers" not in answers
    assert storages["uploads"].exists(answers["programme_file"]["key"])
