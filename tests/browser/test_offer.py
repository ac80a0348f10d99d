"""The accepted applicant answers the offer from their private page, on a phone
(issue 17): one confirms (the collaboration opens), the other declines (the resources
return and staff see it on the selection page)."""

import pytest
from playwright.sync_api import expect

from opencall.applications.links import private_path
from opencall.applications.models import Application
from opencall.collaborations.models import Collaboration
from opencall.selection import selectors, services
from tests.browser.test_selection import _sign_in
from tests.fixtures.selection import decide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_the_applicant_confirms_and_another_declines_from_the_private_page(
    browser, live_server, shortlist, people, call_2022
):
    kenya, paris = shortlist["kenya"], shortlist["paris"]
    decide(kenya, people, "accepted", ["scholarships"])
    decide(paris, people, "accepted", ["sponsorship_funding"])
    services.decisions_release(call=call_2022, user=people.call_admin)
    base = live_server.url

    # Kenya confirms: the collaboration opens.
    context, page = _phone(browser)
    page.goto(base + private_path(kenya))
    offer = page.locator("#offer")
    expect(offer).to_contain_text("What we offer")
    expect(offer).to_contain_text("Please answer by")
    offer.get_by_role("button", name="Confirm: we accept this support").click()
    expect(page.locator(".messages")).to_contain_text("You confirmed the offer")
    expect(page.locator("#offer")).to_contain_text("You confirmed this offer on")
    expect(page.locator("#offer button")).to_have_count(0)
    expect(page.locator(".status-banner")).to_contain_text("We are working together")
    context.close()
    assert Collaboration.objects.filter(application=kenya).exists()

    # Paris declines, saying why: the sponsorship returns to its pool.
    assert selectors.committed(call=call_2022)["sponsorship_usd"] == 5000
    context, page = _phone(browser)
    page.goto(base + private_path(paris))
    page.get_by_label("If you decline, why? (optional)").fill("Our venue fell through.")
    page.get_by_role("button", name="Decline the offer").click()
    expect(page.locator(".messages")).to_contain_text("You declined the offer")
    expect(page.locator("#offer")).to_contain_text("You declined this offer on")
    expect(page.locator("#offer")).to_contain_text("What we offered")
    context.close()
    assert Application.objects.get(pk=paris.pk).status == "closed"
    assert not Collaboration.objects.filter(application=paris).exists()
    assert "sponsorship_usd" not in selectors.committed(call=call_2022)

    # Staff see each offer's answer on the selection page.
    context, page = _sign_in(browser, base, "admin", f"/staff/calls/{call_2022.slug}/selection/")
    candidates = page.locator("table.candidates")
    expect(candidates).to_contain_text("Confirmed by the applicant")
    expect(candidates).to_contain_text("Declined by the applicant")
    context.close()
