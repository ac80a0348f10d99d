"""The preferences a stored screening result records, for readers that weigh them.

The engine alone decides which of the call's preferences apply to an event and
whether each is met (engine.Screener._preferences). Readers such as the selection
take them from the stored result, and learn here when that result cannot be trusted
(missing, or computed from other reference data or another document), so that they
never decide the policy again with rules of their own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson

from opencall.applications.models import Application
from opencall.screening.models import ScreeningResult


def document_digest(document: Any) -> str:
    """A fingerprint of an application document, the same for equal JSON.

    orjson writes the same compact, key-sorted UTF-8 as the standard library's
    `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`, ten times
    faster (re-screening a call computes one per application), except for floats in
    exponent form (1e-05 there, 1e-5 here): migration 0004 moved the digests that differ.
    What orjson refuses (a lone surrogate, an integer past 64 bits) is written the
    standard library's way (a lone surrogate as its code point's bytes: no valid UTF-8
    holds one)."""
    try:
        text = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        text = json.dumps(
            document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode(errors="surrogatepass")
    return hashlib.sha256(text).hexdigest()


class Problem(StrEnum):
    MISSING = "missing"  # never screened
    REFERENCE = "reference"  # screened against reference data the call no longer uses
    DOCUMENT = "document"  # the document changed after it was screened


@dataclass(frozen=True)
class StoredPreference:
    id: str  # "regional_in_priority_country" | "international_accessible"
    met: bool
    code: str  # the engine's message code, with its params
    params: dict[str, str]


@dataclass(frozen=True)
class StoredPreferences:
    """The preferences as screened, or the problem that keeps them from being read."""

    preferences: tuple[StoredPreference, ...] = ()
    problem: Problem | None = None
    screened_with: str = ""  # the reference data key the result was computed with


def stored_preferences(*, application: Application, reference_key: str) -> StoredPreferences:
    """What the stored result says of the application's preferences, checked against
    the call's current reference data (`reference_key`) and the current document.
    Reads `application.screening`: select it with the application when reading many."""
    try:
        stored = application.screening
    except ScreeningResult.DoesNotExist:
        return StoredPreferences(problem=Problem.MISSING)
    if stored.reference_key != reference_key:
        return StoredPreferences(problem=Problem.REFERENCE, screened_with=stored.reference_key)
    if stored.document_digest != document_digest(application.document):
        return StoredPreferences(problem=Problem.DOCUMENT, screened_with=stored.reference_key)
    preferences = tuple(
        StoredPreference(id=p["id"], met=bool(p["met"]), code=p["code"], params=dict(p["params"]))
        for p in stored.result["preferences"]
    )
    return StoredPreferences(preferences=preferences, screened_with=stored.reference_key)
