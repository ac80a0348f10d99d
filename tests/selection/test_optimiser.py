"""The optimiser against a brute force, and rule by rule. No Django, no database."""

from __future__ import annotations

import dataclasses
import random

import pytest

from opencall.selection.instance import Application, HubBounds, Instance, Offer
from opencall.selection.optimiser import optimise
from tests.selection.helpers import (
    TYPES,
    brute_force,
    generated_instance,
    grants_of,
    random_instance,
    violations,
)


def app(ref: str, *offers: Offer, hub: str | None = None, **options) -> Application:
    return Application(ref=ref, offers=offers, hub=hub, **options)


def offer(kind: str, value: float, requires: tuple[str, ...] = (), **cost: float) -> Offer:
    return Offer(type=kind, value=value, cost=cost, requires=requires)


def solve(*apps: Application, pools: dict[str, float] | None = None, **options):
    instance = Instance(pools=pools or {"hours": 100.0}, applications=apps, **options)
    result = optimise(instance)
    if result.status == "optimal":
        assert violations(instance, grants_of(result)) == []
    return result


def granted(result) -> dict[str, tuple[str, ...]]:
    return {g.ref: g.offers for g in result.selected}


def why(result, ref: str) -> tuple[str, ...]:
    return next(item.why for item in result.left_out if item.ref == ref)


# -- against the brute force -------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_optimum_equals_brute_force_on_random_tiny_instances(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        instance = random_instance(rng)
        best = brute_force(instance)
        result = optimise(instance)
        if best is None:
            assert result.status == "infeasible"
            assert result.explanation and result.selected == ()
            continue
        assert result.status == "optimal"
        assert result.gap == 0.0
        assert result.value == pytest.approx(best, abs=1e-6)
        assert violations(instance, grants_of(result)) == []


@pytest.mark.parametrize("seed", range(3))
def test_optimum_equals_brute_force_when_offers_often_require_each_other(seed: int) -> None:
    # Requirements in both directions make cycles: offers that must go together.
    rng = random.Random(500 + seed)
    for _ in range(60):
        instance = random_instance(rng)
        apps = tuple(
            dataclasses.replace(
                a,
                offers=tuple(
                    dataclasses.replace(
                        o, requires=tuple(t for t in TYPES if t != o.type and rng.random() < 0.45)
                    )
                    for o in a.offers
                ),
            )
            for a in instance.applications
        )
        instance = dataclasses.replace(instance, applications=apps)
        best, result = brute_force(instance), optimise(instance)
        if best is None:
            assert result.status == "infeasible"
            continue
        assert result.value == pytest.approx(best, abs=1e-6)
        assert violations(instance, grants_of(result)) == []


def test_left_out_and_selected_partition_the_applications() -> None:
    rng = random.Random(99)
    for _ in range(50):
        instance = random_instance(rng)
        result = optimise(instance)
        if result.status != "optimal":
            continue
        refs = [g.ref for g in result.selected] + [item.ref for item in result.left_out]
        assert sorted(refs) == sorted(a.ref for a in instance.applications)
        assert all(item.why for item in result.left_out)


# -- rule by rule ------------------------------------------------------------------


def test_best_offers_are_chosen_within_a_pool() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=60)),
        app("B", offer("editorial", 8, hours=50)),
        app("C", offer("editorial", 7, hours=50)),
    )
    assert granted(result) == {"B": ("editorial",), "C": ("editorial",)}
    assert result.value == 15
    assert result.pools_left == {"hours": 0.0}


def test_locked_in_application_is_supported_even_when_worth_less() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=60)),
        app("B", offer("editorial", 1, hours=60), locked="in"),
    )
    assert granted(result) == {"B": ("editorial",)}


def test_locked_out_application_is_never_supported_even_when_most_valuable() -> None:
    result = solve(
        app("A", offer("editorial", 99, hours=1), locked="out"),
        app("B", offer("editorial", 1, hours=1)),
    )
    assert granted(result) == {"B": ("editorial",)}
    assert why(result, "A") == ("locked out",)


def test_all_or_nothing_application_gets_every_offer_or_none() -> None:
    result = solve(
        app(
            "A",
            offer("editorial", 50, hours=60),
            offer("logistics", 1, hours=60),
            all_or_nothing=True,
        ),
        app("B", offer("editorial", 5, hours=40)),
    )
    assert granted(result) == {"B": ("editorial",)}
    assert why(result, "A") == ("editorial + logistics needs 60 more in hours (60 left)",)


def test_without_all_or_nothing_part_of_a_request_can_be_granted() -> None:
    result = solve(app("A", offer("editorial", 50, hours=60), offer("logistics", 1, hours=60)))
    assert granted(result) == {"A": ("editorial",)}


