"""Automatic assignment as plain Python: who reviews what, balanced, region first.

Each application needs `target` reviewers. A hub manager of the application's own
region comes first (they know the community), then the least loaded working group
members; nobody with a conflict, nobody twice. Hub managers of other regions are
never picked: an assignment would open the application to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    user_id: int
    hub_code: str = ""  # "" for a working group member


@dataclass
class Need:
    application_id: int
    hub_code: str
    assigned: set[int] = field(default_factory=set)
    excluded: set[int] = field(default_factory=set)  # conflicts


def plan(
    needs: Iterable[Need],
    candidates: Iterable[Candidate],
    *,
    target: int,
    load: Mapping[int, int] | None = None,
) -> list[tuple[int, int]]:
    """(application_id, user_id) pairs to add. `load` counts existing assignments."""
    pool = list(candidates)
    current: dict[int, int] = {c.user_id: 0 for c in pool}
    current.update({k: v for k, v in (load or {}).items() if k in current})
    pairs: list[tuple[int, int]] = []
    for need in needs:
        missing = target - len(need.assigned)
        if missing <= 0:
            continue
        eligible = [
            c
            for c in pool
            if c.user_id not in need.assigned
            and c.user_id not in need.excluded
            and (not c.hub_code or c.hub_code == need.hub_code)
        ]
        # Region first, then the lightest load, then a stable order.
        eligible.sort(key=lambda c: (not c.hub_code, current[c.user_id], c.user_id))
        chosen: list[Candidate] = []
        regional = [c for c in eligible if c.hub_code]
        if regional:
            chosen.append(regional[0])
        rest = sorted(
            (c for c in eligible if c not in chosen), key=lambda c: (current[c.user_id], c.user_id)
        )
        chosen.extend(rest[: missing - len(chosen)])
        for candidate in chosen[:missing]:
            pairs.append((need.application_id, candidate.user_id))
            current[candidate.user_id] += 1
            need.assigned.add(candidate.user_id)
    return pairs
