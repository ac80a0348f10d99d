"""Writes of the review: scores, assignments, conflicts, shares, internal notes.

Each service is atomic, locks what two people may race on, and writes the audit
timeline (applications.services.record): who, when, old -> new, why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import record
from opencall.reviews.aggregate import Scale, aggregate, weighted_score
from opencall.reviews.balancing import Candidate, Need, plan
from opencall.reviews.models import (
    Assignment,
    Conflict,
    Note,
    Review,
    ReviewSummary,
    Score,
    Share,
)
from opencall.reviews.rubric import rubric_for
from opencall.reviews.selectors import counted_reviews

KIND = ApplicationEvent.Kind


class ReviewRefused(Exception):
    """The review action is not possible; the message says why, for the page."""


def _name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("call").get(pk=application.pk)


def _check_not_conflicted(application: Application, user: Any) -> None:
    if Conflict.objects.filter(application=application, user=user).exists():
        raise ReviewRefused(_("You declared a conflict of interest with this application."))


def _score_text(score: float | None) -> str:
    return "" if score is None else f"{score:g}"


@transaction.atomic
def review_save(
    *,
    application: Application,
    reviewer: Any,
    scores: Mapping[str, int],
    comment: str,
    submit: bool,
) -> Review:
    """Save a reviewer's scores and comment; `submit` shares them with the team
    (every criterion is then required). A submitted review may still be corrected:
    every change of score is on the timeline."""
    locked = _lock(application)
    _check_not_conflicted(locked, reviewer)
    criteria = {criterion.code: criterion for criterion in rubric_for(call=locked.call)}
    for code, value in scores.items():
        criterion = criteria.get(code)
        if criterion is None:
            raise ReviewRefused(_("“%(code)s” is not a criterion of this call.") % {"code": code})
        if value not in criterion.scale:
            raise ReviewRefused(
                _("The score for “%(label)s” must be between %(low)s and %(high)s.")
                % {"label": criterion.text, "low": criterion.scale_min, "high": criterion.scale_max}
            )
    if submit and (missing := [c.text for code, c in criteria.items() if code not in scores]):
        raise ReviewRefused(
            _("Score every criterion before you submit: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    review, _created = Review.objects.get_or_create(application=locked, reviewer=reviewer)
    review = Review.objects.select_for_update().get(pk=review.pk)
    before = {s.criterion.code: s.value for s in review.scores.select_related("criterion")}
    for code, value in scores.items():
        Score.objects.update_or_create(
            review=review, criterion=criteria[code], defaults={"value": value}
        )
    after = {**before, **scores}
    scales = {code: Scale(c.scale_min, c.scale_max, c.weight) for code, c in criteria.items()}
    old_score, old_state = review.score, review.state
    review.score = weighted_score(after, scales)
    review.comment = comment
    if submit and review.state != Review.State.SUBMITTED:
        review.state = Review.State.SUBMITTED
        review.submitted_at = timezone.now()
    review.full_clean()
    review.save()
    summaries_refresh(application_ids=[locked.pk])
    if before != after or old_state != review.state:
        record(
            locked,
            KIND.REVIEW,
            actor=Actor.STAFF,
            user=reviewer,
            old=_score_text(old_score) if old_state == Review.State.SUBMITTED else "",
            new=_score_text(review.score) if review.state == Review.State.SUBMITTED else "",
            data={
                "reviewer": _name(reviewer),
                "state": review.state,
                "before": before,
                "after": after,
            },
        )
    return review


@transaction.atomic
def assignment_add(
    *, application: Application, reviewer: Any, by: Any, source: str = Assignment.Source.MANUAL
) -> Assignment:
    locked = _lock(application)
    _check_not_conflicted(locked, reviewer)
    assignment, created = Assignment.objects.get_or_create(
        application=locked, reviewer=reviewer, defaults={"assigned_by": by, "source": source}
    )
    if created:
        record(
            locked,
            KIND.ASSIGNMENT,
            actor=Actor.STAFF,
            user=by,
            new=_name(reviewer),
            data={"action": "assigned", "reviewer_id": reviewer.pk, "source": source},
        )
    return assignment


@transaction.atomic
def assignment_remove(
    *, application: Application, reviewer: Any, by: Any, reason: str = ""
) -> bool:
    locked = _lock(application)
    deleted, _rows = Assignment.objects.filter(application=locked, reviewer=reviewer).delete()
    if deleted:
        record(
            locked,
            KIND.ASSIGNMENT,
            actor=Actor.STAFF,
            user=by,
            old=_name(reviewer),
            reason=reason,
            data={"action": "unassigned", "reviewer_id": reviewer.pk},
        )
    return bool(deleted)


@transaction.atomic
def conflict_declare(*, application: Application, user: Any, reason: str) -> Conflict:
    """A reviewer steps back: their assignment goes, their scores no longer count, and
    the rulebook hides the scores from them from now on."""
    locked = _lock(application)
    conflict, created = Conflict.objects.get_or_create(
        application=locked, user=user, defaults={"reason": reason}
    )
    if created:
        Assignment.objects.filter(application=locked, reviewer=user).delete()
        summaries_refresh(application_ids=[locked.pk])
        record(
            locked,
            KIND.ASSIGNMENT,
            actor=Actor.STAFF,
            user=user,
            new=_("conflict of interest: %(name)s") % {"name": _name(user)},
            reason=reason,
            data={"action": "conflict", "user_id": user.pk},
        )
    return conflict


@transaction.atomic
def share_add(*, application: Application, user: Any, by: Any) -> Share:
    """Open an application to a hub manager whose region does not hold it. The caller
    offers only the call's hub managers (accounts.selectors.hub_managers)."""
    locked = _lock(application)
    _check_not_conflicted(locked, user)
    share, created = Share.objects.get_or_create(
        application=locked, user=user, defaults={"shared_by": by}
    )
    if created:
        record(
            locked,
            KIND.ASSIGNMENT,
            actor=Actor.STAFF,
            user=by,
            new=_("shared with %(name)s") % {"name": _name(user)},
            data={"action": "shared", "user_id": user.pk},
        )
    return share


