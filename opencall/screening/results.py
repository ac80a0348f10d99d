"""What a screening returns: the verdict, each criterion's outcome, and their JSON form.

Pure Python: no Django import. Frozen dataclasses and enums only, built by
`engine.Screener`, re-rendered by `engine.render` and stored through `to_json`.
`engine` re-exports every name here, so `engine.Verdict` and the like keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_REVIEW = "needs_review"


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    UNCLEAR = "unclear"


class Criterion(StrEnum):
    """The rule ids of POLICY.md, in the order results are listed."""

    FORMAT = "FORMAT"
    WHEN_WHERE = "WHEN_WHERE"
    PROGRAMME = "PROGRAMME"
    TEAM = "TEAM"
    PUBLIC_TICKETS = "PUBLIC_TICKETS"
    COMMUNITY_VALUE = "COMMUNITY_VALUE"
    CODE_OF_CONDUCT = "CODE_OF_CONDUCT"
    THEMES = "THEMES"
    GEO = "GEO"
    DEADLINE = "DEADLINE"
    PERIOD = "PERIOD"


PASS, FAIL, UNCLEAR = Outcome.PASS, Outcome.FAIL, Outcome.UNCLEAR
Params = dict[str, str]


# The items are plain (not slots) dataclasses: orjson writes one from its __dict__ five
# times faster than through its fields one by one (manage.py screen writes them so).
@dataclass(frozen=True, init=False)
class CriterionResult:
    result: Outcome
    reason: str
    code: str
    params: Params

    def __init__(self, result: Outcome, reason: str, code: str, params: Params) -> None:
        # Straight into __dict__, in the fields' order: a frozen dataclass's own __init__
        # sets each field through object.__setattr__, twice the time, and a screening
        # makes half a dozen of these.
        fields = self.__dict__
        fields["result"], fields["reason"], fields["code"] = result, reason, code
        fields["params"] = params


@dataclass(frozen=True)
class Preference:
    id: str  # "international_accessible" | "regional_in_priority_country"
    met: bool
    reason: str
    code: str
    params: Params


@dataclass(frozen=True)
class Condition:
    """Something to follow up before a collaboration goes ahead."""

    code: str
    reason: str
    params: Params


@dataclass(frozen=True)
class Redirect:
    """Where to send an event this call excludes (a mapathon, a training...)."""

    kind: str  # "hub" | "community_team"
    name: str
    email: str
    url: str
    reason: str
    code: str
    params: Params


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    verdict: Verdict
    # POLICY's criteria, then the call's own (calls/questions.py), by their lower-case id
    criteria: Mapping[Criterion | str, CriterionResult]
    preferences: tuple[Preference, ...]
    conditions: tuple[Condition, ...]
    redirect: Redirect | None
    hub_code: str | None  # the hub whose region holds the event's country

    @property
    def failed(self) -> tuple[Criterion | str, ...]:
        return tuple(key for key, item in self.criteria.items() if item.result is FAIL)

    @property
    def unclear(self) -> tuple[Criterion | str, ...]:
        return tuple(key for key, item in self.criteria.items() if item.result is UNCLEAR)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, with codes and params so that it can be stored and re-rendered."""
        return {
            "verdict": self.verdict.value,
            "hub_code": self.hub_code,
            "criteria": {
                str(key): {
                    "result": item.result.value,
                    "reason": item.reason,
                    "code": item.code,
                    "params": dict(item.params),
                }
                for key, item in self.criteria.items()
            },
            "preferences": [
                {"id": p.id, "met": p.met, "reason": p.reason, "code": p.code, "params": p.params}
                for p in self.preferences
            ],
            "conditions": [
                {"code": c.code, "reason": c.reason, "params": c.params} for c in self.conditions
            ],
            "redirect": None if self.redirect is None else _redirect_json(self.redirect),
        }


def _redirect_json(redirect: Redirect) -> dict[str, Any]:
    return {
        "kind": redirect.kind,
        "name": redirect.name,
        "email": redirect.email,
        "url": redirect.url,
        "reason": redirect.reason,
        "code": redirect.code,
        "params": redirect.params,
    }
