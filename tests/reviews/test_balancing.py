"""Automatic assignment plan: region first, balanced load, no conflicts, no repeats."""

from opencall.reviews.balancing import Candidate, Need, plan

WG1, WG2, WG3 = Candidate(1), Candidate(2), Candidate(3)
ESA, AP = Candidate(10, "esa"), Candidate(11, "ap")


def test_regional_hub_manager_comes_first_then_the_least_loaded_working_group_member():
    pairs = plan([Need(100, "esa")], [WG1, WG2, ESA, AP], target=2, load={1: 5, 2: 0})
    assert pairs == [(100, 10), (100, 2)]


def test_hub_managers_of_other_regions_are_never_picked():
    pairs = plan([Need(100, "ap"), Need(101, "")], [WG1, ESA], target=2)
    assert pairs == [(100, 1), (101, 1)]


def test_load_is_balanced_across_applications():
    needs = [Need(n, "") for n in range(100, 106)]
    pairs = plan(needs, [WG1, WG2, WG3], target=1)
    counts = {user: sum(1 for _a, u in pairs if u == user) for user in (1, 2, 3)}
    assert counts == {1: 2, 2: 2, 3: 2}


def test_conflicted_and_already_assigned_reviewers_are_skipped():
    need = Need(100, "", assigned={1}, excluded={2})
    assert plan([need], [WG1, WG2, WG3], target=2) == [(100, 3)]


def test_applications_that_have_enough_reviewers_get_none_more():
    assert plan([Need(100, "", assigned={1, 2})], [WG1, WG2, WG3], target=2) == []
