"""What each reader sees of a portfolio (issue 10, hole 2): a hub manager sees their
hub's applications in full and the others only as numbers, on every scenario page,
comparison, explanation and decision page; the Working Group and call administrators
see everything."""

import pytest
from django.test import Client

from opencall.reviews.models import Share
from opencall.selection import selectors, services
from opencall.selection.comparison import compare
from opencall.selection.models import ResourcePool, Scenario

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
PAGE = f"/staff/calls/{SLUG}/selection/"
PART = f"/staff/calls/{SLUG}/selection/scenarios/"
DECISION = "/staff/calls/{slug}/applications/{number}/decision/"
NAMES = {
    "kenya": "State of the Map Kenya",
    "manila": "State of the Map Asia",
    "paris": "FOSS4G Europe",
}


def _decision(application) -> str:
    return DECISION.format(slug=application.call.slug, number=application.number)


def _run(call, user, name="scenario", **changes):
    params = {**selectors.default_params(call=call), "hubs": {}, **changes}
    scenario = Scenario.objects.create(call=call, name=name, params=params, created_by=user)
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done", scenario.error
    return scenario


def _html(user, *paths):
    client = Client()
    client.force_login(user)
    pages = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append(response.content.decode())
    return "\n".join(pages)


def _short(application) -> str:
    return f"#{application.number:04d}"  # the reference staff pages show


def _hidden(html, shortlist, *keys):
    """The references (full or short) and event names of these applications that the
    page shows."""
    return [
        text
        for key in keys
        for text in (shortlist[key].ref, _short(shortlist[key]), NAMES[key])
        if text in html
    ]


# The rule ---------------------------------------------------------------------------


def test_the_rulebook_says_who_sees_an_application_in_full_in_a_portfolio(shortlist, people):
    kenya, manila, paris = shortlist["kenya"], shortlist["manila"], shortlist["paris"]
    rule = "applications.see_in_portfolio"
    for user in (people.working_group, people.call_admin, people.site_admin):
        assert all(user.has_perm(rule, app) for app in (kenya, manila, paris))
    assert people.hub_esa.has_perm(rule, kenya)
    assert not people.hub_esa.has_perm(rule, manila)
    assert not people.hub_esa.has_perm(rule, paris)  # no hub: not theirs either
    assert not people.outsider.has_perm(rule, kenya)
    assert not people.nobody.has_perm(rule, kenya)


def test_an_application_shared_with_a_hub_manager_is_seen_in_full_as_in_the_candidate_list(
    shortlist, people, call_2022
):
    from opencall.selection.visibility import visibility_for

    manila = shortlist["manila"]
    Share.objects.create(application=manila, user=people.hub_esa, shared_by=people.working_group)
    seen = visibility_for(user=people.hub_esa, call=call_2022)
    assert seen.sees(manila.ref)
    assert seen.sees(shortlist["kenya"].ref)
    assert not seen.sees(shortlist["paris"].ref)


def test_the_working_group_sees_everything(shortlist, people, call_2022):
    from opencall.selection.visibility import EVERYTHING, visibility_for

    assert visibility_for(user=people.working_group, call=call_2022) == EVERYTHING


# The presenter ----------------------------------------------------------------------


def test_a_hub_manager_reads_others_as_a_count_and_the_resources_they_use(
    shortlist, people, call_2022
):
    from opencall.selection.visibility import visibility_for

    scenario = _run(call_2022, people.call_admin)
    kenya = shortlist["kenya"]
    seen = visibility_for(user=people.hub_esa, call=call_2022)
    labels = dict(ResourcePool.objects.filter(call=call_2022).values_list("code", "label"))
    (column,) = compare([scenario], labels, seen)
    portfolio = column.optimal
    assert portfolio.refs == [kenya.ref]
    assert portfolio.count == 3
    assert portfolio.by_hub == {"esa": 1, "other": 2}
    assert portfolio.others.count == 2
    # Paris asks 5000 USD of sponsorship; the Philippines editorial and comms hours.
    assert portfolio.others.uses[labels["sponsorship_usd"]] == 5000
    assert labels["scholarships_usd"] not in portfolio.others.uses  # Kenya's is not theirs
    (everything,) = compare([scenario], labels)
    assert sorted(everything.optimal.refs) == sorted(app.ref for app in shortlist.values())
    assert everything.optimal.others is None
    assert everything.optimal.by_hub == {"—": 1, "ap": 1, "esa": 1}


def test_refs_in_sentences_are_masked_at_any_depth():
    from opencall.selection.visibility import EVERYTHING, Visibility, mask

    stored = {
        "code": "infeasible.conflict",
        "params": {
            "groups": [
                {"code": "group.locked_in", "params": {"refs": "A-0001, B-0002, B-0003"}},
                {"code": "group.max_events", "params": {"max": "1"}},
            ]
        },
    }
    masked = mask(stored, Visibility(frozenset({"A-0001"})))
    assert masked["params"]["groups"][0]["params"]["refs"] == (
        "A-0001, 2 applications not shown to you"
    )
    assert masked["params"]["groups"][1] == stored["params"]["groups"][1]
    why = {"code": "why.greedy_lock", "params": {"ref": "B-0002"}}
    assert mask(why, Visibility(frozenset()))["params"]["ref"] == (
        "an application not shown to you"
    )
    assert mask(stored, EVERYTHING) == stored


# The pages --------------------------------------------------------------------------


