"""Every staff page fits a phone and a desktop without scrolling the page sideways
(issue 12): wide tables turn into cards or scroll inside their own box, the staff bar
wraps and folds the account's links into a menu. In English and in French, whose
words are longer."""

import pytest

from opencall.selection import selectors, services
from opencall.selection.models import Scenario
from tests.accounts.people import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)


def _pages(call, shortlist) -> dict[str, str]:
    kenya, manila = shortlist["kenya"], shortlist["manila"]
    base = f"/staff/calls/{call.slug}/"
    return {
        "home": "/staff/",
        "queue": base,
        "application": f"{base}applications/{kenya.number}/",
        "assignments": f"{base}assignments/",
        "screening": f"{base}screening/",
        "screening detail": f"{base}applications/{kenya.number}/screening/",
        "selection": f"{base}selection/",
        "decision": f"{base}applications/{manila.number}/decision/",
        "tokens": "/accounts/tokens/",
    }


def test_no_staff_page_scrolls_sideways_on_a_phone_or_a_desktop(
    browser, live_server, shortlist, people, call_2022
):
    params = {**selectors.default_params(call=call_2022), "hubs": {}}
    for name in ("A first scenario with a long name", "Fewer scholarships"):
        scenario = Scenario.objects.create(
            call=call_2022, name=name, params=params, created_by=people.working_group
        )
        services.scenario_run(scenario=scenario)
    services.decision_propose(
        application=shortlist["manila"],
        outcome="accepted",
        offers=["comms_promotion"],
        reason="A regional summit that reaches three priority countries.",
        user=people.working_group,
    )
    too_wide = []
    for language in ("en", "fr"):
        context = browser.new_context(locale="en-GB")
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/accounts/login/")
        page.locator("input[name=username]").fill("admin")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/staff/")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for name, path in _pages(call_2022, shortlist).items():
                response = page.goto(live_server.url + path)
                assert response.status == 200, (name, response.status)
                scroll, inner = page.evaluate(
                    "[document.documentElement.scrollWidth, window.innerWidth]"
                )
                if scroll > inner:
                    too_wide.append((language, width, name, scroll))
        context.close()
    assert too_wide == []
