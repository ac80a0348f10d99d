"""Reads of the review: one's own review, the team's aggregate, assignments, notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Exists, OuterRef, Prefetch, QuerySet

from opencall.applications.models import Application
from opencall.reviews.aggregate import Aggregate, aggregate
from opencall.reviews.models import Assignment, Conflict, Note, Review, RubricCriterion, Score
from opencall.reviews.rubric import rubric_for


def counted_reviews() -> QuerySet[Review]:
    """Submitted reviews whose reviewer has not since declared a conflict."""
    conflict = Conflict.objects.filter(
        application=OuterRef("application"), user=OuterRef("reviewer")
    )
    return Review.objects.filter(state=Review.State.SUBMITTED).exclude(Exists(conflict))


def own_review(*, application: Application, reviewer: Any) -> Review | None:
    return (
        Review.objects.filter(application=application, reviewer=reviewer)
        .prefetch_related(Prefetch("scores", Score.objects.select_related("criterion")))
        .first()
    )


def own_scores(*, review: Review | None) -> dict[str, int]:
    if review is None:
        return {}
    return {score.criterion.code: score.value for score in review.scores.all()}


@dataclass(frozen=True)
class CriterionMean:
    criterion: RubricCriterion
    mean: float | None


@dataclass(frozen=True)
class TeamView:
    aggregate: Aggregate
    criteria: list[CriterionMean]


def team_view(
    *, application: Application, criteria: list[RubricCriterion] | None = None
) -> TeamView:
    """What the team sees once allowed (applications.view_scores)."""
    reviews = counted_reviews().filter(application=application)
    scores = list(reviews.values_list("score", flat=True))
    means = dict(
        Score.objects.filter(review__in=reviews)
        .values("criterion_id")
        .annotate(mean=Avg("value"))
        .values_list("criterion_id", "mean")
    )
    criteria = [
        CriterionMean(c, round(means[c.pk], 2) if c.pk in means else None)
        for c in (criteria if criteria is not None else rubric_for(call=application.call))
    ]
    # Comments stay with their reviewer: the team sees numbers only.
    return TeamView(aggregate(scores), criteria)


def assignments_of(*, application: Application) -> QuerySet[Assignment]:
    return Assignment.objects.filter(application=application).select_related("reviewer")


def review_states(*, application: Application) -> dict[int, str]:
    return dict(Review.objects.filter(application=application).values_list("reviewer_id", "state"))


def notes_of(*, application: Application) -> QuerySet[Note]:
    return Note.objects.filter(application=application).select_related("author")


def is_conflicted(*, application: Application, user: Any) -> bool:
    return Conflict.objects.filter(application=application, user=user).exists()
