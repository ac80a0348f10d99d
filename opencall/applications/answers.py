"""A call's own answers worded for a reader: the staff page, the review form, the
exports, the API and the applicant's own pages all read them through `answer_rows`.

The answers are kept in the application document by question id, in the JSON form
calls/questions.py gives them; here each becomes the words a person reads, in the
reader's language: choice labels, yes or no, a country's name, a number with its
unit, a date in words, a file's name and size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation
from django.utils.translation import gettext

from opencall.calls.questions import Question, is_blank
from opencall.core.countries import country_name

NBSP = "\u00a0"


@dataclass(frozen=True)
class Row:
    """One question and its answer, as a reader sees it."""

    question: Question
    label: str
    text: str  # "Not answered" when there is no answer
    file: Mapping[str, Any] | None = None  # the stored file answer, for a link to it
    answered: bool = True
    hidden: bool = False  # a personal answer a blind reviewer may not read yet (personal.py)

    @property
    def private(self) -> bool:
        return self.question.private


def number_text(question: Question, value: Any) -> str:
    """A number answer as the reader writes numbers, its unit after it on the same line
    ("45,000 USD", "45 000 USD")."""
    try:
        number = formats.number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
    except InvalidOperation:
        return str(value)
    number = number.replace(" ", NBSP)
    if not question.unit:
        return number
    # "45%" in English, "45 %" in French; any other unit after a space ("30,000 USD").
    tight = question.unit == "%" and (translation.get_language() or "en").startswith("en")
    return f"{number}{'' if tight else NBSP}{question.unit}"


def file_text(value: Mapping[str, Any]) -> str:
    """A file answer: its name and size ("programme.pdf (1.2 MB)")."""
    size = value.get("size")
    name = str(value.get("name", ""))
    return f"{name} ({filesizeformat(size)})" if isinstance(size, int) else name


def _date_text(value: Any) -> str:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "DATE_FORMAT")


def _words(question: Question, value: Any, language: str) -> str:
    """One answer in the active language (the caller sets it)."""
    kind = question.type
    if kind == "yes_no":
        return gettext("Yes") if value else gettext("No")
    if kind in ("choice", "choices"):
        codes = value if isinstance(value, list) else [value]
        return ", ".join(question.choice_label(str(code), language) for code in codes)
    if kind == "country":
        return country_name(str(value), language)
    if kind == "number":
        return number_text(question, value)
    if kind == "date":
        return _date_text(value)
    if kind == "file" and isinstance(value, Mapping):
        return file_text(value)
    return str(value)


def answer_words(question: Question, value: Any, *, language: str) -> str:
    """One answer as a reader in `language` reads it; "" when there is none."""
    if is_blank(value):
        return ""
    with translation.override(language):
        return _words(question, value, language[:2])


def question_rows(
    questions: Iterable[Question],
    answers: Mapping[str, Any] | None,
    *,
    language: str,
    include_private: bool = True,
) -> list[Row]:
    """Every question asked of this application, in the call's order, with its answer
    worded; a question its condition hides is left out (it was not asked), one left
    blank reads "Not answered". Private questions only when `include_private`."""
    answers = answers if isinstance(answers, Mapping) else {}
    rows = []
    with translation.override(language):
        for question in questions:
            if (question.private and not include_private) or not question.shown(answers):
                continue
            value = answers.get(question.id)
            label = question.label_in(language)
            if is_blank(value):
                rows.append(Row(question, label, gettext("Not answered"), answered=False))
                continue
            is_file = question.type == "file" and isinstance(value, Mapping)
            text = _words(question, value, language[:2])
            rows.append(Row(question, label, text, value if is_file else None))
    return rows


def answer_rows(
    call: Any, document: Any, *, language: str, include_private: bool = True
) -> list[Row]:
    """The call's own questions and this document's answers, worded (`question_rows`);
    `document` is an application's stored dict or an ApplicationDocument."""
    questions = call.own_questions
    if not questions:
        return []
    answers = document.get("answers") if isinstance(document, Mapping) else document.answers
    return question_rows(questions, answers, language=language, include_private=include_private)
