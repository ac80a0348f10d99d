"""The main pages in a real browser under the Content-Security-Policy: nothing refused.

Chromium reports every blocked script, style, image or frame on the console ("Refused
to ..." or "... violates the following Content Security Policy directive"); htmx's
indicator style and the API docs are the usual culprits.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.people import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SIGNS = ("Refused to", "Content Security Policy", "Permissions-Policy")


def _watch(page) -> list[str]:
    """Console messages of refused content, or of a header the browser cannot read."""
    refused: list[str] = []

    def note(message) -> None:
        if any(sign in message.text for sign in SIGNS):
            refused.append(f"{page.url}: {message.text}")

    page.on("console", note)
    return refused


def test_main_pages_raise_no_csp_violation(browser, live_server, shortlist, open_call, call_2022):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = _watch(page)
    base = live_server.url

    page.goto(base + "/")
    expect(page.locator("time[data-countdown]").first).to_be_visible()
    page.goto(base + f"/calls/{open_call.slug}/")
    expect(page.locator(".countdown")).to_contain_text("days")
    page.goto(base + f"/calls/{open_call.slug}/apply/")
    page.locator("input[name=format][value=mapathon]").check()
    expect(page.locator("#live-check")).to_contain_text("This call is not for this kind of event")

    page.goto(base + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()

    page.goto(base + "/accounts/login/?next=/staff/")
    page.get_by_label("Username").fill("wg")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My calls")).to_be_visible()
    page.goto(base + f"/staff/calls/{call_2022.slug}/")
    page.locator("select[name=status]").select_option(index=1)
    expect(page).to_have_url(re.compile(r"status="))
    page.goto(base + f"/staff/calls/{call_2022.slug}/selection/")
    expect(page.get_by_role("heading", name="Selection: HOT Summit 2022")).to_be_visible()
    page.goto(base + f"/staff/calls/{call_2022.slug}/applications/{shortlist['kenya'].number}/")
    expect(page.get_by_role("heading", name="State of the Map Kenya", exact=True)).to_be_visible()
    context.close()

    assert refused == []
