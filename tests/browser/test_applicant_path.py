"""The applicant's whole path in a real browser: start, leave, resume from the
emailed link, submit, edit before the deadline, refusal after it; and the live
eligibility check with and without JavaScript."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencall.applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/a/[0-9a-f-]{36}/[0-9a-f]{40}/")


def _link_in_mail(smtp_server, to: str, count: int) -> str:
    """The private link of the `count`-th mail to this address (1 is the first)."""
    mails = smtp_server.wait_for(count, to=to)
    match = LINK.search(mails[count - 1].text)
    assert match, mails[count - 1].text
    return match.group(0)


def _fill_event(page, *, event_format: str = "conference") -> None:
    page.get_by_label("Name of the event").fill("State of the Map Kenya")
    page.locator(f"input[name=format][value={event_format}]").check()
    page.get_by_label("Organising team or organisation").fill("OpenStreetMap Kenya")
    page.get_by_label("Your name").fill("Wanjiru")
    page.get_by_label("Your email").fill("wanjiru@example.org")


def test_applicant_starts_leaves_resumes_submits_edits_and_is_refused_after_the_deadline(
    browser, live_server, site_url, smtp_server, immediate_tasks, open_call
):
    context = browser.new_context(locale="en-GB", timezone_id="Africa/Nairobi")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("Practice copy")).click()
    # The deadline in the reader's own time zone, and a countdown.
    expect(page.locator("time[data-countdown]")).to_contain_text("Africa/Nairobi")
    expect(page.locator(".countdown")).to_contain_text("days")
    page.get_by_role("link", name="Start your application").click()

    _fill_event(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Step 2: When and where")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Your draft is saved")
    page.get_by_label("City").fill("Nairobi")
    page.get_by_label("Country").select_option("KE")
    context.close()  # the applicant leaves

    link = _link_in_mail(smtp_server, "wanjiru@example.org", 1)
    context = browser.new_context(locale="en-GB", timezone_id="Africa/Nairobi")
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="State of the Map Kenya")).to_be_visible()
    page.locator("a.edit[href$='/when-where/']").click()
    day = (open_call.event_window_end - dt.timedelta(days=30)).isoformat()
    page.get_by_label("First day").fill(day)
    page.get_by_label("Last day").fill(day)
    page.get_by_label("City").fill("Nairobi")
    page.get_by_label("Country").select_option("KE")
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=scope][value=regional]").check()
    page.locator("input[name=serves_countries][value=UG]").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#live-check")).to_contain_text("Geography")
    page.get_by_label("Link to the published agenda or call for proposals").fill(
        "https://example.org/programme"
    )
    page.locator("input[name=themes][value=osm]").check()
    page.get_by_label("What value does the event bring").fill(
        "Mappers from five countries of the region meet and learn together."
    )
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=registration][value=open]").check()
    page.locator("input[name=code_of_conduct][value=in_place]").check()
    page.get_by_label("Link to the code of conduct").fill("https://example.org/coc")
    page.get_by_role("button", name="Save and continue").click()
    page.locator("input[name=want_scholarships]").check()
    page.locator("textarea[name=details_scholarships]").fill("Twenty travel grants")
    page.locator("input[name=amount_scholarships]").fill("4000")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator(".messages")).to_contain_text("Your application is submitted")
    expect(page.locator(".status")).to_contain_text("Under review")  # screened at once

    # The confirmation carries the link to view and edit until the call closes.
    link = _link_in_mail(smtp_server, "wanjiru@example.org", 2)
    page.goto(link)
    page.locator("a.edit[href$='/event/']").click()
    page.get_by_label("Name of the event").fill("State of the Map Kenya 2022")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("Your changes are saved")
    expect(page.get_by_role("heading", name="State of the Map Kenya 2022")).to_be_visible()

    open_call.closes_at = timezone.now() - dt.timedelta(minutes=1)
    open_call.opens_at = open_call.closes_at - dt.timedelta(days=30)
    open_call.save()
    page.goto(link)
    expect(page.locator(".notice").first).to_contain_text("no longer be changed")
    expect(page.locator("a.edit")).to_have_count(0)
    page.goto(link + "event/")
    expect(page.get_by_role("alert")).to_contain_text("no longer be changed")
    page.goto(live_server.url + f"/calls/{open_call.slug}/apply/")
    expect(page.get_by_role("alert")).to_contain_text("not accepting applications")
    assert Application.objects.get().event_name == "State of the Map Kenya 2022"
    context.close()


def test_the_live_check_tells_a_mapathon_organiser_at_once_with_javascript(
    page, live_server, open_call
):
    page.goto(live_server.url + f"/calls/{open_call.slug}/apply/")
    page.locator("input[name=format][value=mapathon]").check()
    # No submit: htmx asks the server to check the answers as they change.
    expect(page.locator("#live-check")).to_contain_text("This call is not for this kind of event")
    expect(page.locator("#live-check")).to_contain_text("info@hotosm.org")
    # Given the country, the check names that country's hub instead of HOT's team.
    page.get_by_label("Country of the event").select_option("KE")
    expect(page.locator("#live-check")).to_contain_text("esahub@hotosm.org")
    assert not Application.objects.exists()


def test_a_mapathon_organiser_learns_the_hub_on_step_1_without_javascript(
    browser, live_server, open_call
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + f"/calls/{open_call.slug}/apply/")
    expect(page.locator("#live-check")).to_be_hidden()
    _fill_event(page, event_format="mapathon")
    page.get_by_role("button", name="Save and continue").click()
    # No country yet: the page asks for it, and stores nothing.
    # Said once beside the field, and listed in the error summary at the top.
    expect(page.locator("#id_country_error")).to_contain_text("Choose the event's country")
    expect(page.locator(".error-summary")).to_contain_text("Country of the event")
    page.get_by_label("Country of the event").select_option("KE")
    page.get_by_role("button", name="Save and continue").click()
    # The hub for that country, at once; nothing stored, no draft to come back to.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eastern and Southern Africa")
    expect(page.locator("a[href='mailto:esahub@hotosm.org']")).to_be_visible()
    assert not Application.objects.exists()
    page.get_by_role("button", name="Change my answers").click()
    expect(page.get_by_label("Name of the event")).to_have_value("State of the Map Kenya")
    context.close()


def test_the_applicants_page_prints_as_one_clean_document_of_their_answers(
    page, live_server, open_call
):
    from opencall.applications.links import private_path
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(call=open_call)
    page.goto(live_server.url + private_path(application))
    # The copy made to print is one link away (tests/browser/test_copies.py).
    copy_link = page.get_by_role("link", name="Your copy, to print or save")
    expect(copy_link).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(copy_link).to_be_hidden()
    expect(page.locator("details.new-link")).to_be_hidden()
    expect(page.locator(".status-banner")).to_be_visible()
    expect(page.locator(".your-answers")).to_contain_text(application.event_name)


def test_the_countdown_speaks_the_readers_language_in_singular_and_plural(
    browser, live_server, open_call
):
    import datetime as dt

    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])
    page = context.new_page()
    # One day, one hour and one minute before the deadline (and some seconds).
    page.clock.set_fixed_time(
        open_call.closes_at - dt.timedelta(days=1, hours=1, minutes=1, seconds=30)
    )
    page.goto(live_server.url + f"/calls/{open_call.slug}/")
    expect(page.locator(".countdown")).to_have_text("il reste 1 jour, 1 heure et 1 minute")
    page.clock.set_fixed_time(open_call.closes_at - dt.timedelta(days=3, minutes=5, seconds=30))
    page.reload()
    expect(page.locator(".countdown")).to_have_text("il reste 3 jours, 0 heure et 5 minutes")
    context.close()