def test_offer_is_granted_only_with_the_offer_it_requires() -> None:
    result = solve(
        app(
            "A",
            offer("networking", 30, requires=("content",), hours=30),
            offer("content", 1, hours=60),
        ),
        app("B", offer("editorial", 20, hours=40)),
    )
    # networking alone (30) would beat content+networking (31) plus nothing; it cannot go alone
    assert granted(result) == {"A": ("networking", "content")}
    assert result.value == 31


def test_offers_that_require_each_other_are_granted_together_or_not_at_all() -> None:
    result = solve(
        app(
            "A",
            offer("content", 10, requires=("networking",), hours=30),
            offer("networking", 1, requires=("content",), hours=50),
            offer("editorial", 4, hours=20),
        ),
        app("B", offer("editorial", 6, hours=60)),
    )
    # content + networking (11, 80 hours) and editorial (4, 20 hours) beat B's 6
    assert granted(result) == {"A": ("content", "networking", "editorial")}
    assert result.value == 15


def test_offer_requiring_a_type_not_requested_is_never_granted() -> None:
    result = solve(
        app("A", offer("scholarships", 50, requires=("comms",), hours=1)),
        app("B", offer("editorial", 1, hours=1)),
    )
    assert granted(result) == {"B": ("editorial",)}
    assert why(result, "A") == (
        "cannot be supported: each of its offers requires a type it does not request",
    )


def test_max_events_caps_the_number_of_supported_events() -> None:
    result = solve(
        app("A", offer("editorial", 5, hours=1), offer("logistics", 5, hours=1)),
        app("B", offer("editorial", 9, hours=1)),
        app("C", offer("editorial", 3, hours=1)),
        max_events=1,
    )
    assert granted(result) == {"A": ("editorial", "logistics")}
    assert [b.kind for b in result.binding] == ["max_events"]
    assert why(result, "C")[0] == (
        "the number of events is at its most (1), and its whole request is worth 3, not more "
        "than the least valuable selected application that could make room (A: 10)"
    )


def test_hub_minimum_forces_weaker_applications_in() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=60), hub="ap"),
        app("B", offer("editorial", 2, hours=50), hub="lac"),
        hubs={"lac": HubBounds(min=1)},
    )
    assert granted(result) == {"B": ("editorial",)}
    assert [(b.kind, b.name) for b in result.binding] == [("pool", "hours"), ("hub_min", "lac")]


def test_hub_maximum_caps_a_hub() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=1), hub="ap"),
        app("B", offer("editorial", 9, hours=1), hub="ap"),
        app("C", offer("editorial", 1, hours=1), hub="esa"),
        hubs={"ap": HubBounds(max=1)},
    )
    assert granted(result) == {"A": ("editorial",), "C": ("editorial",)}
    assert why(result, "B") == ("hub ap max (1) reached",)


def test_application_without_offers_is_never_supported() -> None:
    result = solve(app("A"), app("B", offer("editorial", 1, hours=1)))
    assert granted(result) == {"B": ("editorial",)}
    assert why(result, "A") == ("cannot be supported: it requests no offers",)


# -- binding and why ---------------------------------------------------------------


def test_pool_is_binding_when_no_offer_left_out_fits_in_what_remains() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=70, usd=100)),
        app("B", offer("editorial", 9, hours=40)),
        pools={"hours": 100.0, "usd": 1000.0},
    )
    assert [(b.kind, b.name) for b in result.binding] == [("pool", "hours")]
    assert result.binding[0].detail == (
        "pool hours: 30 left, less than any offer not granted needs from it (at least 40)"
    )
    assert result.pools_left == {"hours": 30.0, "usd": 900.0}


def test_pool_with_room_for_an_offer_left_out_is_not_binding() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=10)),
        app("B", offer("editorial", 1, hours=10)),
        max_events=1,
    )
    assert [b.kind for b in result.binding] == ["max_events"]


def test_why_says_how_much_more_each_offer_of_a_left_out_application_needs() -> None:
    result = solve(
        app("A", offer("editorial", 10, hours=80, usd=500)),
        app("B", offer("editorial", 5, hours=60), offer("sponsorship", 4, usd=800)),
        pools={"hours": 100.0, "usd": 1000.0},
    )
    assert granted(result) == {"A": ("editorial",)}
    assert why(result, "B") == (
        "editorial needs 40 more in hours (20 left)",
        "sponsorship needs 300 more in usd (500 left)",
    )
    needs = next(item.needs for item in result.left_out if item.ref == "B")
    assert [(n.offers, dict(n.short)) for n in needs] == [
        (("editorial",), {"hours": 40.0}),
        (("sponsorship",), {"usd": 300.0}),
    ]