@transaction.atomic
def note_add(*, application: Application, author: Any, body: str) -> Note:
    body = body.strip()
    if not body:
        raise ReviewRefused(_("The note is empty."))
    locked = _lock(application)
    note = Note.objects.create(application=locked, author=author, body=body)
    record(
        locked,
        KIND.NOTE,
        actor=Actor.STAFF,
        user=author,
        reason=body,
        data={"note_id": note.pk},
    )
    return note


@transaction.atomic
def assign_automatically(
    *,
    applications: Any,
    candidates: list[Candidate],
    target: int,
    by: Any,
) -> int:
    """Top up every application to `target` reviewers (reviews.balancing.plan).
    `applications` is a queryset the caller chose (a call's reviewable applications);
    `candidates` the call's reviewers. Returns the number of assignments made."""
    if target < 1:
        raise ReviewRefused(_("Ask for at least one review per application."))
    rows = list(applications.select_for_update().values_list("pk", "hub_code"))
    ids = [pk for pk, _hub in rows]
    assigned: dict[int, set[int]] = {pk: set() for pk in ids}
    for app_id, user_id in Assignment.objects.filter(application_id__in=ids).values_list(
        "application_id", "reviewer_id"
    ):
        assigned[app_id].add(user_id)
    excluded: dict[int, set[int]] = {pk: set() for pk in ids}
    for app_id, user_id in Conflict.objects.filter(application_id__in=ids).values_list(
        "application_id", "user_id"
    ):
        excluded[app_id].add(user_id)
    load: dict[int, int] = {}
    for user_ids in assigned.values():
        for user_id in user_ids:
            load[user_id] = load.get(user_id, 0) + 1
    needs = [Need(pk, hub, assigned[pk], excluded[pk]) for pk, hub in rows]
    pairs = plan(needs, candidates, target=target, load=load)
    users = {u.pk: u for u in _users([user_id for _app, user_id in pairs])}
    Assignment.objects.bulk_create(
        [
            Assignment(
                application_id=app_id,
                reviewer_id=user_id,
                assigned_by=by,
                source=Assignment.Source.AUTOMATIC,
            )
            for app_id, user_id in pairs
        ]
    )
    # One timeline row per assignment, written in bulk: a call may have thousands.
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application_id=app_id,
                kind=KIND.ASSIGNMENT,
                actor=Actor.STAFF,
                user=by,
                new=_name(users[user_id])[:200],
                data={"action": "assigned", "reviewer_id": user_id, "source": "automatic"},
            )
            for app_id, user_id in pairs
        ]
    )
    return len(pairs)


def _users(ids: list[int]) -> list[Any]:
    return list(get_user_model().objects.filter(pk__in=set(ids)))


def summaries_refresh(*, application_ids: list[int]) -> None:
    """Recompute the team's aggregate (ReviewSummary) of these applications from
    their counted reviews (reviews.selectors.counted_reviews)."""
    scores: dict[int, list[float]] = {pk: [] for pk in application_ids}
    for app_id, score in (
        counted_reviews()
        .filter(application_id__in=application_ids)
        .values_list("application_id", "score")
    ):
        scores[app_id].append(score)
    summaries = []
    for app_id, values in scores.items():
        result = aggregate(values)
        summaries.append(
            ReviewSummary(
                application_id=app_id, count=result.count, mean=result.mean, spread=result.spread
            )
        )
    ReviewSummary.objects.filter(application_id__in=application_ids).delete()
    ReviewSummary.objects.bulk_create(summaries)
