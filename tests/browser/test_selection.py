"""The selection in a real browser: run the optimiser, lock an application out,
run again, compare both scenarios, decide, sign off as the Working Group and as the
hub's community manager, and release the decisions."""

import pytest
from playwright.sync_api import expect

from opencall.applications.models import Application
from opencall.selection.models import Scenario
from tests.accounts.people import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser, base: str, username: str, path: str):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/accounts/login/?next=" + path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def _run(page, name: str) -> None:
    page.get_by_label("Name of this scenario").fill(name)
    page.get_by_role("button", name="Run the optimiser").click()
    expect(page.locator(".messages")).to_contain_text(f"Scenario “{name}” is running.")
    # The task ran in the background; the scenarios panel polls until it is done.
    expect(page.locator("table.compare thead")).to_contain_text(name)
    expect(page.locator("#scenarios")).not_to_contain_text("Running…")


def test_run_lock_rerun_compare_decide_sign_off_and_release(
    browser, live_server, site_url, smtp_server, immediate_tasks, shortlist, people, call_2022
):
    kenya, paris = shortlist["kenya"], shortlist["paris"]
    selection = f"/staff/calls/{call_2022.slug}/selection/"
    context, page = _sign_in(browser, live_server.url, "wg", selection)
    expect(page.get_by_role("heading", name="Selection: HOT Summit 2022")).to_be_visible()
    # No hub bounds for this small shortlist: West Africa has no candidate.
    page.locator("input[name=hub_wna_min]").fill("0")
    _run(page, "Everything")
    page.locator(f"select[name='lock_{paris.ref}']").select_option("out")
    page.locator("input[name=hub_wna_min]").fill("0")
    _run(page, "Without Paris")

    # Side by side: one column per scenario, newest first; Paris's row is marked.
    columns = page.locator("table.compare thead th")
    expect(columns).to_have_count(2)
    expect(columns.first).to_contain_text("Without Paris")
    expect(page.locator("#scenarios")).to_contain_text(f"− #{paris.number:04d}")
    expect(page.locator("table.compare tr.changed")).to_contain_text(paris.event_name)
    expect(page.locator("table.compare")).to_contain_text("Picked by hand")
    expect(page.locator("table.compare svg.bar").first).to_be_visible()
    assert Scenario.objects.filter(call=call_2022, state="done").count() == 2

    page.get_by_role("link", name=f"#{kenya.number:04d}", exact=True).click()
    page.locator("input[name=outcome][value=accepted]").check()
    page.locator("input[name=offers][value=scholarships]").check()
    page.get_by_label("Reason, for the applicant").fill(
        "A regional programme that reaches five priority countries."
    )
    page.get_by_role("button", name="Propose the decision").click()
    expect(page.locator(".messages")).to_contain_text("now needs its sign-offs")
    page.get_by_role("button", name="Sign off as the Working Group").click()
    expect(page.locator(".messages")).to_contain_text("Signed off.")
    # Given once, the sign-off is not offered again.
    expect(page.get_by_text("You signed off on")).to_be_visible()
    expect(page.get_by_role("button", name="Sign off as the Working Group")).to_have_count(0)
    context.close()

    context, page = _sign_in(
        browser,
        live_server.url,
        "hub-esa",
        f"/staff/calls/{kenya.call.slug}/applications/{kenya.number}/decision/",
    )
    page.get_by_role("button", name="Sign off as the hub's community manager").click()
    expect(page.locator(".messages")).to_contain_text("The decision is final.")
    context.close()
    assert Application.objects.get(pk=kenya.pk).status == "accepted"

    context, page = _sign_in(browser, live_server.url, "admin", selection)
    expect(page.get_by_text("1 final decision is ready to be released.")).to_be_visible()
    page.get_by_role("button", name="Release the decisions and send the mails").click()
    expect(page.locator(".messages")).to_contain_text("1 decision released")
    context.close()

    # Released, the accepted event is told; its collaboration waits for the applicant to
    # confirm the offer (issue 17; tests/browser/test_offer.py).
    assert Application.objects.get(pk=kenya.pk).status == "notified"
    mail = smtp_server.wait_for(1, to="wanjiru@example.org")[0]
    assert "Good news" in mail.subject
    assert "Scholarship programme" in mail.text
