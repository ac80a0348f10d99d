"""The application document: the one typed schema an application travels as.

The form validates through it, the JSON interchange format is its serialisation,
and the screening engine, the API and imports read it. It is plain Python (no
Django), so the engine and the command line can use it without a database.

Every field may be missing while an application is a draft: a missing answer is
what the screening engine reports as `unclear`. A value that is present must be
well formed; errors carry a stable `type` so each front end can word them in the
applicant's language. Each enum carries the label applicants read (English, the
gettext message id; core/labels.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from opencall.calls.answers import missing_required
from opencall.calls.questions import Question
from opencall.core.emails import EmailAddress
from opencall.core.labels import LabelledEnum
from opencall.core.messages import _
from opencall.core.web import web_address_problem


class Format(LabelledEnum):
    CONFERENCE = "conference", _("Conference")
    MAPATHON = "mapathon", _("Mapathon")
    TRAINING = "training", _("Training session")
    MEETUP = "meetup", _("Community meetup")
    OTHER = "other", _("Other")


EXCLUDED_FORMATS = frozenset({Format.MAPATHON, Format.TRAINING, Format.MEETUP})


class Scope(LabelledEnum):
    REGIONAL = "regional", _("Regional: people from several countries of one region")
    NATIONAL = "national", _("National: people from one country")
    INTERNATIONAL = "international", _("International: people from around the world")


class Registration(LabelledEnum):
    OPEN = "open", _("Open: anyone can buy a ticket or register")
    INVITE_ONLY = "invite_only", _("By invitation only")
    UNKNOWN = "unknown", _("Not yet known")


class CodeOfConduct(LabelledEnum):
    IN_PLACE = "in_place", _("Yes, it is in place")
    PLANNED = "planned", _("Not yet, but we plan to write one")
    NONE = "none", _("No")


class Theme(LabelledEnum):
    OSM = "osm", _("OpenStreetMap data or communities")
    OPEN = "open", _("Open data, open communities or free and open-source software")
    IMPACT = "impact", _("Data for humanitarian action, development or social impact")
    DISASTER = "disaster", _("Data for disaster response, resilience or risk reduction")


OTHER_OFFER = "other"
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


@cache
def _alpha_2_codes() -> tuple[frozenset[str], frozenset[str]]:
    """The countries' and the languages' two-letter codes: a set look-up, where pycountry's
    own costs a tenth of reading a document."""
    countries = frozenset(country.alpha_2 for country in pycountry.countries)
    # The languages from pycountry's own file: `pycountry.languages` makes an object for
    # each of ISO 639-3's 8,000 entries to name 184 codes, a tenth of a second a process.
    iso639 = json.loads((Path(pycountry.DATABASE_DIR) / "iso639-3.json").read_bytes())
    languages = frozenset(entry["alpha_2"] for entry in iso639["639-3"] if "alpha_2" in entry)
    return countries, languages


def _country_code(value: str) -> str:
    code = value.strip().upper()
    if code not in _alpha_2_codes()[0]:
        raise PydanticCustomError(
            "country_code", "'{value}' is not an ISO 3166-1 alpha-2 country code", {"value": value}
        )
    return code


def _language_code(value: str) -> str:
    code = value.strip().lower()
    if code not in _alpha_2_codes()[1]:
        raise PydanticCustomError(
            "language_code", "'{value}' is not an ISO 639-1 language code", {"value": value}
        )
    return code


def _web_address(value: str) -> str:
    value = value.strip()
    if web_address_problem(value):
        raise PydanticCustomError(
            "web_address", "'{value}' is not a web address starting with https://", {"value": value}
        )
    return value


def _offer_type(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError("offer_type", "'{value}' is not an offer id", {"value": value})
    return value


# Every date and moment a document accepts falls in this window: wide enough for any
# real event, narrow enough that no arithmetic on it leaves the calendar (year 1 or
# 9999 moved by a time zone). The screening engine copes with any date regardless;
# dates stored before the window existed were moved into it (screening migration 0002).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def _in_window(value: Any, info: ValidationInfo) -> Any:
    if value is None:
        return value
    day = value.date() if isinstance(value, dt.datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            "date_out_of_range",
            "{field} must be between {first} and {last}",
            {
                "field": info.field_name,
                "first": FIRST_DAY.isoformat(),
                "last": LAST_DAY.isoformat(),
            },
        )
    return value


Optional = BeforeValidator(_blank_to_none)
InWindow = AfterValidator(_in_window)
WINDOW_NOTE = f"Between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}."
CountryCode = Annotated[str, AfterValidator(_country_code)]
LanguageCode = Annotated[str, AfterValidator(_language_code)]
WebAddress = Annotated[str, Field(max_length=500), AfterValidator(_web_address)]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=5000)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Attendance = Annotated[int, Field(ge=0, le=10_000_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Contact(_Strict):
    name: Annotated[ShortText | None, Optional] = None
    email: EmailAddress


class OfferRequest(_Strict):
    type: Annotated[str, AfterValidator(_offer_type)]
    details: Annotated[LongText | None, Optional] = None
    amount_usd: Annotated[Amount | None, Optional] = None


class ApplicationDocument(_Strict):
    ref: Annotated[ShortText | None, Optional] = None
    event_name: Annotated[ShortText | None, Optional] = None
    format: Annotated[Format | None, Optional] = None
    start_date: Annotated[dt.date | None, Optional, InWindow, Field(description=WINDOW_NOTE)] = None
    end_date: Annotated[dt.date | None, Optional, InWindow, Field(description=WINDOW_NOTE)] = None
    city: Annotated[ShortText | None, Optional] = None
    country: Annotated[CountryCode | None, Optional] = None
    online_only: bool = False
    scope: Annotated[Scope | None, Optional] = None
    virtual_component: Annotated[bool | None, Optional] = None
    open_publication: Annotated[bool | None, Optional] = None
    serves_countries: tuple[CountryCode, ...] = ()
    programme_url: Annotated[WebAddress | None, Optional] = None
    organisation: Annotated[ShortText | None, Optional] = None
    contacts: tuple[Contact, ...] = ()
    registration: Annotated[Registration | None, Optional] = None
    registration_url: Annotated[WebAddress | None, Optional] = None
    code_of_conduct: Annotated[CodeOfConduct | None, Optional] = None
    code_of_conduct_url: Annotated[WebAddress | None, Optional] = None
    themes: tuple[Theme, ...] = ()
    community_value: Annotated[LongText | None, Optional] = None
    offers: tuple[OfferRequest, ...] = ()
    expected_attendance: Annotated[Attendance | None, Optional] = None
    event_languages: tuple[LanguageCode, ...] = ()
    language: Annotated[LanguageCode | None, Optional] = None
    submitted_at: Annotated[
        dt.datetime | None, Optional, InWindow, Field(description=WINDOW_NOTE)
    ] = None
    # The call's own questions (calls/questions.py), by question id, each in the JSON
    # form its definition gives it; the call checks them (`clean_answers`), since the
    # document alone does not know what a call asks.
    answers: Annotated[
        dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,49}$")], JsonValue],
        Field(max_length=200),
    ] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _coherent(self) -> ApplicationDocument:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise PydanticCustomError(
                "end_before_start", "the event ends before it starts", {"field": "end_date"}
            )
        types = [offer.type for offer in self.offers]
        if len(types) != len(set(types)):
            raise PydanticCustomError(
                "duplicate_offer", "an offer type is requested twice", {"field": "offers"}
            )
        return self

    @property
    def contact_email(self) -> str | None:
        return self.contacts[0].email if self.contacts else None

    def to_json(self) -> dict[str, Any]:
        """The interchange form: JSON-ready, missing values as null."""
        return self.model_dump(mode="json")

    def updated(self, **changes: Any) -> ApplicationDocument:
        """A new, validated document with some fields replaced."""
        data = self.model_dump()
        data.update(changes)
        return ApplicationDocument.model_validate(data)


# Fields whose absence blocks submission. Everything else may stay unknown at
# submission time: an expression of interest is early, and the screening engine
# marks what is missing as `unclear` so staff know what to ask.
REQUIRED_TO_SUBMIT: tuple[str, ...] = (
    "event_name",
    "format",
    "organisation",
    "contacts",
    "scope",
    "language",
)


# How a required own question left unanswered is named among the missing fields.
MISSING_ANSWER = "answers."


def missing_for_submission(
    document: ApplicationDocument, questions: Iterable[Question] = ()
) -> list[str]:
    """The core fields, then the call's own required questions (asked, given the other
    answers: `calls.answers.missing_required`), whose absence blocks submission."""
    core = [name for name in REQUIRED_TO_SUBMIT if getattr(document, name) in (None, (), "")]
    own = [MISSING_ANSWER + qid for qid in missing_required(questions, document.answers)]
    return core + own


def error_field(error: dict[str, Any]) -> str:
    """The document field a pydantic error belongs to ('' for the whole document)."""
    location = error.get("loc") or ()
    if location:
        return str(location[0])
    return str((error.get("ctx") or {}).get("field", ""))
