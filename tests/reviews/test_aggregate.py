"""Aggregation and scoring: plain Python, no database."""

from decimal import Decimal

from opencall.reviews.aggregate import Scale, aggregate, weighted_score

SCALES = {"a": Scale(1, 5, Decimal(3)), "b": Scale(0, 10, Decimal(1))}


def test_weighted_score_brings_each_scale_to_100_before_weighting():
    # a: (4-1)/4 = 75 points, weight 3; b: 10/10 = 100 points, weight 1.
    assert weighted_score({"a": 4, "b": 10}, SCALES) == 81.2


def test_weighted_score_is_none_until_every_criterion_is_scored():
    assert weighted_score({"a": 4}, SCALES) is None


def test_aggregate_gives_mean_median_and_spread():
    result = aggregate([50.0, 60.0, 100.0])
    assert (result.count, result.mean, result.median, result.spread) == (3, 70.0, 60.0, 50.0)
    assert result.disagreement is True


def test_close_scores_are_not_flagged():
    assert aggregate([70.0, 80.0]).disagreement is False


def test_one_review_is_never_a_disagreement_and_none_is_empty():
    assert aggregate([10.0]).disagreement is False
    empty = aggregate([])
    assert (empty.count, empty.mean, empty.spread) == (0, None, None)
