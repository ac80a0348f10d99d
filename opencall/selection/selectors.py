"""Reads for the selection: the candidates with their scores, values and costs, and
the optimiser's instance built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from opencall.applications.document import ApplicationDocument, OfferRequest
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.reviews.selectors import counted_reviews
from opencall.screening.preferences import (
    Problem,
    StoredPreference,
    StoredPreferences,
    stored_preferences,
)
from opencall.selection import instance as inst
from opencall.selection.models import (
    Commitment,
    Decision,
    HubBound,
    OfferCost,
    OfferRequirement,
    ResourcePool,
    SelectionSettings,
    SignOff,
    Spend,
)
from opencall.selection.texts import Text, say
from opencall.selection.value import Preference, application_value

# Shortlisted applications, and every one with a decision (whose resources count).
CANDIDATES = Q(status__in=(Status.SHORTLISTED, Status.ACCEPTED, Status.WAITLISTED)) | Q(
    decision__isnull=False
)


# Which bonus of the call's settings each preference of the engine earns.
BONUS_FIELDS = {
    "regional_in_priority_country": "priority_country_bonus",
    "international_accessible": "accessible_bonus",
}


class ScreeningOutOfDate(ValueError):
    """The value of some candidates rests on a screening result that cannot be read."""

    def __init__(self, problems: list[Text]) -> None:
        self.text = Text("screening.refused", problems=tuple(problems))
        super().__init__(str(self.text))


@dataclass
class CandidateOffer:
    code: str
    label: str
    value: float
    cost: dict[str, Decimal]
    agreed: bool = False


@dataclass
class Candidate:
    application: Application
    score: float | None
    reviews: int
    # As the stored screening result records them; empty when `problem` says why.
    preferences: tuple[StoredPreference, ...]
    # None when the value cannot be known: the screening result is missing or stale.
    value: float | None
    offers: list[CandidateOffer] = field(default_factory=list)
    explanation: tuple[Text, ...] = ()
    problem: Text | None = None

    @property
    def decision(self) -> Decision | None:
        return getattr(self.application, "decision", None)

    @property
    def explained(self) -> list[str]:
        """The explanation of its value (or why it is unknown) in the active language."""
        return [say(text, gettext) for text in self.explanation]

    def _met(self, preference: str) -> bool:
        return any(p.id == preference and p.met for p in self.preferences)

    @property
    def priority(self) -> bool:
        return self._met("regional_in_priority_country")

    @property
    def accessible(self) -> bool:
        return self._met("international_accessible")


def bonuses(options: SelectionSettings) -> dict[str, float]:
    return {key: float(getattr(options, name)) for key, name in BONUS_FIELDS.items()}


def _scores(call: Call, only: Application | None) -> dict[int, tuple[float, int]]:
    reviews = counted_reviews().filter(application=only) if only else counted_reviews()
    rows = (
        reviews.filter(application__call=call)
        .values("application_id")
        .annotate(mean=Avg("score"), count=Count("id"))
    )
    return {row["application_id"]: (row["mean"], row["count"]) for row in rows}


def _problem(application: Application, stored: StoredPreferences, current: str) -> Text | None:
    ref = application.ref
    if stored.problem is Problem.MISSING:
        return Text("screening.missing", ref=ref)
    if stored.problem is Problem.REFERENCE:
        return Text("screening.reference", ref=ref, stored=stored.screened_with, current=current)
    if stored.problem is Problem.DOCUMENT:
        return Text("screening.document", ref=ref)
    return None


def settings_of(*, call: Call) -> SelectionSettings:
    """The call's selection settings; the defaults, unsaved, for a call that has none
    (made in the admin rather than loaded from a file): reading never writes."""
    return SelectionSettings.objects.filter(call=call).first() or SelectionSettings(call=call)


def candidates(*, call: Call, only: Application | None = None) -> list[Candidate]:
    """Shortlisted (and already decided) applications, as the optimiser sees them
    (`only`: just that one, if it is a candidate). A fixed number of queries,
    whatever the number of applications.

    The preferences, and so the value, are those of the stored screening result; a
    candidate whose result is missing or stale has no value and says so (`problem`)."""
    options = settings_of(call=call)
    weights = bonuses(options)
    chosen = Application.objects.filter(pk=only.pk) if only else Application.objects.all()
    applications = list(
        chosen.filter(CANDIDATES, call=call)
        .select_related("call", "screening", "decision")
        .prefetch_related("cost_estimates__pool")
        .order_by("number")
    )
    scores = _scores(call, only)
    labels = {offer.code: offer.label for offer in call.offers.all()}
    defaults: dict[str, list[OfferCost]] = {}
    for cost in OfferCost.objects.filter(call=call).select_related("pool"):
        defaults.setdefault(cost.offer_code, []).append(cost)
    reference = call.reference_version.key
    result = []
    for application in applications:
        document = ApplicationDocument.model_validate(application.document)
        score, count = scores.get(application.pk, (None, 0))
        stored = stored_preferences(application=application, reference_key=reference)
        requests = [request for request in document.offers if request.type in labels]
        problem = _problem(application, stored, reference)
        worth = None
        if problem is None:
            preferences = (Preference(p.id, p.met) for p in stored.preferences)
            worth = application_value(score, preferences, weights, len(requests))
        offers = _offers(application, requests, defaults, labels, worth.share if worth else 0.0)
        result.append(
            Candidate(
                application=application,
                score=score,
                reviews=count,
                preferences=stored.preferences,
                value=worth.total if worth else None,
                offers=offers,
                explanation=worth.explanation if worth else (problem,),
                problem=problem,
            )
        )
    return result


def _offers(
    application: Application,
    requests: list[OfferRequest],
    defaults: dict[str, list[OfferCost]],
    labels: dict[str, str],
    share: float,
) -> list[CandidateOffer]:
    estimates: dict[str, dict[str, Any]] = {}
    for estimate in application.cost_estimates.all():
        estimates.setdefault(estimate.offer_code, {})[estimate.pool.code] = estimate
    offers = []
    for request in requests:
        cost: dict[str, Decimal] = {}
        for default in defaults.get(request.type, []):
            if default.from_requested_amount:
                cost[default.pool.code] = request.amount_usd or Decimal(0)
            else:
                cost[default.pool.code] = default.amount
        adjusted = estimates.get(request.type, {})
        cost.update({code: estimate.amount for code, estimate in adjusted.items()})
        agreed = bool(adjusted) and all(e.agreed for e in adjusted.values())
        offers.append(CandidateOffer(request.type, labels[request.type], share, cost, agreed))
    return offers


FREED = (Decision.Answer.DECLINED, Decision.Answer.EXPIRED)


@dataclass(frozen=True)
class PoolUse:
    committed: Decimal = Decimal(0)  # what final decisions took
    spent: Decimal = Decimal(0)  # what was recorded as spent
    in_use: Decimal = Decimal(0)  # what counts against the capacity


def pool_use(*, call: Call) -> dict[str, PoolUse]:
    """Each pool's committed, spent and in use. A decision holds what it committed, or
    what it spent where that is more; once its spending is closed (the collaboration
    closed), only what it spent: the rest returns to the pool."""
    per: dict[tuple[int, str], list[Decimal]] = {}
    settled = set(
        Decision.objects.filter(
            application__call=call, spending_closed_at__isnull=False
        ).values_list("pk", flat=True)
    )
    # An offer the applicant declined, or let expire, holds nothing (selection/offers.py).
    held = Commitment.objects.filter(pool__call=call).exclude(decision__answer__in=FREED)
    for decision, code, amount in held.values_list("decision_id", "pool__code", "amount"):
        per.setdefault((decision, code), [Decimal(0), Decimal(0)])[0] += amount
    for decision, code, amount in Spend.objects.filter(pool__call=call).values_list(
        "decision_id", "pool__code", "amount"
    ):
        per.setdefault((decision, code), [Decimal(0), Decimal(0)])[1] += amount
    totals: dict[str, list[Decimal]] = {}
    for (decision, code), (committed_, spent) in per.items():
        total = totals.setdefault(code, [Decimal(0), Decimal(0), Decimal(0)])
        total[0] += committed_
        total[1] += spent
        total[2] += spent if decision in settled else max(committed_, spent)
    return {code: PoolUse(*values) for code, values in totals.items()}


def committed(*, call: Call) -> dict[str, Decimal]:
    """What counts against each pool's capacity now (`pool_use`'s in use)."""
    return {code: use.in_use for code, use in pool_use(call=call).items()}


def default_params(*, call: Call) -> dict[str, Any]:
    options = settings_of(call=call)
    return {
        "pools": {
            pool.code: float(pool.capacity) for pool in ResourcePool.objects.filter(call=call)
        },
        "max_events": options.max_events,
        "hubs": {
            bound.hub_code: {"min": bound.minimum, "max": bound.maximum}
            for bound in HubBound.objects.filter(call=call)
        },
        "locks": {},
        "time_limit_s": 30,
    }


def _lock(candidate: Candidate, locks: dict[str, str]) -> str | None:
    """People's decisions are fixed: final ones lock the application; the scenario's
    own locks come next."""
    decision = candidate.decision
    if decision is not None and decision.answer in FREED:
        return "out"  # the applicant declined the offer, or let it expire
    if decision is not None and decision.final_at is not None:
        return "in" if decision.outcome == Decision.Outcome.ACCEPTED else "out"
    return locks.get(candidate.application.ref)


def build_instance(
    *, call: Call, candidates: list[Candidate], params: dict[str, Any]
) -> inst.Instance:
    """The optimiser's instance. Refused (ScreeningOutOfDate) when a candidate's value
    cannot be known: the selection does not judge the policy again by itself."""
    if problems := [candidate.problem for candidate in candidates if candidate.problem]:
        raise ScreeningOutOfDate(problems)
    requires: dict[str, list[str]] = {}
    for requirement in OfferRequirement.objects.filter(call=call):
        requires.setdefault(requirement.offer_code, []).append(requirement.requires_code)
    applications = tuple(
        inst.Application(
            ref=candidate.application.ref,
            hub=candidate.application.hub_code or None,
            locked=_lock(candidate, params.get("locks", {})),
            offers=tuple(
                inst.Offer(
                    type=offer.code,
                    value=offer.value,
                    cost={code: float(amount) for code, amount in offer.cost.items() if amount},
                    requires=tuple(requires.get(offer.code, ())),
                )
                for offer in candidate.offers
            ),
        )
        for candidate in candidates
        if candidate.offers
    )
    return inst.Instance(
        pools={code: float(capacity) for code, capacity in params["pools"].items()},
        applications=applications,
        max_events=params.get("max_events"),
        hubs={
            code: inst.HubBounds(min=int(bound.get("min") or 0), max=bound.get("max"))
            for code, bound in params.get("hubs", {}).items()
        },
        time_limit_s=float(params.get("time_limit_s", 30)),
    )


def candidate_of(*, application: Application) -> Candidate | None:
    found = candidates(call=application.call, only=application)
    return found[0] if found else None


def decisions_of(*, applications: QuerySet[Application]) -> list[Decision]:
    """The decisions on these applications (a reader's visible ones), by application
    number, with their sign-offs, commitments and spending: a fixed number of queries."""
    return list(
        Decision.objects.filter(application__in=applications)
        .select_related("application", "application__call", "proposed_by")
        .prefetch_related(
            Prefetch("sign_offs", SignOff.objects.select_related("user").order_by("at", "pk")),
            Prefetch("commitments", Commitment.objects.select_related("pool")),
            Prefetch("spends", Spend.objects.select_related("pool")),
        )
        .order_by("application__number")
    )
