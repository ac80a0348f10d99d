"""The reviewer's queue, whatever its size, in three queries: the count, the
numbers of one page's rows, then those rows with everything the table shows.

Two steps, because a database computes the columns of every matching row before
it sorts them: the first query carries only what the filter and the sort need;
the per-row columns (the user's own review state, assignment, conflict) are
computed for the 50 rows of the page only. The team's score is a join to
ReviewSummary, kept up to date by the review services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from opencall.accounts.selectors import applicants_seen, visible_applications
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.core.countries import country_name, name_sort_key
from opencall.reference.models import Hub
from opencall.reviews.models import Assignment, Conflict, Review

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
    "score": F("review_summary__mean").asc(nulls_last=True),
    "-score": F("review_summary__mean").desc(nulls_last=True),
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


def _mine(user: Any) -> dict[str, Any]:
    """The user's own relation to each application, as annotations."""
    this = {"application": OuterRef("pk")}
    return {
        "my_review": Subquery(Review.objects.filter(reviewer=user, **this).values("state")[:1]),
        "assigned_to_me": Exists(Assignment.objects.filter(reviewer=user, **this)),
        "conflicted": Exists(Conflict.objects.filter(user=user, **this)),
    }


@dataclass(frozen=True)
class HubLabel:
    """A hub as a dense list shows it: its region ("Asia Pacific"), the full name kept
    for a tooltip. A full name ("Open Mapping Hub - Asia Pacific") wraps to four lines
    in a table's narrow column."""

    short: str
    full: str

    def __str__(self) -> str:
        return self.short


def hub_labels(*, call: Call) -> dict[str, HubLabel]:
    """Every hub of the call's reference data, code to label (one query)."""
    language = get_language()
    return {
        hub.code: HubLabel(hub.region_in(language) or hub.name_in(language), hub.name_in(language))
        for hub in Hub.objects.filter(version_id=call.reference_version_id)
    }


def hub_choices(labels: dict[str, HubLabel]) -> list[tuple[str, str]]:
    """The hub filters' choices: code and short name, by name."""
    return sorted(((code, label.short) for code, label in labels.items()), key=lambda h: h[1])


def queue_countries(*, user: Any, call: Call) -> list[tuple[str, str]]:
    """The countries of the applications this person may see, code and name in the
    reader's language, by name: the country filters' choices (one query)."""
    visible = visible_applications(user=user, call=call).exclude(country="")
    language = get_language()
    named = {
        (code, country_name(code, language)) for code in visible.values_list("country", flat=True)
    }
    return sorted(named, key=lambda pair: name_sort_key(pair[1]))


def queue_numbers(*, user: Any, call: Call, filters: QueueFilters) -> QuerySet[Any]:
    """The ids of the matching applications, in the queue's order (page with this)."""
    applications = visible_applications(user=user, call=call)
    if filters.mine:
        applications = _by_my_review(applications.annotate(**_mine(user)), filters.mine)
    order = SORTS.get(filters.sort, "number")
    # Numbers are unique in a call: a tie-breaker only where the sort has ties.
    ordering = [order] if filters.sort in ("number", "-number", "") else [order, "number"]
    seen = applicants_seen(user=user, call=call) if filters.q else None
    filtered = _filtered(applications, filters, seen=seen)
    return filtered.order_by(*ordering).values_list("pk", flat=True)


def queue_rows(*, user: Any, ids: list[int]) -> list[Application]:
    """One page's applications with the table's columns, in the order of `ids`."""
    rows = (
        Application.objects.filter(pk__in=ids)
        .select_related("screening", "call", "review_summary")
        .annotate(
            **_mine(user),
            review_count=Coalesce(
                F("review_summary__count"), Value(0), output_field=IntegerField()
            ),
            score_mean=F("review_summary__mean"),
            score_spread=F("review_summary__spread"),
        )
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def queue_all_rows(*, user: Any, ids: list[int], chunk: int = 500) -> list[Application]:
    """Every matching row with the table's columns (an export): one page's query per
    `chunk` rows, so a long list never makes one huge query."""
    rows: list[Application] = []
    for start in range(0, len(ids), chunk):
        rows += queue_rows(user=user, ids=ids[start : start + chunk])
    return rows


def shows_score(row: Application, *, is_admin: bool) -> bool:
    """Whether the team's score is shown on a row of `queue_rows`: the rulebook's
    `applications.view_scores` (no conflict; call administrators always, the others
    after their own review), read from the row's own columns."""
    return not row.conflicted and (is_admin or row.my_review == Review.State.SUBMITTED)


def _filtered(
    applications: QuerySet[Application], f: QueueFilters, *, seen: Q | None = None
) -> QuerySet[Application]:
    """`seen`: where the person may see the applicant (a blind review); an address finds
    only those, or the search would tell who applied."""
    if f.status:
        applications = applications.filter(status=f.status)
    if f.verdict:
        applications = applications.filter(screening__verdict=f.verdict)
    if f.hub:
        applications = applications.filter(hub_code="" if f.hub == "-" else f.hub)
    if f.country:
        applications = applications.filter(country=f.country.upper())
    if f.q:
        by_email = Q(email__icontains=f.q) if seen is None else Q(email__icontains=f.q) & seen
        applications = applications.filter(
            Q(event_name__icontains=f.q) | by_email | Q(number=_number(f.q))
        )
    return applications


def _number(text: str) -> int:
    """`HOT-SUMMIT-2022-0042`, `#0042` or `42` finds application 42; other text finds none."""
    tail = text.rsplit("-", 1)[-1].strip().lstrip("#№").strip()
    return int(tail) if tail.isdigit() else -1


def _by_my_review(applications: QuerySet[Application], mine: str) -> QuerySet[Application]:
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


# What needs a member on a call: the staff home page ------------------------------

# Statuses in which a review still counts: before the selection decides.
AWAITING_REVIEW = (
    Status.SUBMITTED,
    Status.SCREENED,
    Status.IN_CONVERSATION,
    Status.RESOURCE_CHECK,
    Status.SHORTLISTED,
)


def status_counts(*, user: Any, call: Call) -> list[tuple[Status, int]]:
    """How many applications this user may see are in each status, in the table's order
    (statuses with none left out). One query."""
    found = dict(
        visible_applications(user=user, call=call)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return [(status, found[status.value]) for status in Status if found.get(status.value)]


def hub_counts(*, user: Any, call: Call) -> list[tuple[str, int]]:
    """How many applications this user may see come from each hub's region ("" for
    events in no hub's region), most first. One query; a hub manager sees their own
    hub, and the applications shared with or assigned to them."""
    rows = (
        visible_applications(user=user, call=call)
        .order_by()
        .values_list("hub_code")
        .annotate(count=Count("pk"))
    )
    return sorted(rows, key=lambda row: (-row[1], row[0] == "", row[0]))


def reviews_waiting(*, user: Any, call: Call) -> list[Application]:
    """The applications assigned to this user for review whose review they have not
    submitted yet (a draft still waits), without a declared conflict, while reviews
    still count. One query."""
    mine = {"application": OuterRef("pk")}
    return list(
        visible_applications(user=user, call=call)
        .filter(status__in=AWAITING_REVIEW)
        .filter(Exists(Assignment.objects.filter(reviewer=user, **mine)))
        .exclude(Exists(Review.objects.filter(reviewer=user, state=Review.State.SUBMITTED, **mine)))
        .exclude(Exists(Conflict.objects.filter(user=user, **mine)))
        .select_related("call")
        .order_by("number")
    )
