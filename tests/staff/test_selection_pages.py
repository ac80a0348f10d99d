"""The selection and decision pages (issue 12): scenarios compared in columns with what
changed marked, pools as bars with their numbers as text, named lock selects, and a
decision form that says what the applicant will read."""

import re

import pytest
from django.test import Client

from opencall.selection import selectors, services
from opencall.selection.comparison import Column, Portfolio, side_by_side
from opencall.selection.models import Scenario
from opencall.staff.refs import short_ref
from opencall.staff.templatetags.staff_tags import pool_bar

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
PAGE = f"/staff/calls/{SLUG}/selection/"
PART = f"/staff/calls/{SLUG}/selection/scenarios/"


def _html(user, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _run(call, user, name: str, **changes):
    params = {**selectors.default_params(call=call), "hubs": {}, **changes}
    scenario = Scenario.objects.create(call=call, name=name, params=params, created_by=user)
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done", scenario.error
    return scenario


# The short reference -------------------------------------------------------------------


def test_one_short_reference_from_an_application_its_full_reference_or_its_number(kenyan):
    assert short_ref(kenyan) == f"#{kenyan.number:04d}"
    assert short_ref(kenyan.ref) == f"#{kenyan.number:04d}"
    assert short_ref(42) == "#0042"
    assert short_ref("not a reference") == "not a reference"


# Scenarios side by side ----------------------------------------------------------------


def _portfolio(grants: dict[str, tuple[str, ...]]) -> Portfolio:
    return Portfolio(
        status="proven optimal",
        value=1.0,
        gap=None,
        refs=list(grants),
        count=len(grants),
        by_hub={},
        pools_left={},
        binding=[],
        grants=grants,
    )


def _column(portfolio: Portfolio | None) -> Column:
    return Column(None, portfolio, None, None, added=[], removed=[])


def test_side_by_side_marks_applications_in_one_scenario_only_and_changed_grants():
    columns = [
        _column(_portfolio({"A": ("x",), "B": ("x", "y")})),
        _column(_portfolio({"A": ("x",), "B": ("x",), "C": ("z",)})),
        _column(None),  # still running: it changes nothing
    ]
    rows = {row.ref: row for row in side_by_side(columns)}
    assert list(rows) == ["A", "B", "C"]
    assert not rows["A"].differs
    assert [g.changed for g in rows["A"].grants[:2]] == [False, False]
    assert rows["A"].grants[2] is None
    assert rows["B"].differs
    assert rows["B"].grants[0].only_here == ("y",)
    assert rows["B"].grants[1].only_here == ()
    assert rows["B"].grants[0].changed and rows["B"].grants[1].changed
    assert rows["C"].differs and rows["C"].grants[0] is None


def test_a_pool_bar_is_an_svg_with_its_amounts_as_text(call_2022):
    pool = call_2022.pools.get(code="scholarships_usd")
    bar = pool_bar(6000, 8000, pool)
    assert bar["width"] == "75.0" and bar["percent"] == 75 and bar["state"] == ""
    assert (bar["used"], bar["capacity"]) == ("USD\xa06,000", "USD\xa08,000")
    assert pool_bar(9000, 8000, pool)["state"] == "over"
    assert pool_bar(8000, 8000, pool)["width"] == "100.0"
    assert pool_bar(0, 0, "hours")["width"] == "0.0"


def test_scenarios_are_columns_with_bars_and_what_changed(shortlist, call_2022, people):
    _run(call_2022, people.working_group, "Everything")
    paris = shortlist["paris"]
    _run(call_2022, people.working_group, "Without Paris", locks={paris.ref: "out"})
    html = _html(people.working_group, PART)
    head = html[html.index("<thead>") : html.index("</thead>")]
    # Newest first, one column each.
    assert head.index("Without Paris") < head.index("Everything")
    assert head.count('<th scope="col">') == 2
    assert '<svg class="bar"' in html and 'role="img"' in html
    assert re.search(r"USD\xa0[\d,]+ of USD\xa0[\d,]+ used", html)
    # Paris is in one scenario only: its row is marked, and said not selected in the other.
    row = html[html.index(f'<span title="{paris.ref}">') :].split("</tr>")[0]
    assert "(differs)" in row and "not selected" in row
    assert f"− #{paris.number:04d}" in html
    assert "Total value: the sum of the values" in html


def test_each_lock_select_has_its_own_label(shortlist, people):
    html = _html(people.working_group, PAGE)
    for application in shortlist.values():
        field = f"id_lock_{application.ref}"
        label = f'<label class="visually-hidden" for="{field}">'
        assert label + f"Keep #{application.number:04d} in or out of the selection</label>" in html
        assert f'<select name="lock_{application.ref}"' in html
    assert "Optimiser decides" in html and "Leave out" in html


# The decision page ---------------------------------------------------------------------


def _decision_page(user, application) -> str:
    return _html(user, f"/staff/calls/{SLUG}/applications/{application.number}/decision/")


def test_the_decision_form_says_the_applicant_reads_the_reason(shortlist, people):
    html = _decision_page(people.working_group, shortlist["kenya"])
    assert "Reason, for the applicant" in html
    assert "The applicant will read this in their mail, word for word" in html


def test_a_sign_off_given_is_not_offered_again_and_says_who_gave_it(shortlist, people):
    kenya = shortlist["kenya"]
    decision = services.decision_propose(
        application=kenya,
        outcome="accepted",
        offers=["scholarships"],
        reason="Five priority countries.",
        user=people.working_group,
    )
    html = _decision_page(people.working_group, kenya)
    assert "Sign off as the Working Group" in html
    assert "The reason, as the applicant will read it in their mail:" in html
    assert "Five priority countries." in html
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    html = _decision_page(people.working_group, kenya)
    assert "Sign off as the Working Group" not in html
    assert "You signed off on" in html and "as Working group." in html
    # The hub's manager still signs, and is told nothing of their own yet.
    html = _decision_page(people.hub_esa, kenya)
    assert "Sign off as the hub's community manager" in html
    assert "You signed off on" not in html


# Stop and keep -------------------------------------------------------------------------


def test_a_running_scenario_shows_its_gap_and_can_be_stopped_and_kept(shortlist, call_2022, people):
    from tests.selection.test_stop_and_keep import running_with_a_best_so_far

    scenario = running_with_a_best_so_far(call_2022, people.working_group)
    html = _html(people.working_group, PART)
    assert "Improving: the best so far is at most 1.23&nbsp;% below the best possible." in html
    stop = f"/staff/calls/{SLUG}/selection/scenarios/{scenario.pk}/stop/"
    assert f'action="{stop}"' in html and "Stop and keep this" in html
    assert 'hx-trigger="every 2s"' in html  # the page polls while it runs
    client = Client()
    client.force_login(people.working_group)
    assert client.get(stop).status_code == 405
    response = client.post(stop)
    assert response.status_code == 302 and response["Location"] == PAGE
    scenario.refresh_from_db()
    assert scenario.state == "done" and scenario.result["status"] == "stopped"
    html = _html(people.working_group, PAGE)
    assert "Stop and keep this" not in html
    assert "stopped and kept, not proven optimal" in html
    assert "Stopped and kept by" in html


def test_someone_outside_the_call_cannot_stop_its_scenario(shortlist, call_2022, people):
    from tests.selection.test_stop_and_keep import running_with_a_best_so_far

    scenario = running_with_a_best_so_far(call_2022, people.working_group)
    client = Client()
    client.force_login(people.outsider)
    response = client.post(f"/staff/calls/{SLUG}/selection/scenarios/{scenario.pk}/stop/")
    assert response.status_code in (403, 404)
    scenario.refresh_from_db()
    assert scenario.state == "running" and scenario.stopped_at is None
