"""Copies in a real browser (issue 17, item 4): an organiser on a metered connection
reads the call, opens its questions on one page and keeps them as a file, then applies,
submits, opens "Your copy" (which prints without the site around it) and keeps it too;
both files open offline."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opencall.applications.models import Application
from tests.browser.test_own_questions import CALL_FILE, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grants_call(reference_version):
    from opencall.calls.definition import load_definition
    from opencall.staff.loading import call_install

    return call_install(definition=load_definition(CALL_FILE), practice=True).call


def _opened_offline(browser, target: Path):
    """A downloaded file, opened later from the disk with no connection at all."""
    context = browser.new_context(offline=True, locale="en-GB")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(target.as_uri())
    return context, page, requests


def test_an_organiser_keeps_the_questions_applies_and_keeps_a_copy_of_what_they_sent(
    browser, live_server, smtp_server, immediate_tasks, grants_call, tmp_path
):
    base = live_server.url
    context = browser.new_context(locale="en-GB", timezone_id="Africa/Kampala")
    page = context.new_page()
    page.set_default_timeout(15_000)

    # The call, then its questions on one page, next to the start button.
    page.goto(f"{base}/calls/{grants_call.slug}/")
    page.get_by_role("link", name=re.compile("Read all the questions first")).click()
    expect(page.get_by_role("heading", name="Step 4: Content")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Only if you answered “Yes” to “Has the event been held before?”.")
    expect(main).to_contain_text("A number between 0 and 100. Whole numbers only. Unit: %.")
    expect(main).to_contain_text("Total budget of the event (required)")
    with page.expect_download() as questions_download:
        page.get_by_role("link", name="Download the questions").click()
    questions_file = questions_download.value
    assert questions_file.suggested_filename == f"{grants_call.slug}-questions.html"
    questions_path = tmp_path / "questions.html"
    questions_file.save_as(questions_path)

    # Start from there, fill every step, submit.
    page.get_by_role("link", name="Start your application").click()
    page.get_by_label("Name of the event").fill("Mapping Lake Victoria")
    page.locator("input[name=format][value=conference]").check()
    page.get_by_label("Organising team or organisation").fill("OSM Uganda")
    page.get_by_label("Your name").fill("Akello")
    page.get_by_label("Your email").fill("akello@example.org")
    page.get_by_role("button", name="Save and continue").click()
    day = grants_call.event_window_start.replace(day=20).isoformat()
    page.get_by_label("First day").fill(day)
    page.get_by_label("Last day").fill(day)
    page.get_by_label("City").fill("Kampala")
    page.get_by_label("Country").select_option("UG")
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=scope][value=national]").check()
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=q_held_before][value=yes]").check()
    page.get_by_label("Link to the report of the last edition").fill(
        "https://example.org/lake-victoria-2026"
    )
    page.get_by_label("Expected share of women among the speakers (%)").fill("45")
    programme = tmp_path / "programme.pdf"
    programme.write_bytes(PDF)
    page.get_by_label("The programme, as a document").set_input_files(str(programme))
    page.get_by_label("What value does the event bring").fill("Mappers of three countries meet.")
    page.locator("input[name=themes][value=osm]").check()
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=registration][value=open]").check()
    page.locator("input[name=code_of_conduct][value=in_place]").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Total budget of the event (USD)").fill("30000")
    page.get_by_label("Country of the bank account that would receive a grant").select_option("UG")
    page.locator("input[name=want_grant]").check()
    page.locator("textarea[name=details_grant]").fill("The venue")
    page.locator("input[name=amount_grant]").fill("12000")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator(".messages")).to_contain_text("Your application is submitted")
    application = Application.objects.get()

    # Your copy: every answer, the reference, the moment it was sent.
    page.get_by_role("link", name="Your copy, to print or save").click()
    copy = page.locator("article.copy")
    expect(copy).to_contain_text(f"Reference: {application.ref}")
    expect(copy).to_contain_text(re.compile(r"Sent on \d+ \w+ \d{4} at \d\d:\d\d \(UTC"))
    for answer in (
        "Name of the event Mapping Lake Victoria",
        "Link to the report of the last edition https://example.org/lake-victoria-2026",
        "Expected share of women among the speakers 45%",
        "The programme, as a document programme.pdf (",
        "Total budget of the event 30,000 USD",
        "Country of the bank account that would receive a grant Uganda",
        "The venue Amount in US dollars: USD 12,000",
    ):
        expect(copy).to_contain_text(answer)
    expect(copy).not_to_contain_text("Draft")

    # Printed: the copy alone, black on white, the site's header and buttons gone.
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.get_by_role("link", name="Download this copy")).to_be_hidden()
    expect(copy).to_be_visible()
    assert copy.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    call_link = copy.get_by_role("link", name=grants_call.title)
    after = call_link.evaluate("e => getComputedStyle(e, '::after').content")
    assert f"/calls/{grants_call.slug}/" in after  # the link's address is printed
    page.emulate_media(media="screen")

    with page.expect_download() as copy_download:
        page.get_by_role("link", name="Download this copy").click()
    assert copy_download.value.suggested_filename == f"{application.ref}.html"
    copy_path = tmp_path / "copy.html"
    copy_download.value.save_as(copy_path)
    context.close()

    # Later, offline: both files open and load nothing.
    context, page, requests = _opened_offline(browser, copy_path)
    expect(page.get_by_role("heading", name="Mapping Lake Victoria")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Total budget of the event 30,000 USD")
    assert requests == [page.url]
    context.close()
    context, page, requests = _opened_offline(browser, questions_path)
    expect(page.get_by_role("heading", name="Step 6: Support you would like")).to_be_visible()
    assert requests == [page.url]
    context.close()
