"""Turning a responses file's rows into application documents, or into errors by line
and column that a person can act on.

What a Google Form gives as text becomes what the document holds: country names (in
any of the app's languages) or codes become ISO codes; choice answers become codes (the
code itself, the app's own label in any language, or the mapping's `values`); Yes/Oui/
Sí/Sim and No/Non/Não become booleans; several-choice answers are split on the labels
known (labels hold commas, so never on commas alone); dates and timestamps are read in
the form's locale, an ambiguous day and month decided by the file as a whole (a date
whose first number is above 12 says "day first"), else by the mapping's `date_order`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from email_validator import EmailNotValidError, validate_email
from pydantic import ValidationError

from opencall.applications.document import ApplicationDocument, missing_for_submission
from opencall.calls.answers import AnswerError, clean_answer, clean_answers
from opencall.core.countries import country_choices, language_codes
from opencall.core.web import web_address_problem
from opencall.imports.mapping import ENUMS, CallTargets, Mapping, Target, normalised, parse_target
from opencall.imports.problems import Problem
from opencall.imports.reading import Cell, Row, Sheet


@dataclass(frozen=True)
class RowError:
    line: int
    field: str  # the column's header (or the field, for a default)
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class Converted:
    line: int
    document: ApplicationDocument | None = None
    key: str | None = None
    errors: list[RowError] = field(default_factory=list)


def app_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


# -- words ----------------------------------------------------------------------------

YES = frozenset({"yes", "y", "oui", "si", "sim", "true", "vrai", "verdadero", "verdadeiro", "1"})
NO = frozenset({"no", "n", "non", "nao", "false", "faux", "falso", "0"})


def _translated(label: str, languages: Iterable[str]) -> list[str]:
    words = [label]
    for language in languages:
        with translation.override(language):
            words.append(gettext(label))
    return words


@functools.cache
def _enum_index(name: str, languages: tuple[str, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for member in ENUMS[name]:
        index[normalised(member.value)] = member.value
        for word in _translated(member.label, languages):
            index.setdefault(normalised(word), member.value)
    return index


@functools.cache
def _country_index(languages: tuple[str, ...]) -> dict[str, str]:
    import pycountry

    index: dict[str, str] = {}
    for language in languages:
        for code, name in country_choices(language):
            index.setdefault(normalised(name), code)
    for country in pycountry.countries:
        for name in ("name", "official_name", "common_name"):
            if value := getattr(country, name, None):
                index.setdefault(normalised(value), country.alpha_2)
        index.setdefault(normalised(country.alpha_2), country.alpha_2)
        index.setdefault(normalised(country.alpha_3), country.alpha_2)
    return index


def split_known(text: str, index: MappingType[str, str]) -> tuple[list[str], list[str]]:
    """The codes of the known labels in a several-choice answer, and the text left over.

    The answer is cut at commas and semicolons, then the pieces are joined again into
    the longest runs that make a known label: "Open data, open communities or free and
    open-source software, OpenStreetMap data or communities" is two themes, not four."""
    pieces = [p for p in re.split(r"\s*[,;]\s*|\n", text) if p.strip()]
    codes: list[str] = []
    unknown: list[str] = []
    stray: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            code = index.get(normalised(", ".join(pieces[i:j])))
            if code is not None:
                if stray:
                    unknown.append(", ".join(stray))
                    stray = []
                if code not in codes:
                    codes.append(code)
                i = j
                break
        else:
            stray.append(pieces[i].strip())
            i += 1
    if stray:
        unknown.append(", ".join(stray))
    return codes, unknown


# -- dates ----------------------------------------------------------------------------

_ISO = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_LOCAL = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def date_evidence(values: Iterable[Cell]) -> set[str]:
    """The orders the local dates among `values` show: "dmy" for 31/05/2022, "mdy" for
    5/31/2022; none for 05/06/2022, which both read."""
    seen: set[str] = set()
    for value in values:
        if isinstance(value, str) and (match := _LOCAL.match(value.strip())):
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                seen.add("dmy")
            elif second > 12 >= first:
                seen.add("mdy")
    return seen