def test_a_hub_manager_running_a_scenario_sees_no_other_hubs_application(
    shortlist, people, call_2022, immediate_tasks, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(people.hub_esa)
    data = {"name": "Mine", "max_events": ""}
    for code, capacity in selectors.default_params(call=call_2022)["pools"].items():
        data[f"pool_{code}"] = str(capacity)
    for code in selectors.default_params(call=call_2022)["hubs"]:
        data[f"hub_{code}_min"] = "0"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, data)
    assert response.status_code == 302
    assert Scenario.objects.get(name="Mine").state == "done"
    html = _html(people.hub_esa, PAGE, PART)
    assert shortlist["kenya"].ref in html
    assert _hidden(html, shortlist, "manila", "paris") == []
    assert "2 other applications selected, not shown to you" in html
    # Everyone else still sees the whole portfolio of that scenario.
    html = _html(people.call_admin, PAGE, PART)
    assert _hidden(html, shortlist, "kenya", "manila", "paris") == [
        text
        for key in ("kenya", "manila", "paris")
        for text in (shortlist[key].ref, _short(shortlist[key]), NAMES[key])
    ]


def test_a_scenario_run_by_an_administrator_shows_a_hub_manager_their_hub_only(
    shortlist, people, call_2022
):
    _run(call_2022, people.call_admin, name="All of it")
    _run(call_2022, people.call_admin, name="No Paris", locks={shortlist["paris"].ref: "out"})
    html = _html(people.hub_ap, PAGE, PART)
    assert shortlist["manila"].ref in html
    assert _hidden(html, shortlist, "kenya", "paris") == []
    assert "1 other application left out, not shown to you" in html  # Paris, locked out
    html = _html(people.working_group, PAGE, PART)
    paris = shortlist["paris"]
    assert f"− #{paris.number:04d}" in html
    assert f'<strong title="{paris.ref}">#{paris.number:04d}</strong>: locked out' in html


def test_why_left_out_names_no_application_the_reader_may_not_see(shortlist, people, call_2022):
    # One event only: Paris (worth 90, more than Kenya's 87.5) stays; Manila is told
    # the least valuable selected application that could make room, which is Paris's.
    _run(call_2022, people.call_admin, max_events=1)
    paris = shortlist["paris"]
    admin = _html(people.call_admin, PART)
    assert f"({_short(paris)}: 90)" in admin
    html = _html(people.hub_ap, PART)
    assert shortlist["manila"].ref in html
    assert "(an application not shown to you: 90)" in html
    assert _hidden(html, shortlist, "kenya", "paris") == []


def test_an_explanation_of_no_selection_names_no_application_the_reader_may_not_see(
    shortlist, people, call_2022
):
    kenya = shortlist["kenya"]
    pools = {
        **selectors.default_params(call=call_2022)["pools"],
        "scholarships_usd": 0.0,
        "content_hours": 0.0,
    }
    scenario = _run(call_2022, people.call_admin, pools=pools, locks={kenya.ref: "in"})
    assert scenario.result["status"] == "infeasible"
    assert _short(kenya) in _html(people.call_admin, PART)
    html = _html(people.hub_ap, PART)
    assert "1 application not shown to you" in html
    assert _hidden(html, shortlist, "kenya", "paris") == []


def test_a_hub_manager_cannot_open_another_hubs_decision_by_its_address(shortlist, people):
    client = Client()
    client.force_login(people.hub_esa)
    for key in ("manila", "paris"):
        response = client.get(_decision(shortlist[key]))
        assert response.status_code == 403
        assert _hidden(response.content.decode(), shortlist, key) == []
    assert client.get(_decision(shortlist["kenya"])).status_code == 200


def test_a_failure_names_no_application_to_a_hub_manager(shortlist, people, call_2022):
    kenya = shortlist["kenya"]
    Scenario.objects.create(
        call=call_2022,
        name="Broken",
        params={},
        state=Scenario.State.FAILED,
        error=f"KeyError: '{kenya.ref}'",
        created_by=people.call_admin,
    )
    assert kenya.ref in _html(people.working_group, PART)
    html = _html(people.hub_ap, PART)
    assert "The optimiser failed" in html
    assert kenya.ref not in html


def test_a_scenario_stored_before_uses_were_recorded_gives_the_count_only(
    shortlist, people, call_2022
):
    from opencall.selection.visibility import visibility_for

    scenario = _run(call_2022, people.call_admin)
    del scenario.result["uses"]
    (column,) = compare([scenario], {}, visibility_for(user=people.hub_esa, call=call_2022))
    assert (column.optimal.others.count, column.optimal.others.uses) == (2, {})


def test_what_a_hub_manager_sees_costs_the_same_queries_for_1_and_3_applications(
    people, call_2022, django_assert_max_num_queries
):
    from opencall.screening.services import screening_refresh
    from tests.factories import ApplicationFactory
    from tests.fixtures.selection import reviewed

    client = Client()
    client.force_login(people.hub_esa)
    first = ApplicationFactory(call=call_2022, status="shortlisted")
    screening_refresh(application=first)
    reviewed(first, people.working_group, 70)
    _run(call_2022, people.call_admin)
    with django_assert_max_num_queries(40) as one:
        assert client.get(PART).status_code == 200
    for country in ("PH", "FR"):
        application = ApplicationFactory(call=call_2022, status="shortlisted", country=country)
        screening_refresh(application=application)
        reviewed(application, people.working_group, 60)
    _run(call_2022, people.call_admin)
    with django_assert_max_num_queries(40) as three:
        assert client.get(PART).status_code == 200
    assert len(three.captured_queries) == len(one.captured_queries)
