"""The by-hand baseline: feasible, honest about failures, never better than the optimum."""

from __future__ import annotations

import random

import pytest

from opencall.selection.greedy import greedy
from opencall.selection.instance import Application, HubBounds, Instance, Offer
from opencall.selection.optimiser import optimise
from tests.selection.helpers import grants_of, random_instance, violations


def app(ref: str, *offers: Offer, hub: str | None = None, **options) -> Application:
    return Application(ref=ref, offers=offers, hub=hub, **options)


def offer(kind: str, value: float, **cost: float) -> Offer:
    return Offer(type=kind, value=value, cost=cost)


def run(*apps: Application, **options):
    options.setdefault("pools", {"hours": 100.0})
    return greedy(Instance(applications=apps, **options))


@pytest.mark.parametrize("seed", range(4))
def test_greedy_is_feasible_and_never_beats_the_optimum_on_random_instances(seed: int) -> None:
    rng = random.Random(1000 + seed)
    compared = 0
    for _ in range(60):
        instance = random_instance(rng, max_apps=6)
        best, baseline = optimise(instance), greedy(instance)
        if baseline.status == "heuristic":
            assert violations(instance, grants_of(baseline)) == []
            assert best.status == "optimal"
            assert baseline.value <= best.value + 1e-6
            compared += 1
        else:
            assert baseline.status == "heuristic_failed" and baseline.explanation
    assert compared >= 20


def test_greedy_takes_whole_applications_by_value_and_skips_what_does_not_fit() -> None:
    result = run(
        app("A", offer("editorial", 10, hours=70), offer("logistics", 5, hours=20)),
        app("B", offer("editorial", 12, hours=30)),
        app("C", offer("editorial", 4, hours=10)),
    )
    # A (15) first, B (12) no longer fits, C (4) does
    assert [(g.ref, g.offers) for g in result.selected] == [
        ("A", ("editorial", "logistics")),
        ("C", ("editorial",)),
    ]
    assert result.status == "heuristic"
    assert result.value == 19
    assert result.gap is None


def test_optimum_beats_greedy_by_granting_part_of_a_request() -> None:
    apps = (
        app("A", offer("editorial", 10, hours=70), offer("logistics", 5, hours=20)),
        app("B", offer("editorial", 12, hours=30)),
    )
    instance = Instance(pools={"hours": 100.0}, applications=apps)
    assert greedy(instance).value == 15
    assert optimise(instance).value == 22


def test_greedy_explains_a_left_out_application_by_its_whole_request() -> None:
    result = run(
        app("A", offer("editorial", 10, hours=90)),
        app("B", offer("editorial", 5, hours=5), offer("logistics", 4, hours=20)),
    )
    assert result.left_out[0].why == ("editorial + logistics needs 15 more in hours (10 left)",)


def test_greedy_honours_locks() -> None:
    result = run(
        app("A", offer("editorial", 50, hours=10), locked="out"),
        app("B", offer("editorial", 1, hours=90), locked="in"),
        app("C", offer("editorial", 9, hours=20)),
    )
    assert [g.ref for g in result.selected] == ["B"]


def test_greedy_fills_hub_minimums_before_the_rest() -> None:
    result = run(
        app("A", offer("editorial", 10, hours=60), hub="ap"),
        app("B", offer("editorial", 9, hours=60), hub="ap"),
        app("C", offer("editorial", 2, hours=40), hub="lac"),
        hubs={"lac": HubBounds(min=1)},
    )
    assert [g.ref for g in result.selected] == ["A", "C"]


def test_greedy_reports_failure_when_a_locked_in_application_does_not_fit_whole() -> None:
    result = run(
        app("A", offer("editorial", 1, hours=80), offer("logistics", 1, hours=40), locked="in"),
    )
    assert result.status == "heuristic_failed"
    assert result.explanation == ("locked-in A does not fit whole after the other locks",)


def test_greedy_respects_max_events() -> None:
    result = run(
        app("A", offer("editorial", 3, hours=1)),
        app("B", offer("editorial", 2, hours=1)),
        app("C", offer("editorial", 1, hours=1)),
        max_events=2,
    )
    assert [g.ref for g in result.selected] == ["A", "B"]
