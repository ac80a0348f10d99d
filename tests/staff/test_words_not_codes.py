"""Staff pages speak in words (issue 12): amounts carry their unit, hubs, offers, mails
and edited answers show by the names people use, never by their codes."""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import translation

from opencall.applications.document import ApplicationDocument
from opencall.applications.services import application_save_step
from opencall.mail.sending import note_on_timeline
from opencall.selection import selectors, services
from opencall.selection.amounts import amount_text
from opencall.selection.models import ResourcePool, Scenario
from opencall.staff import timeline
from opencall.staff.templatetags.staff_tags import by_pool, in_unit

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
PAGE = f"/staff/calls/{SLUG}/selection/"
PART = f"/staff/calls/{SLUG}/selection/scenarios/"
HUB_CODES = ("ap", "esa", "wna", "lac")


def _html(user, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _cells(html: str) -> list[str]:
    return [cell.split("<")[0].strip() for cell in re.split(r"<td[^>]*>", html)[1:]]


# The helper ---------------------------------------------------------------------------


def test_an_amount_carries_its_unit_in_the_readers_locale():
    assert amount_text(6000, "usd") == "USD\xa06,000"
    assert amount_text(Decimal("2500.50"), "usd") == "USD\xa02,500.50"
    assert amount_text(24.0, "hours") == "24\xa0h"
    assert amount_text(None, "usd") == "—"
    with translation.override("fr"):
        assert amount_text(1234, "hours") == "1\xa0234\xa0h"


def test_the_filters_write_a_pools_amount_with_its_unit(call_2022):
    scholarships = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    hours = ResourcePool.objects.get(call=call_2022, code="content_hours")
    pools = {pool.code: pool for pool in (scholarships, hours)}
    assert in_unit(Decimal("6000.00"), scholarships) == "USD\xa06,000"
    assert in_unit(30, "hours") == "30\xa0h"
    costs = {"content_hours": Decimal(24), "scholarships_usd": Decimal(6000)}
    assert by_pool(costs, pools) == [(scholarships, "USD\xa06,000"), (hours, "24\xa0h")]


# The selection pages -------------------------------------------------------------------


def _run(call, user):
    params = {**selectors.default_params(call=call), "hubs": {}}
    scenario = Scenario.objects.create(call=call, name="words", params=params, created_by=user)
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done", scenario.error
    return scenario


def test_the_selection_page_shows_amounts_with_units_and_hubs_by_name(shortlist, call_2022, people):
    _run(call_2022, people.working_group)
    html = _html(people.working_group, PAGE)
    assert "Scholarship programme · USD\xa04,000" in html
    assert "scholarships_usd" not in html.replace('name="pool_scholarships_usd"', "").replace(
        'id="id_pool_scholarships_usd"', ""
    ).replace('for="id_pool_scholarships_usd"', "")
    assert "content_hours<" not in html and " content_hours" not in html
    cells = _cells(html)
    # A hub by its region, its full name as a tooltip.
    assert (
        '<span title="Open Mapping Hub - Eastern and Southern Africa">'
        "Eastern and Southern Africa</span>"
    ) in html
    assert not set(HUB_CODES) & set(cells)
    assert "Asia Pacific: at least" in html
    assert "By hand (greedy)" not in html and "greedy" not in html
    assert "Picked by hand" in html
    assert "Value: that score raised by the call’s preferences" in html


def test_the_scenarios_say_hubs_pools_and_amounts_in_words(shortlist, call_2022, people):
    _run(call_2022, people.working_group)
    html = _html(people.working_group, PART)
    assert "Eastern and Southern Africa: 1" in html
    assert "Asia Pacific: 1" in html
    assert "No hub region: 1" in html  # France is in no hub's region
    pool = html[html.index('<th scope="row">Sponsorship and funding (USD)</th>') :]
    assert re.search(r"USD\xa0[\d,]+ of USD\xa0[\d,]+ used", pool.split("</tr>")[0])
    assert "sponsorship_usd" not in html
    assert "optimal gives" not in html and "0.0 % more" not in html


def test_a_hub_manager_still_sees_other_hubs_only_as_a_count(shortlist, call_2022, people):
    _run(call_2022, people.working_group)
    html = _html(people.hub_esa, PART)
    assert "Eastern and Southern Africa: 1" in html
    assert "other: 2" in html
    assert "Asia Pacific" not in html
    assert "USD\xa0" in html[html.index("Not shown to you") :]


def test_the_decision_page_names_hub_granted_offers_and_costs_with_units(shortlist, people):
    manila = shortlist["manila"]
    services.decision_propose(
        application=manila,
        outcome="accepted",
        offers=["comms_promotion"],
        reason="A strong regional summit.",
        user=people.working_group,
    )
    html = _html(
        people.working_group, f"/staff/calls/{SLUG}/applications/{manila.number}/decision/"
    )
    assert 'Hub: <span title="Open Mapping Hub - Asia Pacific">Asia Pacific</span>' in html
    decided = html[html.index("<strong>Accepted</strong>") :].split("</p>")[0]
    assert "Communication and promotion" in decided
    assert "comms_promotion" not in decided
    assert any(cell.endswith("\xa0h") for cell in _cells(html))


# The timeline --------------------------------------------------------------------------


def test_the_timeline_names_a_mail_by_its_label_and_its_fate(kenyan):
    mail = SimpleNamespace(
        application_id=kenyan.pk,
        key="draft_started",
        status="sent",
        last_error="",
        public_id="x",
        to="a@example.org",
        attempts=1,
    )
    note_on_timeline(mail)
    (change,) = [
        e.change
        for e in timeline.entries(application=kenyan, show_scores=True)
        if e.event.kind == "mail"
    ]
    assert change == "“Draft saved: the link to continue”: Sent"
    assert "draft_started" not in change


def test_an_edit_shows_each_answer_by_its_label_with_old_and_new(kenyan):
    document = ApplicationDocument.model_validate(kenyan.document)
    changed = document.updated(city="Kampala", expected_attendance=250, format="conference")
    application_save_step(
        application=kenyan,
        document=changed,
        step=kenyan.step,
        now=kenyan.call.closes_at - dt.timedelta(days=1),
    )
    (entry,) = [
        e
        for e in timeline.entries(application=kenyan, show_scores=True)
        if e.event.kind == "edited"
    ]
    old_city = document.city
    assert f"City: {old_city} → Kampala" in entry.change
    attendance = document.expected_attendance or "—"
    assert f"How many people do you expect?: {attendance} → 250" in entry.change
    assert "expected_attendance" not in entry.change
    with translation.override("fr"):
        (entry,) = [
            e
            for e in timeline.entries(application=kenyan, show_scores=True)
            if e.event.kind == "edited"
        ]
    assert "Ville" in entry.change and "City" not in entry.change


def test_a_long_answer_is_named_as_edited_without_its_text(kenyan):
    document = ApplicationDocument.model_validate(kenyan.document)
    application_save_step(
        application=kenyan,
        document=document.updated(community_value="x" * 300),
        step=kenyan.step,
        now=kenyan.call.closes_at - dt.timedelta(days=1),
    )
    event = kenyan.events.get(kind="edited")
    assert "community_value" in event.data["fields"]
    assert "community_value" not in event.data["values"]
    (entry,) = [
        e
        for e in timeline.entries(application=kenyan, show_scores=True)
        if e.event.kind == "edited"
    ]
    label = "What value does the event bring to the communities HOT supports?"
    assert label in entry.change.split("; ")
    assert "xxx" not in entry.change
