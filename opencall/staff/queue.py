"""The reviewer's queue as one annotated queryset: whatever the number of rows,
one query for the page and one for the count.

Every column comes from the application row or a correlated subquery: the
screening verdict (a join), the user's own review state, assignment and conflict,
and the team's score (mean, count, spread) over counted reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from opencall.accounts.selectors import visible_applications
from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.reviews.models import Assignment, Conflict, Review
from opencall.reviews.selectors import counted_reviews

PAGE_SIZE = 50
SORTS = {
    "number": "number",
    "-number": "-number",
    "name": "event_name",
    "-name": "-event_name",
    "start": F("start_date").asc(nulls_last=True),
    "-start": F("start_date").desc(nulls_last=True),
    "submitted": F("submitted_at").asc(nulls_last=True),
    "-submitted": F("submitted_at").desc(nulls_last=True),
    "score": F("score_mean").asc(nulls_last=True),
    "-score": F("score_mean").desc(nulls_last=True),
    "status": "status",
    "country": "country",
    "hub": "hub_code",
}
MY_REVIEW = ("none", "draft", "submitted", "assigned", "conflict")


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    verdict: str = ""
    hub: str = ""
    country: str = ""
    mine: str = ""  # one of MY_REVIEW, or ""
    q: str = ""
    sort: str = "number"


def _per_application(queryset: QuerySet[Any], aggregate: Any) -> Subquery:
    """One aggregate of `queryset` per application, as a correlated subquery."""
    return Subquery(
        queryset.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(value=aggregate)
        .values("value")[:1]
    )


def queue(*, user: Any, call: Call, filters: QueueFilters) -> QuerySet[Application]:
    mine = {"application": OuterRef("pk")}
    counted = counted_reviews()
    applications = (
        visible_applications(user=user, call=call)
        .select_related("screening", "call")
        .annotate(
            my_review=Subquery(Review.objects.filter(reviewer=user, **mine).values("state")[:1]),
            assigned_to_me=Exists(Assignment.objects.filter(reviewer=user, **mine)),
            conflicted=Exists(Conflict.objects.filter(user=user, **mine)),
            review_count=Coalesce(
                _per_application(counted, Count("pk")), Value(0), output_field=IntegerField()
            ),
            score_mean=_per_application(counted, Avg("score")),
            score_spread=_per_application(counted, Max("score") - Min("score")),
        )
    )
    return _filtered(applications, filters).order_by(SORTS.get(filters.sort, "number"), "pk")


def _filtered(applications: QuerySet[Application], f: QueueFilters) -> QuerySet[Application]:
    if f.status:
        applications = applications.filter(status=f.status)
    if f.verdict:
        applications = applications.filter(screening__verdict=f.verdict)
    if f.hub:
        applications = applications.filter(hub_code="" if f.hub == "-" else f.hub)
    if f.country:
        applications = applications.filter(country=f.country.upper())
    if f.q:
        applications = applications.filter(
            Q(event_name__icontains=f.q) | Q(email__icontains=f.q) | Q(number=_number(f.q))
        )
    return _mine(applications, f.mine)


def _number(text: str) -> int:
    """`HOT-SUMMIT-2022-0042` or `42` finds application 42; other text finds none."""
    tail = text.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else -1


def _mine(applications: QuerySet[Application], mine: str) -> QuerySet[Application]:
    if mine == "none":
        return applications.filter(my_review__isnull=True, conflicted=False)
    if mine in ("draft", "submitted"):
        return applications.filter(my_review=mine)
    if mine == "assigned":
        # Spelt out: NOT (x = 'submitted') drops the rows where x is NULL.
        return applications.filter(assigned_to_me=True).filter(
            Q(my_review__isnull=True) | Q(my_review=Review.State.DRAFT)
        )
    if mine == "conflict":
        return applications.filter(conflicted=True)
    return applications
