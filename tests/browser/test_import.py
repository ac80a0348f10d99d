"""Importing a Google Form's responses file in a real browser (issue 14): upload the
example file, see the guessed mapping, fix one column, preview with the bad rows,
import, see the result."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opencall.imports.models import ImportBatch
from tests.accounts.people import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = Path(__file__).resolve().parents[1] / "imports" / "data" / "responses-2022.csv"


def test_map_preview_import_and_see_the_result(
    page, live_server, immediate_tasks, uploads_dir, people, call_2022
):
    imports = f"/staff/calls/{call_2022.slug}/imports/"
    page.goto(live_server.url + "/accounts/login/?next=" + imports)
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Imports")).to_be_visible()
    page.get_by_role("link", name="Import a responses file").click()
    page.get_by_label("The responses file").set_input_files(str(CSV))
    page.get_by_role("button", name="Read the file").click()

    # The guessed mapping: one select per column, the timestamp recognised.
    expect(page.get_by_role("heading", name="Which column fills which field")).to_be_visible()
    expect(page.get_by_label("Timestamp", exact=True)).to_have_value("submitted_at")
    expect(page.get_by_label("Name of the event", exact=True)).to_have_value("event_name")
    scholarships = page.get_by_label("Scholarships: how much (USD)?", exact=True)
    expect(scholarships).to_have_value("")  # not guessed: fixed by hand
    scholarships.select_option("offers.scholarships.amount_usd")
    page.get_by_role("button", name="Preview the import").click()

    # The dry run: counts and each bad row by line and column.
    expect(page.get_by_role("heading", name="What the import would do")).to_be_visible()
    errors = page.get_by_role("table", name="Rows that would not be imported")
    expect(errors.get_by_role("row").filter(has_text="Email address")).to_contain_text("6")
    expect(errors).to_contain_text("“luis.gomez@” is not an email address")
    expect(errors).to_contain_text("“Wakanda” is not a country we know")
    assert not call_2022.applications.exists()
    page.get_by_role("button", name="Import 4 applications").click()

    # The batch ran in the background (at once here); its page shows the result.
    expect(page.get_by_role("heading", name="Import of “responses-2022.csv”")).to_be_visible()
    expect(page.locator("p.status")).to_have_text("Done")
    written = page.get_by_role("table", name="Applications this import wrote")
    expect(written.get_by_role("link")).to_have_count(4)
    expect(written).to_contain_text("Geo Commons Nairobi 2022")
    batch = ImportBatch.objects.get(call=call_2022)
    assert batch.imported == 4
    scholarship = call_2022.applications.get(event_name="Geo Commons Nairobi 2022")
    amounts = {o["type"]: o["amount_usd"] for o in scholarship.document["offers"]}
    assert amounts["scholarships"] == "4000"  # the column fixed by hand came in
    written.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/staff/calls/{call_2022.slug}/applications/\d+/$"))
