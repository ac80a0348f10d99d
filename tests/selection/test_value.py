"""The value the optimiser maximises is the one docs/optimiser.md states ("Value")."""

from pathlib import Path

import pytest

from opencall.screening.services import screening_refresh
from opencall.selection import selectors
from opencall.selection.optimiser import optimise
from opencall.selection.value import Preference, application_value
from tests.factories import ApplicationFactory
from tests.fixtures.selection import reviewed

DOC = Path(__file__).resolve().parents[2] / "docs" / "optimiser.md"
BONUS = {"regional_in_priority_country": 0.25, "international_accessible": 0.10}


def documented(score, met, offers):
    """docs/optimiser.md: value[a] = round(score[a] × (1 + Σ bonus[p] over the
    preferences p met by a), 2); value[a,o] = round(value[a] / n[a], 2)."""
    if score is None:
        return 0.0, 0.0
    total = round(score * (1 + sum(BONUS[p] for p in met)), 2)
    return total, round(total / offers, 2)


def test_the_documentation_states_the_formula_tested_here():
    text = DOC.read_text(encoding="utf-8")
    assert (
        "value[a]   = round(score[a] × (1 + Σ bonus[p] over the preferences p met by a), 2)" in text
    )
    assert "value[a,o] = round(value[a] / n[a], 2)      for each offer o that a asks for" in text
    assert "weighted by the call's preference for each offer type" not in text


@pytest.mark.django_db
def test_a_small_instance_has_the_documented_values(shortlist, call_2022, people):
    three = [{"type": "editorial"}, {"type": "comms_promotion"}, {"type": "logistics"}]
    events = {
        # mean of 70, 65, 65: 66.67 after rounding; ×1.25 and split in three
        "regional": dict(scope="regional", country="KE", offers=three),
        # mean of 55, 60 = 57.5; ×1.10
        "international": dict(
            scope="international", country="KE", open_publication=True, offers=three[:1]
        ),
        # no review counted: worth nothing
        "national": dict(scope="national", country="KE", offers=three[1:]),
    }
    scores = {"regional": (70, 65, 65), "international": (55, 60), "national": ()}
    met = {
        "regional": ["regional_in_priority_country"],
        "international": ["international_accessible"],
        "national": [],
    }
    reviewers = (people.working_group, people.hub_esa, people.call_admin)
    made = {}
    for key, fields in events.items():
        application = ApplicationFactory(call=call_2022, status="shortlisted", **fields)
        screening_refresh(application=application)
        for reviewer, score in zip(reviewers, scores[key], strict=False):
            reviewed(application, reviewer, score)
        made[key] = application

    # No hub bounds: the call's minimums ask for hubs these events are not in.
    params = {**selectors.default_params(call=call_2022), "hubs": {}}
    instance = selectors.build_instance(
        call=call_2022, candidates=selectors.candidates(call=call_2022), params=params
    )
    by_ref = {application.ref: application for application in instance.applications}
    expected = {}
    for key, application in made.items():
        mean = sum(scores[key]) / len(scores[key]) if scores[key] else None
        _total, share = documented(mean, met[key], len(events[key]["offers"]))
        expected[application.ref] = share
        assert [offer.value for offer in by_ref[application.ref].offers] == [share] * len(
            events[key]["offers"]
        ), key
    assert expected[made["regional"].ref] == 27.78  # round(round(66.667 × 1.25, 2) / 3, 2)

    result = optimise(instance)
    granted = [grant for grant in result.selected if grant.ref in expected]
    assert result.status == "optimal"
    assert {made["regional"].ref, made["international"].ref} <= {grant.ref for grant in granted}
    for grant in granted:
        assert grant.value == pytest.approx(expected[grant.ref] * len(grant.offers))


def test_the_value_function_follows_the_formula_and_says_so():
    worth = application_value(
        66.666,
        [Preference("regional_in_priority_country", True), Preference("someday", True)],
        BONUS,
        3,
    )
    assert (worth.total, worth.share) == documented(66.666, ["regional_in_priority_country"], 3)
    assert list(worth.explanation) == [
        "value 83.33: review score 66.67 × 1.25, split evenly over the offers it asks for "
        "(3): 27.78 each",
        "regional event in a HOT priority country: met, bonus +0.25",
        "someday: met, bonus +0",  # a preference the call sets no bonus for adds nothing
    ]
    unscored = application_value(None, [], BONUS, 2)
    assert (unscored.total, unscored.share) == (0.0, 0.0)
    assert list(unscored.explanation) == [
        "value 0: no counted review score yet",
        "no preference of the call applies to an event of its scope",
    ]
