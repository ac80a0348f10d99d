"""The reviewers' workspace in a real browser: a working group member and a hub
manager sign in, review and score the same application, talk with the applicant
(who answers through their private link from the email), and shortlist it."""

import re

import pytest
from playwright.sync_api import expect

from opencall.applications.models import Application, ApplicationEvent
from opencall.reviews.models import Review
from opencall.screening.services import screening_refresh
from tests.accounts.people import PASSWORD, make_staff
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/a/[0-9a-f-]{36}/[0-9a-f]{40}/")
SCORES = {
    "community_value": "5",
    "themes_fit": "4",
    "priority_reach": "5",
    "accessibility": "3",
    "feasibility": "4",
}


def _sign_in(browser, base: str, username: str):
    context = browser.new_context(locale="en-GB", timezone_id="Africa/Nairobi")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/staff/")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My calls")).to_be_visible()
    return context, page


def _open_application(page, event: str) -> None:
    page.get_by_role("link", name=re.compile("HOT Summit 2022")).click()
    expect(page.get_by_role("heading", name="Applications")).to_be_visible()
    page.get_by_role("link", name=event).click()
    expect(page.get_by_role("heading", name=event, exact=True)).to_be_visible()


def _score(page, scores: dict[str, str], comment: str) -> None:
    for code, value in scores.items():
        page.locator(f"select[name=score_{code}]").select_option(value)
    page.get_by_label("Your comment (private)").fill(comment)
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".messages")).to_contain_text("Your review is submitted.")


def _move(page, label: str, reason: str) -> None:
    page.locator("#id_move_target").select_option(label=label)
    page.locator("#id_move_reason").fill(reason)
    page.locator("#move").get_by_role("button", name="Move").click()
    expect(page.locator("#status")).to_have_text(label)


def test_working_group_and_hub_manager_review_talk_with_the_applicant_and_shortlist(
    browser, live_server, site_url, smtp_server, immediate_tasks, call_2022
):
    make_staff(call_2022)  # wg, hub-esa, hub-ap, admin...
    application = ApplicationFactory(call=call_2022)
    screening_refresh(application=application)
    event = "State of the Map Kenya"

    wg_context, wg = _sign_in(browser, live_server.url, "wg")
    _open_application(wg, event)
    expect(wg.locator("#review")).to_contain_text("The team's scores show once you submit")
    _score(wg, SCORES, "Strong community, clear plan.")
    expect(wg.locator("#review-count")).to_have_text("1")

    hub_context, hub = _sign_in(browser, live_server.url, "hub-esa")
    _open_application(hub, event)
    _score(hub, {**SCORES, "feasibility": "2", "accessibility": "2"}, "Ambitious budget.")
    expect(hub.locator("#review-count")).to_have_text("2")
    # The hub manager asks about the unclear programme in one click.
    hub.get_by_role("button", name="Ask the applicant about “A published programme”").click()
    expect(hub.locator(".messages")).to_contain_text("The applicant is asked about")

    wg.reload()
    expect(wg.locator("#review-count")).to_have_text("2")
    wg.get_by_label("Message to the applicant").fill("Could we talk about scholarships on Friday?")
    wg.get_by_role("button", name="Send to the applicant").click()
    expect(wg.locator(".messages")).to_contain_text("Message sent to the applicant.")
    _move(wg, "In conversation", "We are talking with them.")

    # The applicant gets both mails and answers through the private link.
    mails = smtp_server.wait_for(2, to="wanjiru@example.org")
    assert "Could we talk about scholarships on Friday?" in "".join(m.text for m in mails)
    link = LINK.search(mails[-1].text).group(0)
    applicant_context = browser.new_context(locale="en-GB")
    applicant = applicant_context.new_page()
    applicant.goto(link + "messages/")
    expect(applicant.locator(".thread")).to_contain_text("Could we talk about scholarships")
    expect(applicant.locator(".thread")).to_contain_text("Information requested")
    expect(applicant.locator(".thread")).not_to_contain_text("Strong community")
    applicant.get_by_label("Your answer").fill("Friday works. Programme: https://example.org/p")
    applicant.get_by_role("button", name="Send").click()
    expect(applicant.locator(".messages")).to_contain_text("Your answer is sent.")

    wg.reload()
    expect(wg.locator("#conversation")).to_contain_text("Friday works.")
    hub.reload()
    _move(hub, "Resource check", "HOT can cover scholarships.")
    wg.reload()
    _move(wg, "Shortlisted", "Fits the regional priorities.")

    application = Application.objects.get(pk=application.pk)
    assert application.status == "shortlisted"
    assert Review.objects.filter(application=application, state="submitted").count() == 2
    moves = ApplicationEvent.objects.filter(application=application, kind="status")
    assert [(e.new, e.user.username) for e in moves] == [
        ("in_conversation", "wg"),
        ("resource_check", "hub-esa"),
        ("shortlisted", "wg"),
    ]
    expect(wg.locator("#timeline")).to_contain_text("Resource check → Shortlisted")
    for context in (wg_context, hub_context, applicant_context):
        context.close()
