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


@dataclass(frozen=True)
class OwnReview:
    state: str
    score: float | None
    scores: dict[str, int]  # criterion code -> value


def team_views(
    *, application_ids: list[int], criteria: list[RubricCriterion]
) -> dict[int, TeamView]:
    """`team_view` of many applications at once (a list, an export): two queries.
    The caller asks the rulebook (`applications.view_scores`) which of them to show."""
    reviews = counted_reviews().filter(application_id__in=application_ids)
    scores: dict[int, list[float]] = {}
    for application_id, score in reviews.values_list("application_id", "score"):
        scores.setdefault(application_id, []).append(score)
    means: dict[int, dict[int, float]] = {}
    rows = (
        Score.objects.filter(review__in=reviews)
        .values("review__application_id", "criterion_id")
        .annotate(mean=Avg("value"))
        .values_list("review__application_id", "criterion_id", "mean")
    )
    for application_id, criterion_id, mean in rows:
        means.setdefault(application_id, {})[criterion_id] = mean
    views = {}
    for application_id in application_ids:
        found = means.get(application_id, {})
        views[application_id] = TeamView(
            aggregate(scores.get(application_id, [])),
            [CriterionMean(c, round(found[c.pk], 2) if c.pk in found else None) for c in criteria],
        )
    return views


def own_reviews(*, application_ids: list[int], reviewer: Any) -> dict[int, OwnReview]:
    """The reader's own reviews of many applications, with their scores: two queries."""
    reviews = Review.objects.filter(
        application_id__in=application_ids, reviewer=reviewer
    ).prefetch_related(Prefetch("scores", Score.objects.select_related("criterion")))
    return {
        review.application_id: OwnReview(
            review.state,
            review.score,
            {score.criterion.code: score.value for score in review.scores.all()},
        )
        for review in reviews
    }


def reviewers_of(*, application_ids: list[int]) -> dict[int, list[tuple[Any, str]]]:
    """Each application's assigned reviewers, by name, with their review's state
    ("submitted", "draft" or "" for none yet), as the application page lists them."""
    states = {
        (application_id, reviewer_id): state
        for application_id, reviewer_id, state in Review.objects.filter(
            application_id__in=application_ids
        ).values_list("application_id", "reviewer_id", "state")
    }
    found: dict[int, list[tuple[Any, str]]] = {}
    assignments = (
        Assignment.objects.filter(application_id__in=application_ids)
        .select_related("reviewer")
        .order_by("application_id", "created_at", "pk")
    )
    for assignment in assignments:
        state = states.get((assignment.application_id, assignment.reviewer_id), "")
        found.setdefault(assignment.application_id, []).append((assignment.reviewer, state))
    return found
