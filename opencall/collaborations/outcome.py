"""What the call achieved: the figures of the Working Group's outcome report, read in
one place, and the content each event published openly (shown on the public page too).

Every figure comes from the events supported (accepted, signed-off decisions of
applications not withdrawn), their collaborations, reports and spending; the pages
only show these dataclasses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language, pgettext

from opencall.accounts.queue import hub_labels
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.collaborations.models import Collaboration
from opencall.collaborations.workflow import CommitmentKind, CommitmentStatus, DeliverableStatus
from opencall.core.countries import country_name, name_sort_key
from opencall.reference.models import Country
from opencall.selection import selectors as selection
from opencall.selection.models import Commitment as PoolCommitment
from opencall.selection.models import Decision, ResourcePool, Spend

NO_HUB = "-"


def scope_label(scope: str) -> str:
    """A scope in one word, for a count (the form's labels are whole sentences)."""
    words = {
        "national": pgettext("event scope", "National"),
        "regional": pgettext("event scope", "Regional"),
        "international": pgettext("event scope", "International"),
    }
    return words.get(scope, pgettext("event scope", "Not said"))


@dataclass(frozen=True)
class Count:
    """One bar of a chart: what is counted, and how many."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Tally:
    done: int  # delivered, or kept
    dropped: int  # dropped, or waived
    open: int

    @property
    def total(self) -> int:
        return self.done + self.dropped + self.open


@dataclass(frozen=True)
class PoolFigures:
    pool: ResourcePool  # its label and unit (pool.amount_text)
    committed: Decimal
    spent: Decimal
    returned: Decimal  # committed and not spent by closed collaborations: back in the pool


@dataclass(frozen=True)
class EventRow:
    """One event supported, as the per-event table and its exports show it."""

    application_id: int
    ref: str
    number: int
    name: str
    hub_code: str
    hub: str
    country_code: str
    country: str
    priority: bool
    start: object  # dt.date | None
    end: object
    scope: str
    scope_label: str
    reported: bool
    in_person: int | None  # None: no report yet
    online: int | None
    scholarships_used: int | None
    deliverables: Tally
    commitments: Tally
    committed: dict[str, Decimal]  # pool code -> amount
    spent: dict[str, Decimal]
    links: tuple[str, ...]  # content published openly
    closed: bool


@dataclass
class Outcome:
    events: list[EventRow]
    pools: list[PoolFigures]
    by_hub: list[Count] = field(default_factory=list)
    by_country: list[Count] = field(default_factory=list)
    by_scope: list[Count] = field(default_factory=list)
    priority_reached: list[str] = field(default_factory=list)  # country names
    priority_total: int = 0  # priority countries in the call's reference data
    in_person: int = 0
    online: int = 0
    reports: int = 0
    scholarships_used: int = 0
    deliverables: Tally = Tally(0, 0, 0)
    commitments: Tally = Tally(0, 0, 0)
    hub_choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def people(self) -> int:
        return self.in_person + self.online

    @property
    def with_content(self) -> list[EventRow]:
        return [event for event in self.events if event.links]


def _links(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for link in group or ():
            if isinstance(link, str) and link:
                seen.setdefault(link, None)
    return tuple(seen)


def _content(collaboration: Collaboration | None) -> tuple[str, ...]:
    """The links an event published openly: its kept open-content commitment's, then
    its report's. Prefetched commitments and report are read without a query."""
    if collaboration is None:
        return ()
    kept = [
        commitment.links
        for commitment in collaboration.commitments.all()
        if commitment.kind == CommitmentKind.OPEN_CONTENT
        and commitment.status == CommitmentStatus.KEPT
    ]
    report = getattr(collaboration, "report", None)
    return _links(*kept, report.links if report else ())


def _supported(call: Call):
    return (
        Application.objects.filter(
            call=call,
            decision__outcome=Decision.Outcome.ACCEPTED,
            decision__final_at__isnull=False,
        )
        .exclude(status=Status.WITHDRAWN)
        .exclude(decision__answer__in=selection.FREED)  # the offer declined, or let expire
        .select_related("decision", "collaboration", "collaboration__report")
        .prefetch_related("collaboration__deliverables", "collaboration__commitments")
        .order_by("start_date", "event_name", "number")
    )


def published_content(*, call: Call) -> dict[int, tuple[str, ...]]:
    """Application id -> the links its event published openly (public: no more)."""
    collaborations = Collaboration.objects.filter(application__call=call).select_related("report")
    collaborations = collaborations.prefetch_related("commitments")
    return {
        collaboration.application_id: links
        for collaboration in collaborations
        if (links := _content(collaboration))
    }


def _tally(items: Iterable, done: str, dropped: str) -> Tally:
    statuses = Counter(item.status for item in items)
    total = sum(statuses.values())
    return Tally(statuses[done], statuses[dropped], total - statuses[done] - statuses[dropped])


def _amounts(model, decisions: set[int]) -> dict[int, dict[str, Decimal]]:
    found: dict[int, dict[str, Decimal]] = {}
    rows = model.objects.filter(decision_id__in=decisions).values_list(
        "decision_id", "pool__code", "amount"
    )
    for decision, code, amount in rows:
        found.setdefault(decision, {})[code] = amount
    return found


def _row(
    application: Application,
    *,
    hubs: dict,
    priority: set[str],
    committed: dict[int, dict[str, Decimal]],
    spent: dict[int, dict[str, Decimal]],
    language: str,
) -> EventRow:
    document = application.document or {}
    collaboration = getattr(application, "collaboration", None)
    report = getattr(collaboration, "report", None) if collaboration else None
    label = hubs.get(application.hub_code)
    decision = application.decision
    try:
        parsed = ApplicationDocument.model_validate(document)
        start, end = parsed.start_date, parsed.end_date or parsed.start_date
    except ValueError:
        start, end = application.start_date, application.start_date
    return EventRow(
        application_id=application.pk,
        ref=application.ref,
        number=application.number,
        name=application.event_name,
        hub_code=application.hub_code,
        hub=label.full if label else "",
        country_code=application.country,
        country=country_name(application.country, language) if application.country else "",
        priority=application.country in priority,
        start=start,
        end=end,
        scope=application.scope,
        scope_label=scope_label(application.scope),
        reported=report is not None,
        in_person=report.attendance_in_person if report else None,
        online=report.attendance_online if report else None,
        scholarships_used=report.scholarships_used if report else None,
        deliverables=_tally(
            collaboration.deliverables.all() if collaboration else (),
            DeliverableStatus.DELIVERED,
            DeliverableStatus.DROPPED,
        ),
        commitments=_tally(
            collaboration.commitments.all() if collaboration else (),
            CommitmentStatus.KEPT,
            CommitmentStatus.WAIVED,
        ),
        committed=committed.get(decision.pk, {}),
        spent=spent.get(decision.pk, {}),
        links=_content(collaboration),
        closed=bool(collaboration and collaboration.closed_at),
    )


def _counts(pairs: Iterable[tuple[str, str]]) -> list[Count]:
    """(code, label) pairs counted, most first, then by name."""
    counted = Counter(pairs)
    ordered = sorted(counted.items(), key=lambda item: (-item[1], name_sort_key(item[0][1])))
    return [Count(code, label, count) for (code, label), count in ordered]


def _pools(call: Call, events: list[EventRow], closed: set[str], whole: bool) -> list[PoolFigures]:
    """Committed, spent and returned per pool: the selection's own figures for the
    whole call, the listed events' sums when the report shows part of it."""
    pools = list(ResourcePool.objects.filter(call=call))
    figures = []
    use = selection.pool_use(call=call) if whole else {}
    for pool in pools:
        committed = sum((e.committed.get(pool.code, Decimal(0)) for e in events), Decimal(0))
        spent = sum((e.spent.get(pool.code, Decimal(0)) for e in events), Decimal(0))
        if pool.code in use:
            committed, spent = use[pool.code].committed, use[pool.code].spent
        returned = sum(
            (
                max(Decimal(0), e.committed.get(pool.code, Decimal(0)) - e.spent.get(pool.code, 0))
                for e in events
                if e.ref in closed
            ),
            Decimal(0),
        )
        figures.append(PoolFigures(pool, committed, spent, returned))
    return figures


def outcome(*, call: Call, hub: str | None = None, visible: Iterable[int] | None = None) -> Outcome:
    """The report's figures, for one hub (`NO_HUB`: events without one) or all; only
    the applications in `visible` when the reader does not see every one."""
    language = (get_language() or "en")[:2]
    labels = hub_labels(call=call)
    applications = _supported(call)
    if visible is not None:
        applications = applications.filter(pk__in=list(visible))
    everything = list(applications)
    hub_choices = sorted(
        {
            (a.hub_code or NO_HUB, labels[a.hub_code].full if a.hub_code in labels else "")
            for a in everything
        },
        key=lambda pair: name_sort_key(pair[1]),
    )
    hub_choices = [
        (code, name or pgettext("events by hub", "No hub region")) for code, name in hub_choices
    ]
    if hub:
        everything = [a for a in everything if (a.hub_code or NO_HUB) == hub]
    priority = set(
        Country.objects.filter(version_id=call.reference_version_id, priority=True).values_list(
            "iso2", flat=True
        )
    )
    decisions = {application.decision.pk for application in everything}
    committed = _amounts(PoolCommitment, decisions)
    spent = _amounts(Spend, decisions)
    events = [
        _row(a, hubs=labels, priority=priority, committed=committed, spent=spent, language=language)
        for a in everything
    ]
    reports = [event for event in events if event.reported]
    closed = {event.ref for event in events if event.closed}
    no_hub = pgettext("events by hub", "No hub region")
    return Outcome(
        events=events,
        pools=_pools(call, events, closed, whole=not hub and visible is None),
        by_hub=_counts((e.hub_code or NO_HUB, e.hub or no_hub) for e in events),
        by_country=_counts((e.country_code, e.country or "—") for e in events),
        by_scope=_counts((e.scope, e.scope_label) for e in events),
        priority_reached=sorted({e.country for e in events if e.priority}, key=name_sort_key),
        priority_total=len(priority),
        in_person=sum(e.in_person or 0 for e in reports),
        online=sum(e.online or 0 for e in reports),
        reports=len(reports),
        scholarships_used=sum(e.scholarships_used or 0 for e in reports),
        deliverables=Tally(
            sum(e.deliverables.done for e in events),
            sum(e.deliverables.dropped for e in events),
            sum(e.deliverables.open for e in events),
        ),
        commitments=Tally(
            sum(e.commitments.done for e in events),
            sum(e.commitments.dropped for e in events),
            sum(e.commitments.open for e in events),
        ),
        hub_choices=hub_choices,
    )
