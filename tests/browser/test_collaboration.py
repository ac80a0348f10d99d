"""The second half of a call in a real browser (issue 13): the release, and the
organiser's confirmation of the offer, open the collaboration with its deliverables and
commitments; an owner marks the deliverables;
the organiser answers a commitment and files the report through their private link;
spending is recorded; the collaboration closes; the outcome report and the public map
of the distributed Summit show it."""

import re

import pytest
from playwright.sync_api import expect

from opencall.applications.models import Application
from opencall.collaborations.models import Collaboration
from tests.browser.test_selection import _sign_in
from tests.fixtures.selection import decide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/a/[0-9a-f-]{36}/[0-9a-f]{40}/")


def test_release_collaborate_report_spend_close_and_show_what_it_achieved(
    browser, live_server, site_url, smtp_server, immediate_tasks, shortlist, people, call_2022
):
    kenya = shortlist["kenya"]
    Application.objects.filter(pk=kenya.pk).update(
        document={
            **kenya.document,
            "start_date": "2022-09-10",
            "end_date": "2022-09-11",
            "scope": "international",
            "open_publication": True,
        }
    )
    kenya.refresh_from_db()
    decide(kenya, people, "accepted", ["scholarships", "content_codesign"])
    base = live_server.url
    slug = call_2022.slug
    collaboration_path = f"/staff/calls/{slug}/applications/{kenya.number}/collaboration/"

    # The call administrator releases the decisions; the organiser confirms the offer
    # from their private link: the collaboration opens.
    context, page = _sign_in(browser, base, "admin", f"/staff/calls/{slug}/selection/")
    page.get_by_role("button", name="Release the decisions and send the mails").click()
    expect(page.locator(".messages")).to_contain_text("1 decision released")
    assert not Collaboration.objects.filter(application=kenya).exists()
    mail = smtp_server.wait_for(1, to=kenya.email)[0]
    organiser = browser.new_context(locale="en-GB")
    private = organiser.new_page()
    private.goto(LINK.search(mail.text).group(0))
    private.get_by_role("button", name="Confirm: we accept this support").click()
    expect(private.locator(".messages")).to_contain_text("You confirmed the offer")
    organiser.close()
    page.goto(base + collaboration_path)
    deliverables = page.locator("#deliverables")
    expect(deliverables).to_contain_text("Scholarship programme")
    expect(deliverables).to_contain_text("Content co-design")
    expect(page.locator("main")).to_contain_text("Publish the event's content openly")
    context.close()

    # An owner marks the deliverables.
    context, page = _sign_in(browser, base, "wg", collaboration_path)
    for offer in ("Scholarship programme", "Content co-design"):
        row = page.locator("article.deliverable", has_text=offer)
        row.get_by_role("button", name="Mark “Delivered”").click()
        expect(page.locator(".messages")).to_contain_text("is now “Delivered”")
    context.close()

    # The organiser answers the commitment and files the report through the private link.
    mail = smtp_server.wait_for(1, to=kenya.email)[0]
    link = LINK.search(mail.text).group(0)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    expect(page.locator("#collaboration")).to_contain_text("What you promised")
    for what, address in (
        ("Open the event to people online", "https://example.org/sotm-kenya/live"),
        ("Publish the event's content openly", "https://example.org/sotm-kenya/videos"),
    ):
        promise = page.locator("li.promise", has_text=what)
        promise.get_by_label(f"The link(s) that show it ({what}), one per line").fill(address)
        promise.get_by_role("button", name="Send the link(s)").click()
        expect(page.locator(".messages")).to_contain_text("Thank you")
    page.get_by_role("link", name="Write the report").click()
    page.get_by_label("People who came in person").fill("140")
    page.get_by_label("People who took part online").fill("320")
    page.get_by_label("Countries of the participants").select_option(["KE", "UG"])
    page.get_by_label("Scholarships used").fill("9")
    page.get_by_label("Recordings, slides and other content").fill(
        "https://example.org/sotm-kenya/slides"
    )
    page.get_by_label("What worked").fill("The mapping track brought new mappers.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".messages")).to_contain_text("Your report is saved")
    context.close()

    # The call administrator records what was spent and closes the collaboration.
    context, page = _sign_in(browser, base, "admin", collaboration_path)
    page.get_by_label("Spent in all from Scholarships (USD)").fill("3000")
    page.locator("#spend-scholarships_usd").get_by_role("button", name="Record").click()
    expect(page.locator("#spend-scholarships_usd")).to_contain_text("3,000")
    expect(page.locator("#close")).to_contain_text("Everything is settled")
    page.get_by_role("button", name="Close the collaboration").click()
    expect(page.locator(".messages")).to_contain_text("The collaboration is closed.")
    assert Collaboration.objects.get(application=kenya).closed_at is not None
    assert Application.objects.get(pk=kenya.pk).status == "closed"

    # The outcome report shows it.
    page.goto(f"{base}/staff/calls/{slug}/outcome/")
    outcome = page.locator("main")
    expect(outcome).to_contain_text(kenya.event_name)
    expect(outcome).to_contain_text("460")  # people reached: 140 in person, 320 online
    expect(outcome).to_contain_text("https://example.org/sotm-kenya/videos")
    context.close()

    # The public page of the distributed Summit: on the map, and in the list by region.
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{base}/calls/{slug}/supported/")
    expect(page.locator("main")).to_contain_text(kenya.event_name)
    expect(page.locator("main")).to_contain_text("https://example.org/sotm-kenya/videos")
    expect(page.locator("#summit-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(kenya.email)
    context.close()