def _parts(value: str, order: str | None) -> tuple[int, int, int, tuple[int, int, int], str]:
    """Year, month, day, (hour, minute, second) and the zone text of a date as written."""
    text = value.strip()
    if match := _ISO.match(text):
        y, m, d = (int(match.group(n)) for n in (1, 2, 3))
        clock = tuple(int(match.group(n) or 0) for n in (4, 5, 6))
        return y, m, d, clock, match.group(7) or ""  # type: ignore[return-value]
    if match := _LOCAL.match(text):
        first, second, y = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if first > 12 >= second:
            d, m = first, second
        elif second > 12 >= first:
            m, d = first, second
        elif first == second:
            d = m = first
        elif order == "dmy":
            d, m = first, second
        elif order == "mdy":
            m, d = first, second
        else:
            raise Problem("ambiguous_date", value=value)
        hour = int(match.group(4) or 0)
        if (meridiem := (match.group(7) or "").lower()) and hour <= 12:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        clock = (hour, int(match.group(5) or 0), int(match.group(6) or 0))
        return y, m, d, clock, ""
    raise ValueError(value)


def _excel_serial(value: Cell) -> dt.datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return EXCEL_EPOCH + dt.timedelta(days=float(value))
    return None


def read_date(value: Cell, order: str | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if (serial := _excel_serial(value)) is not None:
        return serial.date()
    try:
        y, m, d, _clock, _zone = _parts(str(value), order)
        return dt.date(y, m, d)
    except Problem:
        raise
    except (ValueError, TypeError) as exc:
        raise Problem("not_date", value=value) from exc


def read_moment(value: Cell, order: str | None, zone: str) -> dt.datetime:
    """An aware moment; one written without a zone is in `zone` (the mapping's)."""
    tz = zoneinfo.ZoneInfo(zone)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tz)
    if (serial := _excel_serial(value)) is not None:
        return serial.replace(microsecond=0, tzinfo=tz)
    try:
        y, m, d, (hh, mm, ss), offset = _parts(str(value), order)
        moment = dt.datetime(y, m, d, hh, mm, ss)
    except Problem:
        raise
    except (ValueError, TypeError) as exc:
        raise Problem("not_moment", value=value) from exc
    if offset:
        return dt.datetime.fromisoformat(moment.isoformat() + offset.replace("Z", "+00:00"))
    return moment.replace(tzinfo=tz)


# -- numbers --------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^\d{1,3}([,. \u00a0\u202f']\d{3})+$")


def read_decimal(value: Cell) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = re.sub(r"(?i)us\$|usd|\$|dollars?", "", str(value)).strip()
    if _THOUSANDS.match(text):
        text = re.sub(r"\D", "", text)
    else:
        text = text.replace(" ", "").replace("\u00a0", "")
        if "," in text and "." in text:
            text = (
                text.replace(",", "")
                if text.index(",") < text.index(".")
                else (text.replace(".", "").replace(",", "."))
            )
        else:
            text = text.replace(",", ".")
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    return number


# -- one value ------------------------------------------------------------------------


