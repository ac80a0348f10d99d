"""Co-organisers in a real browser (issue 17, item 5): the first contact gives a
co-organiser a link from the private page; the co-organiser opens it and changes a
step; the staff timeline says who changed what; the first contact revokes the link
and it stops working."""

import datetime as dt

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.people import make_staff
from tests.applications.walk import fill_all, start
from tests.browser.test_selection import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_give_a_link_edit_as_co_organiser_read_the_timeline_and_revoke(
    browser, live_server, site_url, immediate_tasks, open_call
):
    make_staff(open_call)
    client = Client()
    base, draft = start(client, open_call)
    day = (open_call.event_window_end - dt.timedelta(days=10)).isoformat()
    fill_all(client, base, dates=(day, day))
    assert client.post(base + "submit/").status_code == 302

    first = browser.new_context(locale="en-GB")
    page = first.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + base)
    page.locator("summary", has_text="Give a co-organiser a link").click()
    page.get_by_label("Their name").fill("Amina Odhiambo")
    page.get_by_label("Their email address").fill("amina@example.org")
    page.get_by_label("The language of their mail").select_option("fr")
    page.get_by_role("button", name="Make their link").click()
    expect(page.locator(".messages")).to_contain_text("Amina Odhiambo has a link of their own")
    link = page.get_by_label("Amina Odhiambo's link, to copy and send them").input_value()
    assert link.startswith(live_server.url + base.rsplit("/", 2)[0] + "/")
    assert link.rstrip("/") != (live_server.url + base).rstrip("/")

    second = browser.new_context(locale="en-GB")
    theirs = second.new_page()
    theirs.set_default_timeout(15_000)
    theirs.goto(link)
    expect(theirs.locator("#co-organisers")).to_contain_text(
        "You opened this application as Amina Odhiambo, a co-organiser"
    )
    expect(theirs.get_by_text("Revoke this link and send me a new one")).to_have_count(0)
    theirs.locator("a.edit[href$='/when-where/']").click()
    theirs.get_by_label("City").fill("Mombasa")
    theirs.get_by_role("button", name="Save changes").click()
    expect(theirs.locator(".messages")).to_contain_text("Your changes are saved.")
    expect(theirs.locator(".your-answers")).to_contain_text("Mombasa")

    staff, desk = _sign_in(
        browser,
        live_server.url,
        "admin",
        f"/staff/calls/{open_call.slug}/applications/{draft.number}/",
    )
    timeline = desk.locator("#timeline")
    expect(timeline).to_contain_text("Wanjiru (applicant) · link given to Amina Odhiambo")
    expect(timeline).to_contain_text("Amina Odhiambo (applicant)")
    expect(timeline).to_contain_text("Mombasa")

    page.reload()
    page.locator("#co-organisers").get_by_role("button", name="Revoke this link").click()
    expect(page.locator(".messages")).to_contain_text("Amina Odhiambo's link no longer works.")
    expect(page.get_by_label("Amina Odhiambo's link, to copy and send them")).to_have_count(0)
    assert theirs.goto(link).status == 404

    desk.reload()
    expect(desk.locator("#timeline")).to_contain_text("link revoked for Amina Odhiambo")
    for context in (first, second, staff):
        context.close()
