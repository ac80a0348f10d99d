"""The 2022 call and application documents for the screening tests (no Django)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from opencall.applications.document import ApplicationDocument
from opencall.calls.definition import CallDefinition, load_definition

ROOT = Path(__file__).resolve().parents[2]
CALL_FILE = ROOT / "calls" / "hot-summit-2022.toml"

# Before the deadline of 31 May 2022, end of the day in UTC-12.
BEFORE_DEADLINE = dt.datetime(2022, 5, 20, 10, 0, tzinfo=dt.UTC)

ELIGIBLE: dict[str, Any] = {
    "ref": "HOT-2022-001",
    "event_name": "State of the Map Peru 2022",
    "format": "conference",
    "start_date": "2022-09-10",
    "end_date": "2022-09-11",
    "city": "Lima",
    "country": "PE",
    "scope": "national",
    "programme_url": "https://sotm.example.org/programme",
    "organisation": "OpenStreetMap Peru",
    "contacts": [{"name": "Ana", "email": "ana@example.org"}],
    "registration": "open",
    "registration_url": "https://sotm.example.org/register",
    "code_of_conduct": "in_place",
    "code_of_conduct_url": "https://sotm.example.org/coc",
    "themes": ["osm", "impact"],
    "community_value": "It brings Peruvian mappers together with humanitarian responders.",
    "language": "es",
    "submitted_at": BEFORE_DEADLINE.isoformat(),
}


@cache
def call_2022() -> CallDefinition:
    """The shipped call: loaded once, and the same object keeps `screen`'s cache warm."""
    return load_definition(CALL_FILE)


def eligible(**changes: Any) -> ApplicationDocument:
    """A document that passes every criterion, with some answers changed."""
    return ApplicationDocument.model_validate({**ELIGIBLE, **changes})
