"""The form steps' design in a real browser: offers open when ticked (all open
without JavaScript), the live check's one summary line, the error summary."""

import datetime as dt
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from opencall.applications.models import Application
from tests.applications.walk import start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _draft(call) -> str:
    base, _draft = start(Client(), call)
    return base


def test_an_offers_details_open_when_it_is_ticked(page, live_server, open_call):
    base = _draft(open_call)
    page.goto(live_server.url + base + "support/")
    details = page.locator("textarea[name=details_scholarships]")
    expect(details).to_be_hidden()
    page.get_by_label("Scholarship programme").check()
    expect(details).to_be_visible()
    expect(page.get_by_label("Scholarship programme")).to_have_attribute("aria-expanded", "true")
    page.get_by_label("Scholarship programme").uncheck()
    expect(details).to_be_hidden()


def test_without_javascript_every_offers_details_show_and_are_saved(
    browser, live_server, open_call
):
    base = _draft(open_call)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + base + "support/")
    expect(page.locator("textarea[name=details_content_codesign]")).to_be_visible()
    page.get_by_label("Scholarship programme").check()
    page.locator("textarea[name=details_scholarships]").fill("Twenty travel grants")
    page.locator("input[name=amount_scholarships]").fill("4000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(re.escape(base) + "$"))
    offers = Application.objects.get().document["offers"]
    assert [(o["type"], o["details"], o["amount_usd"]) for o in offers] == [
        ("scholarships", "Twenty travel grants", "4000")
    ]
    context.close()


def test_the_live_check_is_one_line_whose_details_stay_open_as_answers_change(
    page, live_server, open_call
):
    base = _draft(open_call)
    page.goto(live_server.url + base + "when-where/")
    check = page.locator("#live-check")
    # Server-side, the check judges the steps already saved: the first one passes.
    expect(check.locator(".verdict")).to_have_text("So far this meets the call's rules")
    check.locator("summary").click()
    expect(check.locator(".check-lines")).to_be_visible()
    page.get_by_label("City").fill("Nairobi")
    page.get_by_label("Country").select_option("KE")
    before = (open_call.event_window_start - dt.timedelta(days=10)).isoformat()
    page.get_by_label("First day").fill(before)
    page.get_by_label("Last day").fill(before)
    page.get_by_label("Last day").blur()
    expect(check.locator(".verdict")).to_have_text("1 thing to look at")
    expect(check.locator(".check-lines")).to_be_visible()  # still open after the redraw


def test_a_refused_step_lists_its_errors_first_and_links_to_each_field(
    page, live_server, open_call
):
    page.goto(live_server.url + f"/calls/{open_call.slug}/apply/")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    summary.get_by_role("link", name="Name of the event").click()
    expect(page.get_by_label("Name of the event")).to_be_focused()
    assert not Application.objects.exists()
