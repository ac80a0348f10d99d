"""The mapping from a responses file's columns to the application document's fields.

    {"columns": {"Timestamp": "submitted_at", "Name of the event": "event_name",
                 "Email address": "contacts[0].email", ...},
     "values": {"scope": {"National": "national"}},   # answers -> codes, where needed
     "key": "Response ID",          # optional: the column that identifies a response
     "date_order": "dmy",           # optional: how to read 05/06/2022 if the file cannot tell
     "timezone": "Europe/Paris",    # optional: the zone of the timestamps (default UTC)
     "defaults": {"language": "fr"}}  # optional: a value for a field no column gives

Targets are the document's fields: plain ones (`event_name`, `country`, `themes`,
`offers`, ...), a contact's (`contacts[0].email`, `contacts[1].name`), an offer's
details or amount (`offers.scholarships.details`, `offers.scholarships.amount_usd`)
and the call's own questions (`answers.<question id>`). Pure Python (no Django):
`parse_mapping` checks a mapping against a call's questions and offers, with
problems that name the column and the field; `guess_mapping` proposes one from the
headers, in English and French (and some Spanish and Portuguese).
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from typing import Any

from opencall.applications.document import CodeOfConduct, Format, Registration, Scope, Theme
from opencall.calls.answers import Question
from opencall.core.labels import LabelledEnum
from opencall.imports.problems import Problem, Problems

# target -> kind of value (convert.py converts by kind)
PLAIN_TARGETS: dict[str, str] = {
    "submitted_at": "moment",
    "event_name": "text",
    "format": "choice",
    "start_date": "date",
    "end_date": "date",
    "city": "text",
    "country": "country",
    "online_only": "bool",
    "scope": "choice",
    "virtual_component": "bool",
    "open_publication": "bool",
    "serves_countries": "countries",
    "programme_url": "url",
    "organisation": "text",
    "registration": "choice",
    "registration_url": "url",
    "code_of_conduct": "choice",
    "code_of_conduct_url": "url",
    "themes": "choices",
    "community_value": "text",
    "offers": "offers",
    "expected_attendance": "whole",
    "event_languages": "languages",
    "language": "language",
}
ENUMS: dict[str, type[LabelledEnum]] = {
    "format": Format,
    "scope": Scope,
    "registration": Registration,
    "code_of_conduct": CodeOfConduct,
    "themes": Theme,
}
MAX_CONTACTS = 5
_CONTACT = re.compile(r"^contacts\[(\d)\]\.(name|email)$")
_OFFER = re.compile(r"^offers\.([a-z][a-z0-9_]{0,49})\.(details|amount_usd)$")
_ANSWER = re.compile(r"^answers\.([a-z][a-z0-9_]{0,49})$")
DATE_ORDERS = ("dmy", "mdy")
PARTS = {"columns", "values", "key", "date_order", "timezone", "defaults"}


@dataclass(frozen=True)
class CallTargets:
    """What a mapping may name of one call: its own questions and its offers (code ->
    label by language), and the languages the app speaks."""

    questions: tuple[Question, ...] = ()
    offers: MappingType[str, MappingType[str, str]] = field(default_factory=dict)
    languages: tuple[str, ...] = ("en", "fr", "es", "pt")

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


@dataclass(frozen=True)
class Target:
    name: str  # as written in the mapping
    kind: str  # moment, text, choice, ..., contact_name, contact_email, offer_details, answer
    index: int = 0  # a contact's position
    offer: str = ""  # an offer's code
    question: Question | None = None


def parse_target(name: str, column: str, targets: CallTargets) -> Target:
    if name in PLAIN_TARGETS:
        return Target(name, PLAIN_TARGETS[name])
    if match := _CONTACT.match(name):
        index = int(match.group(1))
        if index >= MAX_CONTACTS:
            raise Problem("unknown_target", column=column, target=name)
        kind = "email" if match.group(2) == "email" else "text"
        return Target(name, f"contact_{kind}", index=index)
    if match := _OFFER.match(name):
        if match.group(1) not in targets.offers:
            raise Problem("unknown_offer", column=column, offer=match.group(1))
        kind = "offer_details" if match.group(2) == "details" else "offer_amount"
        return Target(name, kind, offer=match.group(1))
    if match := _ANSWER.match(name):
        question = targets.question(match.group(1))
        if question is None:
            raise Problem("unknown_question", column=column, question=match.group(1))
        return Target(name, "answer", question=question)
    raise Problem("unknown_target", column=column, target=name)


def choice_codes(target: str, targets: CallTargets) -> tuple[str, ...] | None:
    """The codes a choice field takes, or None for a field without choices."""
    if target in ENUMS:
        return tuple(member.value for member in ENUMS[target])
    if target == "offers":
        return (*targets.offers, "other")
    if match := _ANSWER.match(target):
        question = targets.question(match.group(1))
        if question is not None and question.type in ("choice", "choices"):
            return tuple(choice.code for choice in question.choices)
        if question is not None and question.type == "yes_no":
            return ("yes", "no")
    if PLAIN_TARGETS.get(target) == "bool":
        return ("yes", "no")
    return None


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, Target]  # header -> target
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> answer -> code
    key: str | None = None
    date_order: str | None = None
    timezone: str = "UTC"
    defaults: dict[str, Any] = field(default_factory=dict)

    def column_of(self, target: str) -> str | None:
        return next((col for col, t in self.columns.items() if t.name == target), None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"columns": {col: t.name for col, t in self.columns.items()}}
        if self.values:
            data["values"] = self.values
        if self.key:
            data["key"] = self.key
        if self.date_order:
            data["date_order"] = self.date_order
        data["timezone"] = self.timezone
        if self.defaults:
            data["defaults"] = self.defaults
        return data


def parse_mapping(data: Any, targets: CallTargets) -> Mapping:
    """A mapping from its JSON form, or Problems naming every column and field wrong."""
    if not isinstance(data, dict):
        raise Problems([Problem("mapping_not_object")])
    problems: list[Problem] = [
        Problem("mapping_unknown_part", part=p) for p in data if p not in PARTS
    ]
    columns: dict[str, Target] = {}
    raw_columns = data.get("columns", {})
    if not isinstance(raw_columns, dict):
        problems.append(Problem("columns_not_object"))
        raw_columns = {}
    filled: dict[str, str] = {}
    for column, name in raw_columns.items():
        if name in (None, ""):
            continue  # a column left out on purpose
        if not isinstance(name, str):
            problems.append(Problem("unknown_target", column=column, target=name))
            continue
        try:
            target = parse_target(name.strip(), column, targets)
        except Problem as problem:
            problems.append(problem)
            continue
        if target.name in filled:
            problems.append(
                Problem("target_twice", first=filled[target.name], second=column, target=name)
            )
            continue
        filled[target.name] = column
        columns[column] = target
    values = _values(data.get("values", {}), targets, problems)
    key = data.get("key")
    if key is not None and (not isinstance(key, str) or not key.strip()):
        problems.append(Problem("bad_key"))
        key = None
    order = data.get("date_order")
    if order is not None and order not in DATE_ORDERS:
        problems.append(Problem("bad_date_order"))
        order = None
    zone = data.get("timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(Problem("bad_timezone", zone=zone))
        zone = "UTC"
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.append(Problem("bad_default", target="defaults", why="not an object"))
        defaults = {}
    for name in defaults:
        try:
            parse_target(str(name), "defaults", targets)
        except Problem as problem:
            problems.append(problem)
    if problems:
        raise Problems(problems)
    return Mapping(columns, values, key, order, str(zone), dict(defaults))


def _values(raw: Any, targets: CallTargets, problems: list[Problem]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        problems.append(Problem("values_not_object"))
        return {}
    values: dict[str, dict[str, str]] = {}
    for name, answers in raw.items():
        codes = choice_codes(name, targets)
        if codes is None and name != "country" and name != "serves_countries":
            problems.append(Problem("values_unknown_field", field=name))
            continue
        if not isinstance(answers, dict):
            problems.append(Problem("values_not_object"))
            continue
        for code in answers.values():
            if codes is not None and code not in codes:
                problems.append(
                    Problem("values_unknown_code", field=name, code=code, codes=", ".join(codes))
                )
        values[name] = {str(answer): str(code) for answer, code in answers.items()}
    return values


def check_headers(mapping: Mapping, headers: Sequence[str]) -> list[Problem]:
    """What the mapping asks of a file that this file's headers do not give."""
    present = set(headers)
    problems = [
        Problem("column_missing", column=col) for col in mapping.columns if col not in present
    ]
    if mapping.key and mapping.key not in present:
        problems.append(Problem("key_missing", column=mapping.key))
    if not any(col in present for col in mapping.columns):
        problems.append(Problem("no_columns"))
    if not mapping.key and not (
        mapping.column_of("submitted_at") and mapping.column_of("contacts[0].email")
    ):
        problems.append(Problem("no_identity"))
    return problems


