"""Another organisation's call, loaded from its file, in a real browser (issue 16): an
applicant answers the call's own questions with and without JavaScript, uploads the
programme and submits; the extra criteria decide with their reasons; a reviewer reads
the answers and downloads the file."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opencall.applications.models import Application
from tests.accounts.people import make_staff
from tests.browser.test_reviewing import _sign_in
from tests.fixtures.data import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALL_FILE = ROOT / "calls" / "community-grants-2027.toml"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def grants_call(reference_version):
    from opencall.calls.definition import load_definition
    from opencall.staff.loading import call_install

    return call_install(definition=load_definition(CALL_FILE), practice=True).call


def _first_steps(page, base: str, call, email: str) -> None:
    page.goto(f"{base}/calls/{call.slug}/apply/")
    page.get_by_label("Name of the event").fill("Mapping Lake Victoria")
    page.locator("input[name=format][value=conference]").check()
    page.get_by_label("Organising team or organisation").fill("OSM Uganda")
    page.get_by_label("Your name").fill("Akello")
    page.get_by_label("Your email").fill(email)
    page.get_by_role("button", name="Save and continue").click()
    day = call.event_window_start.replace(day=20).isoformat()
    page.get_by_label("First day").fill(day)
    page.get_by_label("Last day").fill(day)
    page.get_by_label("City").fill("Kampala")
    page.get_by_label("Country").select_option("UG")
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=scope][value=national]").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=re.compile("Content"))).to_be_visible()


def test_an_applicant_answers_the_calls_own_questions_uploads_and_a_reviewer_reads_them(
    browser, live_server, smtp_server, immediate_tasks, grants_call, tmp_path
):
    make_staff(grants_call)
    context = browser.new_context(locale="en-GB", timezone_id="Africa/Kampala")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _first_steps(page, live_server.url, grants_call, "akello@example.org")

    # The report's link is asked only once the event was held before.
    report = page.get_by_label("Link to the report of the last edition")
    expect(report).to_be_hidden()
    page.locator("input[name=q_held_before][value=yes]").check()
    expect(report).to_be_visible()
    report.fill("https://example.org/lake-victoria-2026")
    page.get_by_label("Expected share of women among the speakers (%)").fill("45")
    page.get_by_label("Mapping in schools and universities").check()
    programme = tmp_path / "programme.pdf"
    programme.write_bytes(PDF)
    page.get_by_label("The programme, as a document").set_input_files(str(programme))
    page.get_by_label("What value does the event bring").fill(
        "Mappers from the lake's three countries meet and map together."
    )
    page.locator("input[name=themes][value=osm]").check()
    page.get_by_label("Link to the published agenda or call for proposals").fill(
        "https://example.org/agenda"
    )
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=registration][value=open]").check()
    page.locator("input[name=code_of_conduct][value=in_place]").check()
    page.get_by_role("button", name="Save and continue").click()

    # The budget decides at once, in the live check, with its reason.
    budget = page.get_by_label("Total budget of the event (USD)")
    budget.fill("60000")
    budget.press("Tab")
    expect(page.locator("#live-check")).to_contain_text("above the limit of 50,000")
    budget.fill("30000")
    budget.press("Tab")
    expect(page.locator("#live-check")).not_to_contain_text("above the limit")
    page.get_by_label("Country of the bank account that would receive a grant").select_option("UG")
    page.locator("input[name=want_grant]").check()
    page.locator("input[name=amount_grant]").fill("12000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("main")).to_contain_text("programme.pdf")
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator(".messages")).to_contain_text("Your application is submitted")
    context.close()

    application = Application.objects.get()
    answers = application.document["answers"]
    assert answers["budget"] == 30000
    assert answers["programme_file"]["name"] == "programme.pdf"
    assert answers["last_report_url"] == "https://example.org/lake-victoria-2026"
    criteria = application.screening.result["criteria"]
    assert criteria["budget_cap"]["result"] == "pass"
    assert criteria["programme_uploaded"]["result"] == "pass"

    # A reviewer reads the answers, the criteria's reasons, and downloads the file.
    context, page = _sign_in(browser, live_server.url, "wg")
    page.goto(f"{live_server.url}/staff/calls/{grants_call.slug}/")
    page.get_by_role("link", name="Mapping Lake Victoria").click()
    answers_part = page.locator("#own-answers")
    expect(answers_part).to_contain_text("30,000 USD")
    expect(answers_part).to_contain_text("Mapping in schools and universities")
    expect(answers_part).to_contain_text("45")
    expect(page.locator("main")).to_contain_text("The programme is uploaded")
    with page.expect_download() as download:
        answers_part.get_by_role("link", name=re.compile("programme.pdf")).click()
    assert download.value.suggested_filename == "programme.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    context.close()


def test_without_javascript_the_conditional_question_says_when_to_answer_it(
    browser, live_server, smtp_server, immediate_tasks, grants_call
):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _first_steps(page, live_server.url, grants_call, "nojs@example.org")
    report = page.get_by_label("Link to the report of the last edition")
    expect(report).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "Only if you answered “Yes” to “Has the event been held before?”"
    )
    page.locator("input[name=q_held_before][value=no]").check()
    report.fill("https://example.org/never-held")
    page.get_by_label("Expected share of women among the speakers (%)").fill("150")
    page.get_by_role("button", name="Save and continue").click()
    # Refused with its reason; what was typed stays.
    expect(page.locator("main")).to_contain_text("Enter a number between 0 and 100.")
    expect(page.get_by_label("Expected share of women among the speakers (%)")).to_have_value("150")
    page.get_by_label("Expected share of women among the speakers (%)").fill("50")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=re.compile("Participation"))).to_be_visible()
    answers = Application.objects.get().document["answers"]
    assert answers == {"held_before": False, "women_speakers": 50}
    context.close()
