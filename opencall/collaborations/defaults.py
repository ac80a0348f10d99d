"""A call's defaults for its collaborations, from the call file's `[collaboration]`.

    [collaboration]
    report_due_days_after = 30          # the organiser's report, after the last day
    [collaboration.deliverables]        # per offer: due N days before the first day
    scholarships = { due_days_before = 30, team = "Community team" }
    [collaboration.commitments]         # per kind: before the first day, or after the last
    code_of_conduct = { due_days_before = 30 }
    open_content = { due_days_after = 30 }

Pure Python (no Django): read on load (errors name the key), kept in `Call.extra`,
written back by `export_call`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

COMMITMENT_KINDS = ("code_of_conduct", "virtual_component", "open_content")
DEFAULT_REPORT_DAYS = 30
# Without a line in the file: when each commitment is due, relative to the event.
DEFAULT_COMMITMENTS = {
    "code_of_conduct": {"due_days_before": 30},
    "virtual_component": {"due_days_before": 7},
    "open_content": {"due_days_after": 30},
}


class DefaultsError(ValueError):
    """The `[collaboration]` section cannot be used; the message names the key."""


@dataclass(frozen=True)
class Due:
    """A date relative to the event: days before its first day, or after its last."""

    days_before: int | None = None
    days_after: int | None = None

    def on(self, start: dt.date | None, end: dt.date | None) -> dt.date | None:
        if self.days_before is not None and start is not None:
            return start - dt.timedelta(days=self.days_before)
        if self.days_after is not None and (end or start) is not None:
            return (end or start) + dt.timedelta(days=self.days_after)
        return None

    def as_data(self) -> dict[str, int]:
        if self.days_before is not None:
            return {"due_days_before": self.days_before}
        return {"due_days_after": self.days_after or 0}


@dataclass(frozen=True)
class DeliverableDefault:
    due: Due
    team: str = ""


@dataclass(frozen=True)
class CollaborationDefaults:
    deliverables: dict[str, DeliverableDefault] = field(default_factory=dict)
    commitments: dict[str, Due] = field(default_factory=dict)
    report_due_days_after: int = DEFAULT_REPORT_DAYS

    def deliverable(self, offer: str) -> DeliverableDefault:
        return self.deliverables.get(offer, DeliverableDefault(Due(days_before=14)))

    def commitment(self, kind: str) -> Due:
        return self.commitments[kind]

    def as_data(self) -> dict[str, Any]:
        """The section as the call file writes it."""
        return {
            "report_due_days_after": self.report_due_days_after,
            "deliverables": {
                code: {**item.due.as_data(), **({"team": item.team} if item.team else {})}
                for code, item in self.deliverables.items()
            },
            "commitments": {kind: due.as_data() for kind, due in self.commitments.items()},
        }


def _days(item: Any, where: str) -> Due:
    if not isinstance(item, dict):
        raise DefaultsError(f"{where}: must be a table such as {{ due_days_before = 30 }}")
    unknown = set(item) - {"due_days_before", "due_days_after", "team"}
    if unknown:
        raise DefaultsError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    before, after = item.get("due_days_before"), item.get("due_days_after")
    if (before is None) == (after is None):
        raise DefaultsError(f"{where}: give one of due_days_before or due_days_after")
    value = before if before is not None else after
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        raise DefaultsError(f"{where}: the number of days must be a whole number from 0 to 365")
    return Due(days_before=before, days_after=after)


def parse_defaults(section: Any, *, offers: frozenset[str]) -> CollaborationDefaults:
    """The section checked against the call's offers; an absent section gives defaults."""
    section = {} if section is None else section
    where = "collaboration"
    if not isinstance(section, dict):
        raise DefaultsError(f"{where}: must be a table")
    unknown = set(section) - {"report_due_days_after", "deliverables", "commitments"}
    if unknown:
        raise DefaultsError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    deliverables = {}
    for code, item in (section.get("deliverables") or {}).items():
        spot = f"{where}.deliverables.{code}"
        if code not in offers:
            raise DefaultsError(f"{spot}: '{code}' is not an offer of the call")
        team = item.get("team", "") if isinstance(item, dict) else ""
        if not isinstance(team, str) or len(team) > 100:
            raise DefaultsError(f"{spot}: 'team' must be a name of at most 100 characters")
        deliverables[code] = DeliverableDefault(_days(item, spot), team)
    commitments = {kind: _days(item, kind) for kind, item in DEFAULT_COMMITMENTS.items()}
    for kind, item in (section.get("commitments") or {}).items():
        spot = f"{where}.commitments.{kind}"
        if kind not in COMMITMENT_KINDS:
            raise DefaultsError(f"{spot}: '{kind}' is not one of {', '.join(COMMITMENT_KINDS)}")
        commitments[kind] = _days(item, spot)
    report = section.get("report_due_days_after", DEFAULT_REPORT_DAYS)
    if isinstance(report, bool) or not isinstance(report, int) or not 0 <= report <= 365:
        raise DefaultsError(f"{where}.report_due_days_after: a whole number from 0 to 365")
    return CollaborationDefaults(deliverables, commitments, report)