# -- infeasible instances ----------------------------------------------------------


def test_hub_minimum_above_its_application_count_is_reported_infeasible() -> None:
    result = solve(
        app("A", offer("editorial", 1, hours=1), hub="wna"),
        app("B", offer("editorial", 1, hours=1), hub="wna", locked="out"),
        hubs={"wna": HubBounds(min=3)},
    )
    assert result.status == "infeasible"
    assert result.explanation == (
        "hub wna: its minimum is 3, but only 1 of its applications (out of 2) can be supported",
    )


def test_locked_in_applications_beyond_a_pool_are_reported_infeasible() -> None:
    result = solve(
        app("A", offer("editorial", 1, hours=60), locked="in"),
        app("B", offer("editorial", 1, hours=50), offer("logistics", 1, hours=70), locked="in"),
    )
    assert result.status == "infeasible"
    assert result.explanation == (
        "pool hours: the locked-in applications (A, B) need at least 110 but its capacity is 100",
    )


def test_locked_in_applications_fit_when_each_can_take_its_cheapest_offer() -> None:
    result = solve(
        app("A", offer("editorial", 1, hours=60), locked="in"),
        app("B", offer("editorial", 1, hours=30), offer("logistics", 9, hours=50), locked="in"),
    )
    assert result.status == "optimal"
    assert granted(result) == {"A": ("editorial",), "B": ("editorial",)}


def test_hub_minimums_beyond_max_events_are_reported_infeasible() -> None:
    result = solve(
        app("A", offer("editorial", 1, hours=1), hub="esa"),
        app("B", offer("editorial", 1, hours=1), hub="wna"),
        hubs={"esa": HubBounds(min=1), "wna": HubBounds(min=1)},
        max_events=1,
    )
    assert result.explanation == (
        "the most events supported is 1, below what the hub minimums and locked-in "
        "applications need (2)",
    )


def test_locked_in_beyond_a_hub_maximum_is_reported_infeasible() -> None:
    result = solve(
        app("A", offer("editorial", 1, hours=1), hub="ap", locked="in"),
        app("B", offer("editorial", 1, hours=1), hub="ap", locked="in"),
        hubs={"ap": HubBounds(max=1)},
    )
    assert result.explanation == ("hub ap: its maximum is 1, below its locked-in applications (2)",)


def test_hub_minimum_above_its_maximum_given_through_the_api_is_reported_infeasible() -> None:
    result = solve(
        app("A", offer("editorial", 1, hours=1), hub="ap"),
        hubs={"ap": HubBounds(min=2, max=1)},
    )
    assert result.explanation == ("hub ap has a minimum (2) above its maximum (1)",)


def test_infeasibility_only_the_solver_sees_names_the_constraints_involved() -> None:
    # Each event needs 60 from one pool or the other: three cannot share two pools of 100,
    # yet pool by pool the cheapest choice costs nothing, so the pre-check passes.
    either = (offer("editorial", 1, hours=60), offer("sponsorship", 1, usd=60))
    result = solve(
        *(app(ref, *either, hub="esa") for ref in "ABC"),
        app("D", offer("editorial", 1, hours=1), hub="ap"),
        pools={"hours": 100.0, "usd": 100.0},
        hubs={"esa": HubBounds(min=3), "ap": HubBounds(max=5)},
        max_events=10,
    )
    assert result.status == "infeasible"
    assert result.message == "no selection satisfies every constraint (proved by HiGHS)"
    assert result.explanation == (
        "these constraints cannot all hold together: hub esa min 3; pool hours (capacity "
        "100); pool usd (capacity 100)",
    )


# -- time limit --------------------------------------------------------------------


def test_tiny_time_limit_returns_best_found_with_its_gap_or_says_none_was_found() -> None:
    instance = generated_instance(3000, seed=5)
    result = optimise(instance, time_limit_s=0.05)
    assert result.status == "time_limit"
    if result.value is None:
        assert result.selected == ()
        assert result.explanation == (
            "no feasible selection found within the time limit of 0.05 s; the instance may "
            "still be feasible: give the optimiser more time",
        )
    else:
        assert result.gap is None or result.gap >= 0
        assert violations(instance, grants_of(result)) == []
    assert "time limit of 0.05 s" in result.message


def test_mid_sized_instance_gives_a_feasible_selection_whether_or_not_proven() -> None:
    instance = generated_instance(200, seed=3)
    result = optimise(instance, time_limit_s=1.0, mip_rel_gap=1e-3)
    assert result.status in ("optimal", "time_limit")
    assert result.gap is not None and result.gap >= 0
    assert violations(instance, grants_of(result)) == []