def _text(value: Cell) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Vocabulary:
    """Every word a value may be written in, for one call and mapping."""

    def __init__(self, mapping: Mapping, targets: CallTargets) -> None:
        self.mapping = mapping
        self.targets = targets
        self.languages = targets.languages

    def _own(self, name: str) -> dict[str, str]:
        return {normalised(k): v for k, v in self.mapping.values.get(name, {}).items()}

    @functools.cached_property
    def countries(self) -> dict[str, str]:
        return {**_country_index(self.languages), **self._own("country")}

    def choices(self, name: str) -> dict[str, str]:
        if name in ENUMS:
            return {**_enum_index(name, self.languages), **self._own(name)}
        if name == "offers":
            index = {normalised(code): code for code in self.targets.offers}
            for code, labels in self.targets.offers.items():
                for label in labels.values():
                    index.setdefault(normalised(label), code)
            return {**index, **self._own(name)}
        question = self.targets.question(name.removeprefix("answers."))
        index = {}
        for choice in question.choices if question else ():
            index[normalised(choice.code)] = choice.code
            for label in choice.label.values():
                index.setdefault(normalised(label), choice.code)
        return {**index, **self._own(name)}

    def yes_no(self, name: str, value: Cell) -> bool:
        if isinstance(value, bool):
            return value
        word = normalised(_text(value))
        own = self._own(name).get(word)
        if own in ("yes", "no"):
            return own == "yes"
        if word in YES:
            return True
        if word in NO:
            return False
        raise Problem("not_yes_no", value=_text(value))

    def choice(self, name: str, value: Cell) -> str:
        index = self.choices(name)
        code = index.get(normalised(_text(value)))
        if code is None:
            raise Problem("unknown_choice", value=_text(value), choices=self._listed(name))
        return code

    def several(self, name: str, value: Cell) -> list[str]:
        codes, unknown = split_known(_text(value), self.choices(name))
        if unknown:
            raise Problem("unknown_choices", value="; ".join(unknown), choices=self._listed(name))
        return codes

    def _listed(self, name: str) -> str:
        if name in ENUMS:
            return "; ".join(gettext(member.label) for member in ENUMS[name])
        if name == "offers":
            labels = self.targets.offers
            return "; ".join(labels[c].get("en") or c for c in labels)
        question = self.targets.question(name.removeprefix("answers."))
        choices = question.choices if question else ()
        return "; ".join(c.label.get("en") or c.code for c in choices)

    def country(self, value: Cell) -> str:
        code = self.countries.get(normalised(_text(value)))
        if code is None:
            raise Problem("unknown_country", value=_text(value))
        return code

    def countries_in(self, value: Cell) -> list[str]:
        codes, unknown = split_known(_text(value), self.countries)
        if unknown:
            raise Problem("unknown_country", value="; ".join(unknown))
        return codes

    def language(self, value: Cell, several: bool) -> list[str]:
        codes, unknown = language_codes(_text(value), self.languages)
        if unknown:
            raise Problem("unknown_language", value=", ".join(unknown))
        return codes if several else codes[:1]


def _email(value: Cell) -> str:
    text = _text(value)
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise Problem("not_email", value=text) from exc


def _url(value: Cell) -> str:
    text = _text(value)
    if text.lower().startswith("www."):
        text = "https://" + text
    if web_address_problem(text):
        raise Problem("not_url", value=_text(value))
    return text


def _whole(value: Cell) -> int:
    try:
        number = read_decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise Problem("not_whole_number", value=_text(value)) from exc
    if number != number.to_integral_value():
        raise Problem("not_whole_number", value=_text(value))
    return int(number)


def _amount(value: Cell) -> Decimal:
    try:
        return read_decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise Problem("not_amount", value=_text(value)) from exc


# -- one row --------------------------------------------------------------------------

# pydantic's error types, as the person importing reads them
_PYDANTIC = {
    "string_too_long": "too_long",
    "end_before_start": "end_before_start",
    "duplicate_offer": "duplicate_offer",
    "value_error": "not_email",
    "web_address": "not_url",
    "country_code": "unknown_country",
    "language_code": "unknown_language",
    "date_out_of_range": "out_of_range",
    "greater_than_equal": "number_range",
    "less_than_equal": "number_range",
}


