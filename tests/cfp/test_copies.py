"""Copies (issue 17, item 4). "Your copy": what the applicant sent, every answer of every
step with the form's labels, the reference and the moment it was sent, through the
private link only, as a page that prints and as a file to keep. "The questions of this
call": every question the form will ask, in order, with its limits and conditions, on one
public page and as a file, to prepare offline."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from opencall.applications.document import ApplicationDocument
from opencall.applications.links import private_path
from opencall.applications.models import Application
from opencall.applications.steps import STEPS
from opencall.calls.texts import moment_in_words
from opencall.cfp.forms import step_form
from opencall.reviews.services import note_add
from tests.applications.walk import (
    AUDIENCE,
    CONTENT,
    PARTICIPATION,
    SUPPORT,
    WHEN_WHERE,
    start,
)
from tests.factories import ApplicationFactory
from tests.fixtures.data import ROOT

pytestmark = pytest.mark.django_db

GRANTS_FILE = ROOT / "calls" / "community-grants-2027.toml"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def grants_call(reference_version):
    """The example call with its own questions, as a practice copy open today."""
    from opencall.calls.definition import load_definition
    from opencall.staff.loading import call_install

    return call_install(definition=load_definition(GRANTS_FILE), practice=True).call


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def _get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _sent(client, call, **changed) -> tuple[str, Application]:
    """An application filled on every step (`changed` replaces a step's answers, by its
    slug) and submitted."""
    base, application = start(client, call)
    day = call.event_window_start.replace(day=20).isoformat()
    answers = {
        "when-where": {**WHEN_WHERE, "start_date": day, "end_date": day},
        "audience": AUDIENCE,
        "content": CONTENT,
        "participation": PARTICIPATION,
        "support": SUPPORT,
        **{slug.replace("_", "-"): data for slug, data in changed.items()},
    }
    for slug, data in answers.items():
        response = client.post(f"{base}{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    assert client.post(f"{base}submit/").status_code == 302
    application.refresh_from_db()
    assert application.submitted_at is not None
    return base, application


def _form_labels(call) -> dict[str, list[str]]:
    """Every label of every step's page form (core fields, offers, own questions asked
    on an empty form), by step: what both views must name."""
    labels = {}
    for step in STEPS:
        form = step_form(step, None, call=call, document=ApplicationDocument())
        labels[step.slug] = [
            str(field.label) for name, field in form.fields.items() if not name.startswith("q_")
        ]
    return labels


# The questions of a call, on one page ----------------------------------------------------


def test_the_questions_page_names_every_question_of_the_2022_call_in_the_forms_order(
    client, open_call
):
    text = _text(_get(client, f"/calls/{open_call.slug}/questions/"))
    position = 0
    for step in STEPS:
        heading = f"Step {step.number}: {step.title}"
        assert heading in text
        assert text.index(heading) > position
        position = text.index(heading)
    for slug, labels in _form_labels(open_call).items():
        for label in labels:
            if label in ("What would you like, in a few words?", "Amount in US dollars"):
                continue  # asked once for every kind of support ticked: below
            assert label in text, (slug, label)
    assert "Name of the event (required) Text, at most 200 characters." in text
    assert "Who is the event's audience? (required) Choose one: Regional:" in text
    assert "Scholarship programme: Support for a scholarship programme" in text
    assert (
        "What would you like, in a few words? For each kind of support you tick. "
        "Text, at most 5,000 characters." in text
    )
    assert (
        "Amount in US dollars For: Scholarship programme, Sponsorship and funding. "
        "A number of at least 0. At most 2 decimals." in text
    )
    assert "How many people do you expect? A number of at least 0. Whole numbers only." in text
    # The countries are named as a list to choose from, never listed in full.
    assert "Countries, chosen from a list." in text and "Zimbabwe" not in text
    # The key dates, in words.
    assert f"Applications close on {open_call.dates.deadline}" in text
    assert f"Decisions by {open_call.dates.decision_date}" in text


def test_the_questions_page_words_the_calls_own_questions_limits_and_conditions(
    client, grants_call
):
    text = _text(_get(client, f"/calls/{grants_call.slug}/questions/"))
    for question in grants_call.own_questions:
        assert question.label_in("en") in text, question.id
    assert (
        "Link to the report of the last edition Only if you answered “Yes” to “Has the "
        "event been held before?”. A page or a document that says what the last edition "
        "achieved. A web address, starting with https://" in text
    )
    assert (
        "Expected share of women among the speakers A number between 0 and 100. "
        "Whole numbers only. Unit: %." in text
    )
    assert "Has the event been held before? Yes or no." in text
    assert (
        "Which topics will the programme cover? Tick any that apply: Mapping by local "
        "communities Disaster preparedness and response Mapping in schools and universities"
    ) in text
    assert "The programme, as a document A draft is fine." in text
    assert "A file of one of these kinds: PDF document, " in text and ", at most 5 MB." in text
    assert (
        "Total budget of the event (required) Every cost of the event, whoever pays it, in US "
        "dollars. A number between 0 and 10,000,000. Whole numbers only. Unit: USD." in text
    )
    assert "Only the call's team reads this answer: it is never exported or published." in text
    # On its step, after the core fields.
    assert text.index("Step 4: Content") < text.index("Has the event been held before?")
    assert text.index("What value does the event bring") < text.index("Has the event been held")
    assert text.index("Total budget of the event") > text.index("Step 6: Support")


def test_the_questions_are_linked_from_the_call_page_and_step_one(client, open_call):
    link = f'href="/calls/{open_call.slug}/questions/"'
    assert link in _get(client, f"/calls/{open_call.slug}/")
    assert link in _get(client, f"/calls/{open_call.slug}/apply/")


def test_the_questions_download_as_one_file_that_loads_nothing(client, grants_call):
    response = client.get(f"/calls/{grants_call.slug}/questions/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{grants_call.slug}-questions.html"'
    )
    page = response.content.decode()
    _assert_self_contained(response, page)
    assert "Expected share of women among the speakers" in page


def test_the_questions_of_a_closed_call_still_show_without_a_start_link(client, call_2022):
    page = _get(client, f"/calls/{call_2022.slug}/questions/")
    assert "Applications closed on" in _text(page)
    assert f"/calls/{call_2022.slug}/apply/" not in page


def test_an_unknown_call_has_no_questions_page(client, open_call):
    assert client.get("/calls/no-such-call/questions/").status_code == 404
    assert client.get("/calls/no-such-call/questions/download/").status_code == 404


def test_the_questions_speak_french(client, grants_call):
    client.cookies["django_language"] = "fr"
    text = _text(_get(client, f"/calls/{grants_call.slug}/questions/")).replace("\u00a0", " ")
    assert "Étape 1 : L'événement" in text
    assert "Nom de l'événement (obligatoire)" in text
    assert "Dans quelle langue souhaitez-vous que nous vous écrivions ? (obligatoire)" in text
    assert "Part attendue de femmes parmi les intervenants" in text
    assert (
        "Lien vers le bilan de la dernière édition Seulement si vous avez répondu « Oui » à "
        "« L'événement a-t-il déjà eu lieu ? »." in text
    )
    assert "Pas encore connu Oui Non" in text
    with translation.override("fr"):
        deadline = grants_call.dates.deadline.replace("\u00a0", " ")
    assert f"Fin des candidatures le {deadline}" in text
    assert "janvier" in deadline and "January" not in text


# Your copy -------------------------------------------------------------------------------


def test_your_copy_has_every_answer_with_the_forms_labels_the_reference_and_the_moment(
    client, open_call
):
    base, application = _sent(client, open_call)
    text = _text(_get(client, f"{base}copy/"))
    assert f"Reference: {application.ref}" in text
    assert f"Sent on {moment_in_words(application.submitted_at, open_call)}" in text
    assert "(UTC)" in text  # the call's time zone, named
    assert "Draft — not sent yet" not in text
    for step in STEPS:
        assert f"Step {step.number}: {step.title}" in text
    for expected in (
        "Name of the event State of the Map Kenya",
        "What kind of event is it? Conference",
        "Organising team or organisation OpenStreetMap Kenya",
        "Your name Wanjiru Your email wanjiru@example.org",
        "Which language should we write to you in? English",
        "City Nairobi Country Kenya How many people do you expect? 300",
        "Languages of the event English, Swahili",
        "Who is the event's audience? Regional:",
        "Can people take part online (a virtual component)? Yes",
        "Will the content be published openly after the event? Not yet known",
        "Countries whose community members the event serves Kenya, Uganda",
        "Link to the published agenda or call for proposals https://example.org/programme",
        "Which of these themes does the event touch? OpenStreetMap data or communities, "
        "Data for disaster response",
        "Does the event have a code of conduct? Not yet, but we plan to write one",
        "Link to the code of conduct Not answered",
        "Scholarship programme 20 grants Amount in US dollars: USD 4,000",
    ):
        assert expected in text, expected
    day = open_call.event_window_start.replace(day=20)
    assert f"First day {day.day} {day:%B %Y}" in text
    # Step 1's country is asked only of a kind of event the call does not take.
    assert "Country of the event" not in text
    # Every label of the form is there but those of blank additions and other offers.
    for labels in _form_labels(open_call).values():
        for label in labels:
            if label in text:
                continue
            assert label in {
                "Country of the event",
                "Another organiser's name",
                "Their email",
                "Other languages",
                "What would you like, in a few words?",
            } or label in {offer.label for offer in open_call.offers.all()} | {"Something else"}


def test_a_drafts_copy_says_it_was_not_sent(client, open_call):
    base, _draft = start(client, open_call)
    text = _text(_get(client, f"{base}copy/"))
    assert "Draft — not sent yet" in text
    assert "Sent on" not in text
    assert "Who is the event's audience? Not answered" in text
    assert "What would you like from us? Not answered" in text


def test_your_copy_keeps_to_what_was_sent_own_and_private_answers_included_staff_data_not(
    client, grants_call, django_user_model
):
    pdf = SimpleUploadedFile("Programme.pdf", PDF, content_type="application/pdf")
    base, application = _sent(
        client,
        grants_call,
        content={
            "programme_url": "",
            "community_value": "Mappers meet.\nAnd map.",
            "q_held_before": "no",
            "q_women_speakers": "45",
            "q_topics": ["local_mapping"],
            "q_programme_file": pdf,
        },
        support={
            "want_grant": "on",
            "details_grant": "Venue",
            "amount_grant": "20000",
            "q_budget": "30000",
            "q_bank_country": "KE",
        },
    )
    staff = django_user_model.objects.create_user("reviewer", password="x" * 12)
    note_add(application=application, author=staff, body="Staff only: weak programme")
    for path in (f"{base}copy/", f"{base}download/"):
        page = client.get(path).content.decode()
        text = _text(page)
        assert "Has the event been held before? No" in text
        assert "Link to the report of the last edition" not in text  # not asked: "No"
        assert "Expected share of women among the speakers 45%" in text
        assert "The programme, as a document Programme.pdf (" in text
        assert "Total budget of the event 30,000 USD" in text
        # Their own private answer: they see it.
        assert "Country of the bank account that would receive a grant Kenya" in text
        assert "Mappers meet.<br>And map." in page
        # Nothing of the file but its name and size; nothing staff wrote or judged.
        assert application.document["answers"]["programme_file"]["key"] not in page
        assert "Staff only" not in page
        assert "eligible" not in text.lower()
        assert "screening" not in text.lower()


def test_your_copy_is_private_never_cached_nor_indexed_and_prints_alone(client, open_call):
    base, _application = _sent(client, open_call)
    response = client.get(f"{base}copy/")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "/static/css/copy.css" in page
    assert f'href="{base}download/"' in page
    assert "Save as PDF" in page


def test_your_copy_downloads_as_one_self_contained_file(client, open_call):
    base, application = _sent(client, open_call)
    response = client.get(f"{base}download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{application.ref}.html"'
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    _assert_self_contained(response, page)
    assert "Name of the event State of the Map Kenya" in _text(page)
    assert base not in page  # the private link stays out of a file that may be passed on


def _assert_self_contained(response, page: str) -> None:
    assert "<script" not in page
    assert "<link" not in page
    assert "src=" not in page
    assert "/static/" not in page
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "@page { size: A4" in style
    assert 'a[href^="http"]:not(.bare)::after { content: " (" attr(href) ")"' in style
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("suffix", ["copy/", "download/"])
def test_only_the_private_link_opens_your_copy(client, open_call, suffix):
    application = ApplicationFactory(call=open_call)
    other = ApplicationFactory(call=open_call, email="someone@example.org")
    own_token = private_path(application).rstrip("/").rsplit("/", 1)[1]
    other_token = private_path(other).rstrip("/").rsplit("/", 1)[1]
    for path in (
        f"/a/{application.public_id}/{other_token}/{suffix}",  # another application's key
        f"/a/{application.public_id}/{'0' * len(own_token)}/{suffix}",  # a made-up key
        f"/a/{uuid.uuid4()}/{own_token}/{suffix}",  # the key on another address
    ):
        assert client.get(path).status_code == 404, path
    assert client.get(private_path(application) + suffix).status_code == 200

    # A renewed link: the old one gets what any wrong link gets.
    old = private_path(application)
    Application.objects.filter(pk=application.pk).update(access_key="renewed-key")
    application.refresh_from_db()
    assert client.get(old + suffix).status_code == 404
    assert client.get(private_path(application) + suffix).status_code == 200


def test_the_applicants_page_links_to_the_copy(client, open_call):
    base, _application = start(client, open_call)
    page = _get(client, base)
    assert f'href="{base}copy/"' in page
    assert f'href="{base}download/"' in page


def test_your_copy_speaks_french(client, grants_call):
    base, application = _sent(
        client, grants_call, support={"want_grant": "on", "q_budget": "30000"}
    )
    client.cookies["django_language"] = "fr"
    text = _text(_get(client, f"{base}copy/")).replace("\u00a0", " ")
    assert "Étape 1 : L'événement" in text
    assert "Nom de l'événement State of the Map Kenya" in text
    assert "Budget total de l'événement 30 000 USD" in text
    assert application.ref in text
    # The moment sent, in French words.
    with translation.override("fr"):
        sent = moment_in_words(application.submitted_at, grants_call).replace("\u00a0", " ")
    assert sent in text
