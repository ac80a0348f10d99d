"""Which waitlisted applications fit the pools as they are now.

When an offer is declined or expires (offers.py), its resources return to the pools.
This re-runs the optimiser's "what would it take" (explain.ways_in) on the waiting list
with the pools set to what is left, so staff see which events could be accepted
instead, with which offers, and what the others still lack. Hub bounds and the most
events supported are not checked here: the decision page and a scenario do that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.selection import selectors
from opencall.selection.models import ResourcePool
from opencall.selection.results import Need


@dataclass(frozen=True)
class Waiting:
    candidate: selectors.Candidate
    fits: Need | None  # the most valuable way in that fits what is left, if any
    nearest: Need | None  # else the way in that lacks least: what it would take

    @property
    def offer_labels(self) -> list[str]:
        labels = {offer.code: offer.label for offer in self.candidate.offers}
        need = self.fits or self.nearest
        return [labels.get(code, code) for code in need.offers] if need else []


def pools_left(*, call: Call) -> dict[str, Decimal]:
    use = selectors.pool_use(call=call)
    return {
        pool.code: max(pool.capacity - use.get(pool.code, selectors.PoolUse()).in_use, Decimal(0))
        for pool in ResourcePool.objects.filter(call=call)
    }


def waitlist_fits(
    *, call: Call, candidates: list[selectors.Candidate] | None = None
) -> list[Waiting]:
    """The waitlisted applications among `candidates` (by default the call's): those
    that fit first, most valuable first; then the others, by what they lack."""
    # Here, not at the top: explain brings NumPy, which the mail receivers importing this
    # module at start-up would otherwise load in every process (management commands too).
    from opencall.selection.explain import ways_in

    if candidates is None:
        candidates = selectors.candidates(call=call)
    waiting = [
        candidate
        for candidate in candidates
        if candidate.application.status == Status.WAITLISTED
        and candidate.problem is None
        and candidate.offers
    ]
    if not waiting:
        return []
    left = {code: float(amount) for code, amount in pools_left(call=call).items()}
    built = selectors.build_instance(call=call, candidates=waiting, params={"pools": left})
    # Unlocked: a waitlisted decision is final (locked out), but here it is asked again.
    unlocked = tuple(replace(app, locked=None) for app in built.applications)
    needs = ways_in(replace(built, applications=unlocked))
    rows = []
    for candidate in waiting:
        ways = needs.get(candidate.application.ref, ())
        fitting = [need for need in ways if not need.short]
        fits = max(fitting, key=lambda need: need.value) if fitting else None
        nearest = None if fits else min(ways, key=lambda n: sum(n.short.values()), default=None)
        rows.append(Waiting(candidate, fits, nearest))
    rows.sort(key=lambda row: (row.fits is None, -(row.fits.value if row.fits else 0)))
    return rows
