"""Resources, values and scenarios of the selection (issue 5)."""

from decimal import Decimal

import pytest
from django.utils import translation

from opencall.calls.models import Call
from opencall.selection import selectors, services
from opencall.selection.comparison import compare
from opencall.selection.models import CostEstimate, HubBound, ResourcePool, Scenario
from opencall.staff import timeline

pytestmark = pytest.mark.django_db


def test_the_call_file_sets_up_pools_default_costs_bounds_and_dependencies(shortlist, call_2022):
    pools = dict(ResourcePool.objects.filter(call=call_2022).values_list("code", "capacity"))
    assert pools["sponsorship_usd"] == Decimal("20000")
    assert pools["content_hours"] == Decimal("160")
    assert len(pools) == 8
    assert HubBound.objects.get(call=call_2022, hub_code="esa").minimum == 1
    assert call_2022.offer_requirements.get().requires_code == "content_codesign"


def test_values_come_from_review_scores_weighted_by_the_calls_preferences(shortlist, call_2022):
    by_ref = {c.application.ref: c for c in selectors.candidates(call=call_2022)}
    kenya = by_ref[shortlist["kenya"].ref]
    # Mean score 70; a regional event in a priority country (+25%). Its online part
    # earns nothing: accessibility is a preference for international events only.
    assert kenya.score == 70
    assert kenya.value == pytest.approx(70 * 1.25)
    assert [offer.value for offer in kenya.offers] == [pytest.approx(70 * 1.25 / 2)] * 2
    paris = by_ref[shortlist["paris"].ref]
    assert (paris.priority, paris.value) == (False, 90)


def test_costs_come_from_defaults_the_amount_asked_and_staff_estimates(
    shortlist, call_2022, people
):
    kenya = shortlist["kenya"]
    pool = ResourcePool.objects.get(call=call_2022, code="content_hours")
    services.cost_estimate_set(
        application=kenya,
        offer_code="content_codesign",
        pool=pool,
        amount=Decimal("30"),
        agreed=True,
        note="Two sessions agreed on the call",
        user=people.working_group,
    )
    candidate = next(
        c for c in selectors.candidates(call=call_2022) if c.application.pk == kenya.pk
    )
    costs = {offer.code: (offer.cost, offer.agreed) for offer in candidate.offers}
    assert costs["scholarships"] == ({"scholarships_usd": Decimal("4000")}, False)
    assert costs["content_codesign"] == ({"content_hours": Decimal("30")}, True)
    event = kenya.events.get(kind="cost")
    assert event.data["cost"] is True
    assert (event.new, event.reason) == (
        "content_codesign content_hours: 30",
        "Two sessions agreed on the call",
    )
    changes = [entry.change for entry in timeline.entries(application=kenya, show_scores=True)]
    assert (
        "cost of Content co-design in Content co-design team (hours): 30\xa0h "
        "(agreed with the applicant)" in changes
    )
    with translation.override("fr"):
        changes = [entry.change for entry in timeline.entries(application=kenya, show_scores=True)]
    assert (
        "coût de l'offre «\u202fCo-conception du contenu\u202f» dans l'enveloppe "
        "«\u202fÉquipe co-conception du contenu (heures)\u202f»\xa0: 30\xa0h "
        "(convenu avec le candidat)" in changes
    )


def test_a_negative_cost_is_refused(shortlist, call_2022, people):
    pool = ResourcePool.objects.get(call=call_2022, code="content_hours")
    with pytest.raises(services.SelectionRefused):
        services.cost_estimate_set(
            application=shortlist["kenya"],
            offer_code="content_codesign",
            pool=pool,
            amount=Decimal("-1"),
            agreed=False,
            note="",
            user=people.working_group,
        )
    assert not CostEstimate.objects.exists()


def _run(call, people, **changes):
    params = {**selectors.default_params(call=call), **changes}
    scenario = Scenario.objects.create(
        call=call, name="test", params=params, created_by=people.working_group
    )
    return services.scenario_run(scenario=scenario)


