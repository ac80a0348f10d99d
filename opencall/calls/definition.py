"""A call definition as plain values, read from (and written to) a TOML file.

Pure Python (no Django): the screening engine and the `screen` command take a
CallDefinition; the `load_call` command stores the same values in the database,
and `export_call` writes them back out, so a call is configuration, not code.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opencall.calls.placeholders import text_problems
from opencall.calls.questions import (
    ExtraCriterion,
    Question,
    QuestionError,
    parse_criteria,
    parse_questions,
)
from opencall.reference.data import ReferenceData, ReferenceDataError, load_reference

# Sections installed as rows by the apps that own them (reviews: rubric; selection: the
# rest) when the call is loaded; the Call row itself does not keep them.
EXTRA_SECTIONS = (
    "rubric",
    "pools",
    "offer_costs",
    "offer_requires",
    "hub_bounds",
    "selection",
    "collaboration",
    "review",
)


class CallDefinitionError(ValueError):
    """The definition file is missing or malformed; the message names file and key."""


@dataclass(frozen=True)
class Offer:
    code: str
    takes_amount: bool = False
    label: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CallDefinition:
    slug: str
    timezone: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    decision_date: dt.date
    event_window_start: dt.date
    event_window_end: dt.date
    offers: tuple[Offer, ...]
    reference: ReferenceData
    reference_path: str = ""
    title: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)
    privacy_notice: dict[str, str] = field(default_factory=dict)
    retention_months: int = 24  # personal data of declined applications kept, after closing
    organiser: str = ""
    excluded_formats: tuple[str, ...] = ("mapathon", "training", "meetup")
    sections: dict[str, Any] = field(default_factory=dict)  # EXTRA_SECTIONS, as in the file
    questions: tuple[Question, ...] = ()  # the call's own questions (calls/questions.py)
    criteria: tuple[ExtraCriterion, ...] = ()  # extra eligibility criteria on them

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the call is written in (those of its title)."""
        return tuple(self.title)

    def question(self, qid: str) -> Question | None:
        return next((question for question in self.questions if question.id == qid), None)

    @property
    def closing_day(self) -> dt.date:
        """The calendar day the call closes, in the call's own time zone."""
        return self.closes_at.astimezone(zoneinfo.ZoneInfo(self.timezone)).date()

    def offer(self, code: str) -> Offer | None:
        return next((offer for offer in self.offers if offer.code == code), None)


def _require(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise CallDefinitionError(f"{where}: '{key}' is missing")
    value = data[key]
    if not isinstance(value, kind):
        raise CallDefinitionError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


def _aware(value: Any, key: str, where: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise CallDefinitionError(f"{where}: '{key}' must be a date and time with its UTC offset")
    return value.astimezone(dt.UTC)


def _texts(data: dict[str, Any], key: str) -> dict[str, str]:
    texts = data.get("texts", {})
    return {lang: str(values[key]) for lang, values in texts.items() if key in values}


def _retention(data: dict[str, Any], where: str) -> int:
    months = data.get("retention_months", 24)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 240:
        raise CallDefinitionError(f"{where}: 'retention_months' must be a whole number, 1 to 240")
    return months


def _check_texts(data: dict[str, Any], where: str) -> None:
    """Refuse a text whose placeholders the pages could not fill (calls/placeholders.py)."""
    texts = data.get("texts", {})
    if not isinstance(texts, dict):
        raise CallDefinitionError(f"{where}: 'texts' must be a table of languages")
    for lang, values in texts.items():
        for key, text in (values or {}).items():
            if problems := text_problems(key, str(text)):
                raise CallDefinitionError(f"{where}: texts.{lang}.{key}: " + "; ".join(problems))


def parse_definition(data: dict[str, Any], *, base: Path, where: str) -> CallDefinition:
    tz = _require(data, "timezone", str, where)
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise CallDefinitionError(f"{where}: '{tz}' is not a time zone name") from exc
    window = _require(data, "event_window", dict, where)
    _check_texts(data, where)
    reference_path = _require(data, "reference", str, where)
    try:
        reference = load_reference(base / reference_path)
    except ReferenceDataError as exc:
        raise CallDefinitionError(f"{where}: reference data: {exc}") from exc
    offers = []
    for number, item in enumerate(_require(data, "offers", list, where), start=1):
        spot = f"{where}: offers[{number}]"
        offers.append(
            Offer(
                code=_require(item, "code", str, spot),
                takes_amount=bool(item.get("takes_amount", False)),
                label=dict(_require(item, "label", dict, spot)),
                description=dict(item.get("description", {})),
            )
        )
    title = _texts(data, "title")
    try:
        questions = parse_questions(data.get("questions"), languages=title)
        criteria = parse_criteria(data.get("criteria"), questions=questions, languages=title)
    except QuestionError as exc:
        raise CallDefinitionError(f"{where}: {exc}") from exc
    definition = CallDefinition(
        slug=_require(data, "slug", str, where),
        timezone=tz,
        opens_at=_aware(_require(data, "opens_at", dt.datetime, where), "opens_at", where),
        closes_at=_aware(_require(data, "closes_at", dt.datetime, where), "closes_at", where),
        decision_date=_require(data, "decision_date", dt.date, where),
        event_window_start=_require(window, "start", dt.date, f"{where}: event_window"),
        event_window_end=_require(window, "end", dt.date, f"{where}: event_window"),
        offers=tuple(offers),
        reference=reference,
        reference_path=reference_path,
        title=title,
        summary=_texts(data, "summary"),
        body=_texts(data, "body"),
        privacy_notice=_texts(data, "privacy_notice"),
        retention_months=_retention(data, where),
        organiser=str(data.get("organiser", "")),
        excluded_formats=tuple(data.get("excluded_formats", ("mapathon", "training", "meetup"))),
        sections={key: data[key] for key in EXTRA_SECTIONS if key in data},
        questions=questions,
        criteria=criteria,
    )
    if definition.closes_at <= definition.opens_at:
        raise CallDefinitionError(f"{where}: 'closes_at' must come after 'opens_at'")
    if definition.event_window_end < definition.event_window_start:
        raise CallDefinitionError(f"{where}: event_window 'end' is before its 'start'")
    if "en" not in definition.title:
        raise CallDefinitionError(f"{where}: texts.en.title is missing (English is the fallback)")
    return definition


def load_definition(path: str | Path) -> CallDefinition:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CallDefinitionError(f"{path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CallDefinitionError(f"{path}: not valid TOML ({exc})") from exc
    return parse_definition(data, base=path.parent, where=str(path))
