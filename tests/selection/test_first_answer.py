"""The first answer and the improving solve. No Django, no database."""

from __future__ import annotations

import random
import threading

import pytest

from opencall.selection.first_answer import first_answer, gap_to, improve
from opencall.selection.greedy import greedy
from opencall.selection.instance import Application, HubBounds, Instance, Offer
from opencall.selection.optimiser import Selection, optimise
from tests.selection.helpers import generated_instance, grants_of, random_instance, violations


@pytest.mark.parametrize("seed", range(4))
def test_the_first_answer_is_feasible_at_least_greedys_and_reports_its_gap(seed: int) -> None:
    instance = generated_instance(60, seed)
    found, bound = first_answer(instance)
    assert violations(instance, grants_of(found)) == []
    by_hand = greedy(instance)
    assert found.value is not None and found.value >= (by_hand.value or 0.0) - 1e-9
    best = optimise(instance, time_limit_s=120)
    assert best.status == "optimal" and best.value is not None
    # The LP bound is above the optimum, the first answer below it, the gap is proven.
    assert found.value - 1e-6 <= best.value <= bound + 1e-6
    assert found.gap == pytest.approx(gap_to(bound, found.value))
    assert found.status == ("optimal" if found.gap == 0 else "improving")


@pytest.mark.parametrize("seed", range(20))
def test_the_first_answer_honours_every_rule_on_random_small_instances(seed: int) -> None:
    instance = random_instance(random.Random(seed), max_apps=6)
    found, _bound = first_answer(instance)
    best = optimise(instance)
    assert found.status in ("optimal", "improving", "infeasible")
    if best.status == "infeasible":
        assert found.status == "infeasible"
        return
    assert violations(instance, grants_of(found)) == []
    assert found.value is not None and best.value is not None
    assert found.value <= best.value + 1e-6
    if found.status == "optimal":
        assert found.value == pytest.approx(best.value)


def test_the_first_answer_of_an_impossible_call_says_why() -> None:
    instance = Instance(
        pools={"hours": 10.0},
        applications=(Application("A", (Offer("x", 1.0, {"hours": 5.0}),), hub="h"),),
        hubs={"h": HubBounds(min=2)},
    )
    found, _bound = first_answer(instance)
    assert found.status == "infeasible" and found.explanation


def test_improving_hands_over_better_selections_and_ends_proven_optimal() -> None:
    instance = generated_instance(60, 3)
    seen: list[Selection] = []
    final = improve(instance, on_better=seen.append, stop=lambda: False, time_limit_s=120)
    assert final.status == "optimal" and final.gap == 0.0
    assert final.value == pytest.approx(optimise(instance, time_limit_s=120).value)
    values = [s.value or 0.0 for s in seen]
    assert values == sorted(values)  # never worse than what was shown before
    assert seen[0].value >= (greedy(instance).value or 0.0) - 1e-9
    assert seen[-1] == final
    assert violations(instance, grants_of(final)) == []


def test_stopping_keeps_the_best_so_far_with_its_gap() -> None:
    instance = generated_instance(400, 1)
    seen: list[Selection] = []
    asked_from: set[int] = set()

    def stop() -> bool:
        asked_from.add(threading.get_ident())
        return True

    final = improve(instance, on_better=seen.append, stop=stop, time_limit_s=120)
    # The worker's `stop` reads the database: it must be asked from the worker's thread.
    assert asked_from == {threading.get_ident()}
    if final.status == "optimal":
        pytest.skip("the first answer was already proven optimal")
    assert final.status == "improving"
    assert final.gap is not None and final.gap > 0
    # `stop` is asked about once a second, so the solve ends about a second in.
    assert (final.value or 0.0) >= (seen[0].value or 0.0)
    assert final.seconds < 10
    assert violations(instance, grants_of(final)) == []