class Converter:
    """Converts the rows of one file with one mapping, for one call."""

    def __init__(self, sheet: Sheet, mapping: Mapping, targets: CallTargets) -> None:
        self.sheet = sheet
        self.mapping = mapping
        self.targets = targets
        self.words = Vocabulary(mapping, targets)
        self.columns = [
            (header, target, sheet.column(header))
            for header, target in mapping.columns.items()
            if sheet.column(header) is not None
        ]
        self.order = self._date_order()

    def _date_order(self) -> str | None:
        kinds = {"date", "moment"}
        indexes = [
            index
            for _h, target, index in self.columns
            if target.kind in kinds or (target.question and target.question.type == "date")
        ]
        seen = date_evidence(row.get(i) for row in self.sheet.rows for i in indexes)
        if len(seen) == 1:
            return seen.pop()
        return self.mapping.date_order

    def value(self, target: Target, value: Cell) -> Any:
        kind, name = target.kind, target.name
        if kind == "moment":
            return read_moment(value, self.order, self.mapping.timezone)
        if kind == "date":
            return read_date(value, self.order)
        if kind in ("text", "contact_text", "offer_details"):
            return _text(value)
        if kind == "contact_email":
            return _email(value)
        if kind == "url":
            return _url(value)
        if kind == "choice":
            return self.words.choice(name, value)
        if kind in ("choices", "offers"):
            if kind == "offers":
                codes, unknown = split_known(_text(value), self.words.choices("offers"))
                return codes, unknown
            return self.words.several(name, value)
        if kind == "country":
            return self.words.country(value)
        if kind == "countries":
            return self.words.countries_in(value)
        if kind == "bool":
            return self.words.yes_no(name, value)
        if kind == "whole":
            return _whole(value)
        if kind == "offer_amount":
            return _amount(value)
        if kind == "language":
            codes = self.words.language(value, several=False)
            return codes[0] if codes else None
        if kind == "languages":
            return self.words.language(value, several=True)
        if kind == "answer":
            return self.answer(target, value)
        raise Problem("invalid", why=name)

    def answer(self, target: Target, value: Cell) -> Any:
        question = target.question
        assert question is not None
        kind = question.type
        if kind == "choice":
            raw: Any = self.words.choice(target.name, value)
        elif kind == "choices":
            raw = self.words.several(target.name, value)
        elif kind == "yes_no":
            raw = self.words.yes_no(target.name, value)
        elif kind == "country":
            raw = self.words.country(value)
        elif kind == "date":
            raw = read_date(value, self.order).isoformat()
        elif kind == "number":
            try:
                raw = str(read_decimal(value))
            except (InvalidOperation, ValueError):
                raw = _text(value)
        else:
            raw = _text(value)
        try:
            return clean_answer(question, raw)
        except AnswerError as exc:
            raise Problem("answer", why=exc.message(gettext)) from exc

    def row(self, row: Row) -> Converted:
        done = Converted(line=row.line)
        fail = lambda column, problem: done.errors.append(  # noqa: E731
            RowError(row.line, column, problem.message(gettext))
        )
        data: dict[str, Any] = {}
        contacts: dict[int, dict[str, Any]] = {}
        offers: dict[str, dict[str, Any]] = {}
        where: dict[str, str] = {}  # target -> column
        cells = [(h, t, row.get(i)) for h, t, i in self.columns]
        given = {t.name for _h, t, v in cells if not _blank(v)}
        cells += [
            ("defaults", _target(name, self.targets), value)
            for name, value in self.mapping.defaults.items()
            if name not in given
        ]
        for header, target, cell in cells:
            where[target.name] = header
            if _blank(cell):
                continue
            try:
                value = self.value(target, cell)
            except Problem as problem:
                fail(header, problem)
                continue
            self._place(target, value, data, contacts, offers)
        if contacts:
            data["contacts"] = [contacts[i] for i in sorted(contacts)]
        if offers:
            data["offers"] = list(offers.values())
        # The document is checked even when a value failed, so that the row's other
        # problems show at once; a column already in error is not named twice.
        failed = {error.field for error in done.errors}
        self._document(done, data, where, sorted(contacts), list(offers), failed)
        if done.document is not None:
            self._key(done, row)
        return done

    def _place(
        self,
        target: Target,
        value: Any,
        data: dict[str, Any],
        contacts: dict[int, dict[str, Any]],
        offers: dict[str, dict[str, Any]],
    ) -> None:
        if target.kind.startswith("contact_"):
            field_name = "email" if target.kind == "contact_email" else "name"
            contacts.setdefault(target.index, {})[field_name] = value
        elif target.kind == "offers":
            codes, unknown = value
            for code in codes:
                offers.setdefault(code, {"type": code})
            if unknown:
                other = offers.setdefault("other", {"type": "other"})
                other["details"] = "; ".join(unknown)
        elif target.kind in ("offer_details", "offer_amount"):
            field_name = "details" if target.kind == "offer_details" else "amount_usd"
            offers.setdefault(target.offer, {"type": target.offer})[field_name] = value
        elif target.kind == "answer":
            if value is not None:
                data.setdefault("answers", {})[target.question.id] = value  # type: ignore[union-attr]
        elif value is not None:
            data[target.name] = value

    def _document(
        self,
        done: Converted,
        data: dict[str, Any],
        where: dict[str, str],
        contact_slots: list[int],
        offer_codes: list[str],
        failed: set[str],
    ) -> None:
        def add(field_name: str, message: str) -> None:
            if field_name not in failed:
                failed.add(field_name)
                done.errors.append(RowError(done.line, field_name, message))

        def column(location: tuple[Any, ...], context_field: str = "") -> str:
            if not location:
                return where.get(context_field, context_field)
            head = str(location[0])
            if head == "contacts" and len(location) > 1:
                slot = (
                    contact_slots[int(location[1])] if int(location[1]) < len(contact_slots) else 0
                )
                part = str(location[2]) if len(location) > 2 else "email"
                name = f"contacts[{slot}].{part}"
                return where.get(name, name)
            if head == "offers" and len(location) > 1 and int(location[1]) < len(offer_codes):
                code = offer_codes[int(location[1])]
                part = str(location[2]) if len(location) > 2 else "details"
                name = f"offers.{code}.{part}"
                return where.get(name) or where.get("offers", name)
            if head == "answers" and len(location) > 1:
                name = f"answers.{location[1]}"
                return where.get(name, name)
            return where.get(head, head)

        try:
            document = ApplicationDocument.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                ctx = error.get("ctx") or {}
                code = _PYDANTIC.get(error["type"], "invalid")
                value = error.get("input")
                problem = Problem(
                    code,
                    value=value if isinstance(value, str | int | float) else "",
                    limit=ctx.get("max_length", ""),
                    first=ctx.get("first", ""),
                    last=ctx.get("last", ""),
                    why=error.get("msg", ""),
                )
                field_name = column(tuple(error.get("loc") or ()), str(ctx.get("field", "")))
                add(field_name, problem.message(gettext))
            return
        _clean, answer_errors = clean_answers(self.targets.questions, document.answers)
        for qid, error in answer_errors.items():
            add(column(("answers", qid)), error.message(gettext))
        missing = missing_for_submission(document, self.targets.questions)
        if document.submitted_at is None:
            missing.insert(0, "submitted_at")
        for name in missing:
            target = "contacts[0].email" if name == "contacts" else name
            header = where.get(target, target)
            problem = Problem("missing", column=header)
            add(header, problem.message(gettext))
        if not done.errors:
            done.document = document

    def _key(self, done: Converted, row: Row) -> None:
        document = done.document
        assert document is not None
        if self.mapping.key:
            index = self.sheet.column(self.mapping.key)
            value = _text(row.get(index)) if index is not None else ""
            if not value:
                problem = Problem("no_key", column=self.mapping.key)
                done.errors.append(RowError(done.line, self.mapping.key, problem.message(gettext)))
                done.document = None
                return
            done.key = f"key:{value}"
            return
        moment = document.submitted_at.astimezone(dt.UTC).isoformat()  # type: ignore[union-attr]
        done.key = f"row:{moment}|{(document.contact_email or '').casefold()}"


def _target(name: str, targets: CallTargets) -> Target:
    return parse_target(name, "defaults", targets)


def convert_sheet(sheet: Sheet, mapping: Mapping, targets: CallTargets) -> list[Converted]:
    converter = Converter(sheet, mapping, targets)
    return [converter.row(row) for row in sheet.rows]


def convert_rows(
    sheet: Sheet, mapping: Mapping, targets: CallTargets, rows: Sequence[Row]
) -> list[Converted]:
    """Some rows only (a preview), read with the whole file's date order."""
    converter = Converter(sheet, mapping, targets)
    return [converter.row(row) for row in rows]
