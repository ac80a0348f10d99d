"""Late access in a real browser (issue 17, item 2): after the close, a call
administrator grants one applicant time until a day they choose, with a reason; the
applicant gets the link by mail, sees until when they may send, and submits; the
screening says the deadline was met within the extension."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencall.applications.links import private_url
from opencall.applications.models import Application
from opencall.screening.models import ScreeningResult
from tests.browser.test_selection import _sign_in
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_grant_late_access_then_the_applicant_submits_after_the_close(
    browser, live_server, site_url, smtp_server, immediate_tasks, people, call_2022
):
    draft = ApplicationFactory(call=call_2022, status="draft", email="late@example.org")
    day = (timezone.now() + dt.timedelta(days=2)).astimezone(call_2022.tzinfo).date()

    context, page = _sign_in(browser, live_server.url, "admin", f"/staff/calls/{call_2022.slug}/")
    page.get_by_role("link", name="Late access").first.click()
    page.get_by_label("The applicant's email address").fill("late@example.org")
    page.get_by_label("May send until (day)").fill(day.isoformat())
    page.get_by_label("Why (staff see this on the timeline)").fill("Power cut on the last day")
    page.get_by_role("button", name="Grant late access and mail the link").click()
    expect(page.locator(".messages")).to_contain_text(f"{draft.ref} may send until")
    expect(page.locator("#late-rows")).to_contain_text("late@example.org")

    received = smtp_server.wait_for(1)
    assert list(received[0].rcpt_tos) == ["late@example.org"]
    assert private_url(draft) in received[0].text

    applicant = context.browser.new_context(locale="en-GB").new_page()
    applicant.goto(private_url(draft))
    expect(applicant.locator(".status-banner")).to_contain_text("the selection team gave you until")
    applicant.get_by_role("button", name="Submit my application").click()
    expect(applicant.locator(".messages")).to_contain_text("Your application is submitted")

    sent = Application.objects.get(pk=draft.pk)
    assert sent.status == "screened"
    deadline = ScreeningResult.objects.get(application=sent).result["criteria"]["DEADLINE"]
    assert deadline["code"] == "deadline.extended"
    context.close()