def test_a_scenario_stores_the_optimal_portfolio_beside_the_greedy_one(
    shortlist, call_2022, people
):
    scenario = _run(call_2022, people, hubs={})
    assert scenario.state == "done", scenario.error
    assert scenario.result["status"] == "optimal"
    selected = {grant["ref"] for grant in scenario.result["selected"]}
    assert selected == {app.ref for app in shortlist.values()}
    assert scenario.greedy["value"] <= scenario.result["value"] + 1e-6
    assert scenario.result["hubs"][shortlist["kenya"].ref] == "esa"


def test_a_locked_out_application_is_left_out_and_says_why(shortlist, call_2022, people):
    paris = shortlist["paris"]
    scenario = _run(call_2022, people, hubs={}, locks={paris.ref: "out"})
    selected = {grant["ref"] for grant in scenario.result["selected"]}
    assert paris.ref not in selected
    stored = {item["ref"]: item["why"] for item in scenario.result["left_out"]}
    assert stored[paris.ref] == [{"code": "why.locked_out", "params": {}}]

    def why() -> dict[str, list[str]]:
        (column,) = compare([scenario])
        return {item["ref"]: item["why"] for item in column.optimal.left_out}

    assert why()[paris.ref] == ["locked out"]
    with translation.override("fr"):
        assert why()[paris.ref] == ["verrouillée hors de la sélection"]
        (column,) = compare([scenario])
        assert column.optimal.status == "optimum prouvé"
    (column,) = compare([scenario], {"sponsorship_usd": "Sponsorship (USD)"})
    assert "Sponsorship (USD)" in column.optimal.pools_left
    assert "sponsorship_usd" not in column.optimal.pools_left


def test_a_pool_cut_changes_the_portfolio(shortlist, call_2022, people):
    params = selectors.default_params(call=call_2022)
    pools = {**params["pools"], "sponsorship_usd": 1000.0}
    scenario = _run(call_2022, people, hubs={}, pools=pools)
    selected = {grant["ref"] for grant in scenario.result["selected"]}
    assert shortlist["paris"].ref not in selected
    assert scenario.result["pools_left"]["sponsorship_usd"] == 1000


def test_bounds_that_cannot_hold_are_reported_not_raised(shortlist, call_2022, people):
    scenario = _run(call_2022, people, hubs={"wna": {"min": 1, "max": 2}})
    assert scenario.state == "done"
    assert scenario.result["status"] == "infeasible"
    assert scenario.result["explanation"]


def test_wrong_scenario_settings_are_refused_with_a_message(shortlist, call_2022, people):
    params = selectors.default_params(call=call_2022)
    params["pools"]["nonexistent"] = 5
    params["hubs"] = {"esa": {"min": 3, "max": 1}}
    problems = services.check_params(call=call_2022, params=params)
    assert problems == [
        "Unknown pool “nonexistent”.",
        "For hub “esa”, “at most” is below “at least”.",
    ]


def test_export_writes_back_what_staff_edited_and_loads_again(call_2022, tmp_path):
    import tomllib

    import tomli_w
    from django.core.management import call_command

    from tests.fixtures.data import REFERENCE

    ResourcePool.objects.filter(call=call_2022, code="editorial_hours").update(capacity=95)
    HubBound.objects.filter(call=call_2022, hub_code="lac").update(minimum=2)
    path = tmp_path / "exported.toml"
    call_command("export_call", call_2022.slug, output=str(path))

    data = tomllib.loads(path.read_text())
    pools = {pool["code"]: pool["capacity"] for pool in data["pools"]}
    assert pools["editorial_hours"] == 95
    assert {b["hub"]: b["min"] for b in data["hub_bounds"]}["lac"] == 2
    assert [c["id"] for c in data["rubric"]] == [
        "community_value",
        "themes_fit",
        "priority_reach",
        "accessibility",
        "feasibility",
    ]
    assert {"offer": "scholarships", "from_amount": "scholarships_usd"} in data["offer_costs"]

    data["slug"] = "copy-of-2022"
    data["reference"] = str(REFERENCE)
    path.write_text(tomli_w.dumps(data))
    call_command("load_call", str(path))
    copy = Call.objects.get(slug="copy-of-2022")
    assert ResourcePool.objects.get(call=copy, code="editorial_hours").capacity == 95
    assert HubBound.objects.get(call=copy, hub_code="lac").minimum == 2