# -- guessing -------------------------------------------------------------------------


def normalised(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


# Words a header holds, tried in this order (the first target that matches a header wins;
# links before the questions they follow). English, French, Spanish, Portuguese.
GUESSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("submitted_at", ("timestamp", "horodateur", "marca temporal", "carimbo de data")),
    (
        "code_of_conduct_url",
        (
            "link to the code of conduct",
            "lien vers le code de conduite",
            "code of conduct url",
            "lien du code de conduite",
        ),
    ),
    (
        "registration_url",
        (
            "link to registration",
            "registration link",
            "ticket link",
            "lien d inscription",
            "lien vers l inscription",
            "lien vers la billetterie",
        ),
    ),
    (
        "programme_url",
        (
            "agenda",
            "programme url",
            "program url",
            "call for proposals",
            "ordre du jour",
            "appel a propositions",
            "programme link",
            "lien vers le programme",
        ),
    ),
    (
        "code_of_conduct",
        ("code of conduct", "code de conduite", "codigo de conducta", "codigo de conduta"),
    ),
    ("registration", ("buy a ticket", "register", "ticket", "billet", "inscri", "registration")),
    (
        "contacts[0].email",
        (
            "email address",
            "adresse e mail",
            "adresse email",
            "adresse courriel",
            "e mail",
            "email",
            "courriel",
            "correo",
            "endereco de e mail",
        ),
    ),
    (
        "contacts[0].name",
        (
            "contact name",
            "your name",
            "nom du contact",
            "votre nom",
            "personne de contact",
            "full name",
            "nom complet",
            "su nombre",
            "seu nome",
        ),
    ),
    (
        "event_name",
        (
            "name of the event",
            "event name",
            "nom de l evenement",
            "nom de votre evenement",
            "nombre del evento",
            "nome do evento",
        ),
    ),
    (
        "organisation",
        (
            "organisation",
            "organization",
            "organising team",
            "organizing team",
            "organisme",
            "equipe organisatrice",
            "organizacion",
            "organizacao",
        ),
    ),
    (
        "format",
        (
            "kind of event",
            "type of event",
            "event type",
            "type d evenement",
            "format",
            "tipo de evento",
        ),
    ),
    (
        "start_date",
        (
            "start date",
            "first day",
            "starts",
            "date de debut",
            "premier jour",
            "fecha de inicio",
            "data de inicio",
        ),
    ),
    (
        "end_date",
        (
            "end date",
            "last day",
            "ends",
            "date de fin",
            "dernier jour",
            "fecha de fin",
            "data de fim",
        ),
    ),
    ("serves_countries", ("countries", "pays servis", "pays dont", "paises")),
    ("country", ("country", "pays", "pais")),
    ("city", ("city", "ville", "ciudad", "cidade")),
    (
        "online_only",
        ("online only", "entierement en ligne", "uniquement en ligne", "solo en linea"),
    ),
    ("virtual_component", ("virtual", "online", "en ligne", "a distance", "virtuel")),
    ("open_publication", ("published openly", "publish", "publie", "publication", "publicad")),
    ("scope", ("audience", "scope", "public", "portee", "alcance", "publico")),
    ("themes", ("theme", "themes", "thematique", "temas")),
    (
        "offers",
        ("collaboration", "support", "soutien", "kind of help", "appui", "colaboracion", "apoio"),
    ),
    ("community_value", ("value", "valeur", "communities", "communautes", "valor")),
    (
        "expected_attendance",
        (
            "how many people",
            "attendance",
            "participants",
            "combien de personnes",
            "attendees",
            "asistentes",
        ),
    ),
    (
        "event_languages",
        (
            "languages of the event",
            "langues de l evenement",
            "language of the event",
            "langue de l evenement",
            "idiomas del evento",
            "langues",
        ),
    ),
    ("language", ("which language should we write", "language", "langue", "idioma")),
)
FRENCH_WORDS = (
    "horodateur",
    "evenement",
    "adresse",
    "pays",
    "langue",
    "ville",
    "nom ",
    "soutien",
    "quel",
)


