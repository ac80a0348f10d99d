"""Answers to a call's own questions, in the one JSON form every front end keeps.

`clean_answer` takes what a form, a spreadsheet or an API client sends (strings as
well as typed values) and gives the stored form, or an AnswerError whose code
ANSWER_PROBLEMS words in the reader's language. Pure Python (no Django).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import pycountry
from email_validator import EmailNotValidError, validate_email

from opencall.core.messages import Catalogue, Gettext, _, identity
from opencall.core.web import web_address_problem


class Question(Protocol):
    """What checking an answer reads of its question (questions.Question has it all);
    a protocol, so that the definitions may import this module and not the reverse."""

    id: str
    type: str
    required: bool
    min: Decimal | None
    max: Decimal | None
    decimals: int
    choices: tuple[Any, ...]
    file_types: tuple[str, ...]
    max_mb: float

    @property
    def text_limit(self) -> int: ...

    @property
    def max_bytes(self) -> int: ...

    def shown(self, answers: Mapping[str, Any]) -> bool: ...


TEXT_LIMITS = {"short_text": 200, "long_text": 5000}
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)

# Why an answer is refused, worded for the person who gave it (forms, imports, the
# command line): the English is the gettext message id, rendered in any language.
ANSWER_PROBLEMS = Catalogue(
    {
        "not_text": _("Write the answer as text."),
        "too_long": _("This answer is too long: at most {limit} characters."),
        "not_number": _("Enter a number, like 1500."),
        "too_many_decimals": _("Use at most {decimals} decimals."),
        "whole_number": _("Enter a whole number."),
        "below_min": _("Enter a number of at least {limit}."),
        "above_max": _("Enter a number of at most {limit}."),
        "not_date": _("Enter a date as YYYY-MM-DD, for example 2027-09-15."),
        "date_out_of_range": _("Enter a date between {first} and {last}."),
        "not_yes_no": _("Answer yes or no."),
        "unknown_choice": _("Choose one of the options."),
        "not_country": _("Choose a country from the list."),
        "not_url": _("Enter a full web address, starting with https://"),
        "not_email": _("Enter a valid email address, like name@example.org."),
        "not_file": _("Upload the file again."),
        "wrong_file_type": _("This kind of file is not one this question takes."),
        "file_too_large": _("The file is too large: at most {limit} MB."),
        "unknown_question": _("The call asks no such question."),
    }
)


class AnswerError(ValueError):
    """An answer its question refuses: `code` says why (ANSWER_PROBLEMS words it),
    `params` carry the question's limits."""

    def __init__(self, code: str, **params: Any):
        self.code, self.params = code, {key: str(value) for key, value in params.items()}
        super().__init__(self.message())

    def message(self, gettext: Gettext = identity) -> str:
        return ANSWER_PROBLEMS.render(self.code, self.params, gettext)


# -- answers ------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def clean_answer(question: Question, value: Any) -> Any:
    """The stored (JSON) form of one answer, or AnswerError. Takes what a form, a
    spreadsheet or an API client sends: strings as well as typed values."""
    if is_blank(value):
        return None
    cleaner = _CLEANERS[question.type]
    return cleaner(question, value)


def _text(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError("not_text")
    value = value.strip()
    if len(value) > question.text_limit:
        raise AnswerError("too_long", limit=question.text_limit)
    return value


def _number_answer(question: Question, value: Any) -> int | float:
    if isinstance(value, bool):
        raise AnswerError("not_number")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise AnswerError("not_number") from exc
    if not number.is_finite():
        raise AnswerError("not_number")
    if number != round(number, question.decimals):
        if question.decimals == 0:
            raise AnswerError("whole_number")
        raise AnswerError("too_many_decimals", decimals=question.decimals)
    if question.min is not None and number < question.min:
        raise AnswerError("below_min", limit=question.min)
    if question.max is not None and number > question.max:
        raise AnswerError("above_max", limit=question.max)
    return int(number) if question.decimals == 0 else float(number)


def _date(question: Question, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise AnswerError("not_date") from exc
    if not FIRST_DAY <= value <= LAST_DAY:
        raise AnswerError("date_out_of_range", first=FIRST_DAY, last=LAST_DAY)
    return value.isoformat()


def _yes_no(question: Question, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise AnswerError("not_yes_no")


def _choice(question: Question, value: Any) -> str:
    codes = [choice.code for choice in question.choices]
    if value not in codes:
        raise AnswerError("unknown_choice")
    return value


def _choices_answer(question: Question, value: Any) -> list[str] | None:
    values = [value] if isinstance(value, str) else list(value)
    codes = [choice.code for choice in question.choices]
    if any(item not in codes for item in values):
        raise AnswerError("unknown_choice")
    return [code for code in codes if code in values] or None  # in the call's order


def _country(question: Question, value: Any) -> str:
    code = str(value).strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise AnswerError("not_country")
    return code


def _url(question: Question, value: Any) -> str:
    value = _text(question, value)
    if web_address_problem(value):
        raise AnswerError("not_url")
    return value


def _email(question: Question, value: Any) -> str:
    value = _text(question, value)
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise AnswerError("not_email") from exc


def _file(question: Question, value: Any) -> dict[str, Any]:
    keys = {"name", "size", "type", "key"}
    if not isinstance(value, Mapping) or set(value) != keys:
        raise AnswerError("not_file")
    if value["type"] not in question.file_types:
        raise AnswerError("wrong_file_type")
    if not isinstance(value["size"], int) or value["size"] > question.max_bytes:
        raise AnswerError("file_too_large", limit=question.max_mb)
    return dict(value)


_CLEANERS = {
    "short_text": _text,
    "long_text": _text,
    "number": _number_answer,
    "date": _date,
    "yes_no": _yes_no,
    "choice": _choice,
    "choices": _choices_answer,
    "country": _country,
    "url": _url,
    "email": _email,
    "file": _file,
}


def clean_answers(
    questions: Iterable[Question], answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, AnswerError]]:
    """Every answer in its stored form, and the errors by question id. An answer to
    a question the call does not ask is an error; one to a question hidden by its
    condition is dropped (the applicant changed the answer it depended on)."""
    questions = tuple(questions)
    by_id = {question.id: question for question in questions}
    clean: dict[str, Any] = {}
    errors: dict[str, AnswerError] = {}
    for qid in answers:
        if qid not in by_id:
            errors[qid] = AnswerError("unknown_question")
    for question in questions:
        if question.id not in answers:
            continue
        try:
            value = clean_answer(question, answers[question.id])
        except AnswerError as exc:
            errors[question.id] = exc
            continue
        if value is not None:
            clean[question.id] = value
    return {qid: v for qid, v in clean.items() if by_id[qid].shown(clean)}, errors


def missing_required(questions: Iterable[Question], answers: Mapping[str, Any]) -> list[str]:
    """The required questions, asked given the other answers, left without an answer."""
    return [
        q.id for q in questions if q.required and q.shown(answers) and is_blank(answers.get(q.id))
    ]
