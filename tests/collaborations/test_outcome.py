"""The outcome report (issue 13): its figures on a small instance checked by hand, the
hub filter, who may read it, and the per-event table as CSV and XLSX."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from opencall.applications.models import Application
from opencall.collaborations import services
from opencall.collaborations.models import Collaboration
from opencall.collaborations.outcome import NO_HUB, outcome
from opencall.reference.models import Country
from opencall.selection import selectors as selection_selectors
from opencall.selection.models import ResourcePool
from tests.fixtures.selection import decide
from tests.fixtures.selection import release_and_confirm as release_and_open

pytestmark = pytest.mark.django_db

PAGE = "/staff/calls/hot-summit-2022/outcome/"


@pytest.fixture
def achieved(shortlist, people, call_2022, django_capture_on_commit_callbacks):
    """Kenya (ESA hub) and Paris (no hub) accepted and released; both report and spend.
    Kenya: 40 + 60 people, 3 scholarships, its open content kept; one deliverable
    delivered, one dropped; USD 3,000 of 4,000 spent, then closed. Paris: 120 + 0,
    USD 5,000 of 5,000 spent, still open. Manila declined."""
    kenya, paris = shortlist["kenya"], shortlist["paris"]
    Application.objects.filter(pk=kenya.pk).update(
        scope="international",
        document={
            **kenya.document,
            "start_date": "2022-09-10",
            "end_date": "2022-09-12",
            "scope": "international",
            "virtual_component": True,
            "open_publication": True,
            "code_of_conduct": "planned",
        },
    )
    decide(kenya, people, "accepted", ["scholarships", "content_codesign"])
    decide(paris, people, "accepted", ["sponsorship_funding"])
    decide(shortlist["manila"], people, "declined")
    with django_capture_on_commit_callbacks(execute=True):
        release_and_open(call=call_2022, user=people.call_admin)
    usd = {pool.code: pool for pool in ResourcePool.objects.filter(call=call_2022, unit="usd")}
    ke = Collaboration.objects.get(application=kenya)
    fr = Collaboration.objects.get(application=paris)
    services.deliverable_move(
        deliverable=ke.deliverables.get(offer_code="scholarships"),
        status="delivered",
        user=people.hub_esa,
    )
    services.deliverable_move(
        deliverable=ke.deliverables.get(offer_code="content_codesign"),
        status="dropped",
        user=people.hub_esa,
        reason="No speakers",
    )
    services.commitment_answer(
        commitment=ke.commitments.get(kind="open_content"),
        links=["https://example.org/ke-videos"],
    )
    services.commitment_waive(
        commitment=ke.commitments.get(kind="code_of_conduct"),
        user=people.call_admin,
        reason="Theirs is the national OSM chapter's",
    )
    services.commitment_answer(
        commitment=ke.commitments.get(kind="virtual_component"),
        links=["https://example.org/ke-stream"],
    )
    services.report_file(
        collaboration=ke,
        attendance_in_person=40,
        attendance_online=60,
        scholarships_used=3,
        links=["https://example.org/ke-slides", "https://example.org/ke-videos"],
        worked="The community day",
        differently='=HYPERLINK("http://evil")',
    )
    services.spending_set(
        collaboration=ke,
        pool=usd["scholarships_usd"],
        amount=Decimal(3000),
        user=people.call_admin,
    )
    services.collaboration_close(collaboration=ke, user=people.call_admin)
    services.report_file(collaboration=fr, attendance_in_person=120, scholarships_used=0)
    services.spending_set(
        collaboration=fr,
        pool=usd["sponsorship_usd"],
        amount=Decimal(5000),
        user=people.call_admin,
    )
    return {"kenya": kenya, "paris": paris, "pools": usd}


def test_the_figures_of_a_small_instance_checked_by_hand(achieved, call_2022):
    Country.objects.filter(version_id=call_2022.reference_version_id, iso2="KE").update(
        priority=True
    )
    Country.objects.filter(version_id=call_2022.reference_version_id, iso2="FR").update(
        priority=False
    )
    figures = outcome(call=call_2022)
    assert sorted(e.name for e in figures.events) == ["FOSS4G Europe", "State of the Map Kenya"]
    assert [(c.label, c.count) for c in figures.by_country] == [("France", 1), ("Kenya", 1)]
    hubs = {c.code: c.count for c in figures.by_hub}
    assert hubs == {"esa": 1, NO_HUB: 1}
    assert {(c.code, c.count) for c in figures.by_scope} == {("international", 2)}
    assert figures.priority_reached == ["Kenya"]
    assert (figures.in_person, figures.online, figures.people) == (160, 60, 220)
    assert (figures.reports, figures.scholarships_used) == (2, 3)
    # Kenya: scholarships delivered, co-design dropped; Paris: sponsorship open.
    assert (figures.deliverables.done, figures.deliverables.dropped) == (1, 1)
    assert figures.deliverables.open == 1
    # Kenya: content and stream kept, code of conduct waived; Paris: its own.
    paris = next(e for e in figures.events if e.name == "FOSS4G Europe")
    kenya = next(e for e in figures.events if e.name == "State of the Map Kenya")
    assert (kenya.commitments.done, kenya.commitments.dropped, kenya.commitments.open) == (2, 1, 0)
    assert kenya.links == (
        "https://example.org/ke-videos",
        "https://example.org/ke-slides",
    )  # the kept commitment's, then the report's, once each
    assert paris.links == ()
    pools = {f.pool.code: f for f in figures.pools}
    assert (pools["scholarships_usd"].committed, pools["scholarships_usd"].spent) == (
        Decimal(4000),
        Decimal(3000),
    )
    assert pools["scholarships_usd"].returned == Decimal(1000)  # Kenya closed
    assert (pools["sponsorship_usd"].committed, pools["sponsorship_usd"].spent) == (
        Decimal(5000),
        Decimal(5000),
    )
    use = selection_selectors.pool_use(call=call_2022)
    assert {code: (u.committed, u.spent) for code, u in use.items()} == {
        f.pool.code: (f.committed, f.spent) for f in figures.pools if f.pool.code in use
    }


def test_the_hub_filter_keeps_one_hubs_events_and_their_pools(achieved, call_2022):
    esa = outcome(call=call_2022, hub="esa")
    assert [e.name for e in esa.events] == ["State of the Map Kenya"]
    pools = {f.pool.code: f for f in esa.pools}
    assert pools["sponsorship_usd"].committed == Decimal(0)
    assert pools["scholarships_usd"].spent == Decimal(3000)
    assert (esa.in_person, esa.online) == (40, 60)
    without = outcome(call=call_2022, hub=NO_HUB)
    assert [e.name for e in without.events] == ["FOSS4G Europe"]
    # The choices list every hub of the call's events, whichever is shown.
    assert {code for code, _name in esa.hub_choices} == {"esa", NO_HUB}


def test_a_hub_manager_reads_the_figures_of_the_events_they_may_see(client, achieved, people):
    client.force_login(people.hub_esa)
    page = client.get(PAGE).content.decode()
    assert "State of the Map Kenya" in page and "FOSS4G Europe" not in page


def test_the_page_shows_the_figures_as_text_and_bars(client, achieved, people):
    client.force_login(people.call_admin)
    page = client.get(PAGE).content.decode()
    assert "What the call achieved" in page
    assert "160 in person, 60 online, from 2 reports" in page
    assert "1 delivered, 1 dropped, 1 still open" in page
    assert 'class="bar"' in page and "1 event" in page
    assert "https://example.org/ke-slides" in page
    assert "USD\xa03,000 of USD\xa04,000 used" in page
    filtered = client.get(PAGE + "?hub=esa").content.decode()
    assert "State of the Map Kenya" in filtered and "FOSS4G Europe" not in filtered
    assert 'href="/staff/calls/hot-summit-2022/outcome.csv?hub=esa"' in filtered


def test_people_outside_the_call_may_not_read_it(client, achieved, people):
    for person in (people.outsider, people.nobody):
        client.force_login(person)
        for path in (PAGE, "/staff/calls/hot-summit-2022/outcome.csv"):
            assert client.get(path).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302  # to sign in


def test_the_csv_and_xlsx_hold_the_per_event_table_with_safe_cells(
    client, achieved, people, call_2022
):
    Application.objects.filter(pk=achieved["paris"].pk).update(event_name="=SUM(A1:A9)")
    client.force_login(people.call_admin)
    response = client.get("/staff/calls/hot-summit-2022/outcome.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_event = {row["Event"]: row for row in rows}
    assert set(by_event) == {"State of the Map Kenya", "'=SUM(A1:A9)"}
    kenya = by_event["State of the Map Kenya"]
    assert (kenya["People in person"], kenya["People online"]) == ("40", "60")
    assert (kenya["Deliverables delivered"], kenya["Deliverables dropped"]) == ("1", "1")
    assert kenya["Commitments kept"] == "2"
    scholarships = ResourcePool.objects.get(call=call_2022, code="scholarships_usd").label
    assert kenya[f"{scholarships}: committed (US dollars)"] == "4000"
    assert kenya[f"{scholarships}: spent (US dollars)"] == "3000"
    assert kenya["Content published openly"] == (
        "https://example.org/ke-videos https://example.org/ke-slides"
    )
    assert (kenya["Starts"], kenya["Ends"]) == ("2022-09-10", "2022-09-12")

    response = client.get("/staff/calls/hot-summit-2022/outcome.xlsx?hub=-")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"].endswith(f'outcome-no-hub-{today}.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Reference", "Event", "Open Mapping Hub"]
    assert len(values) == 2
    assert values[1][1] == "=SUM(A1:A9)"  # as written, and text, never a formula
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=2).quotePrefix
    assert values[1][7] == 120  # a number stays a number