def _question_labels(question: Question) -> list[str]:
    labels = getattr(question, "label", {}) or {}
    return [normalised(label) for label in labels.values() if label]


def guess_mapping(headers: Iterable[str], targets: CallTargets) -> Mapping:
    """A first mapping for these headers: each header to the first field its words name
    (no field twice), the call's own questions by their label in any language, the
    language of the replies from the headers' language. Staff check it on the page."""
    headers = [h for h in headers if h]
    columns: dict[str, Target] = {}
    used: set[str] = set()
    for header in headers:
        words = normalised(header)
        for question in targets.questions:
            if words and words in _question_labels(question):
                name = f"answers.{question.id}"
                if name not in used:
                    columns[header] = Target(name, "answer", question=question)
                    used.add(name)
                break
    for header in headers:
        if header in columns:
            continue
        words = f" {normalised(header)} "
        for name, keys in GUESSES:
            if name in used:
                continue
            if any(f" {key}" in words for key in keys):
                columns[header] = parse_target(name, header, targets)
                used.add(name)
                break
    defaults: dict[str, Any] = {}
    if "language" not in used:
        text = " ".join(normalised(h) for h in headers) + " "
        french = sum(text.count(word) for word in FRENCH_WORDS)
        defaults["language"] = "fr" if french >= 2 else "en"
    return Mapping(columns=columns, defaults=defaults)
