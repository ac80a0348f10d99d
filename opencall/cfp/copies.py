"""Your copy: what the applicant sent, every answer of every step in the form's order,
to print or keep offline.

Read from the form itself (the page forms of `cfp/forms.py` and the call's own
questions, `own_questions.py`): the labels the applicant met on the steps, never a
second copy of them. The call's own answers are worded as every page words them
(`applications.answers`). The questions of a call on one page: `call_questions.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext

from opencall.applications.answers import Row
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.applications.steps import STEPS, Step
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.calls.texts import date_in_words, moment_in_words
from opencall.cfp import own_questions
from opencall.cfp.call_questions import COUNTRY_FIELDS, labelled, plain_number
from opencall.cfp.forms import YES_NO_UNKNOWN, OffersForm, StepForm, step_form
from opencall.core.countries import country_name
from opencall.selection.amounts import USD, amount_text


def _language() -> str:
    return (get_language() or "en")[:2]


# Your copy: what the applicant sent ------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    """One question of the form and its answer, as the applicant reads it."""

    label: str
    text: str
    answered: bool = True
    link: str = ""  # a web address: the copy prints it in full
    long: bool = False  # a long text: its line breaks kept
    more: tuple[str, ...] = ()  # answers that belong to this one (an amount), labelled


@dataclass(frozen=True)
class StepAnswers:
    step: Step
    lines: list[AnswerLine]


@dataclass(frozen=True)
class ApplicationCopy:
    application: Application
    call: Call
    document: ApplicationDocument
    steps: list[StepAnswers]
    sent: str  # the moment of submission in words, with the call's zone; "" for a draft
    made: str  # the moment this copy was made, in words

    @property
    def is_draft(self) -> bool:
        return self.application.status == Status.DRAFT


def application_copy(*, application: Application) -> ApplicationCopy:
    """Every answer of every step, in the form's order, with the form's labels, in the
    reader's language. Only what the applicant wrote: no screening, no staff data; their
    private answers are included (they are their own)."""
    call = application.call
    document = ApplicationDocument.model_validate(application.document)
    own = own_questions.answers_by_step(call.own_questions, document.answers, _language())
    steps = []
    for step in STEPS:
        form = step_form(step, None, call=call, document=document)
        lines = _offer_lines(form) if isinstance(form, OffersForm) else _core_lines(form)
        lines += [_own_line(row) for row in own[step.slug]]
        steps.append(StepAnswers(step, lines))
    return ApplicationCopy(
        application=application,
        call=call,
        document=document,
        steps=steps,
        sent=moment_in_words(application.submitted_at, call) if application.submitted_at else "",
        made=moment_in_words(timezone.now(), call),
    )


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _addition(name: str) -> bool:
    """Fields that add to another (a second organiser, languages typed by name): left
    out of the copy when blank, as they add nothing."""
    return name == "other_languages" or (name.startswith("contact_") and not name.endswith("_0"))


def _core_lines(form: StepForm) -> list[AnswerLine]:
    lines = []
    for bound in form.core_fields():
        name = bound.name
        if name == "country" and form.step_slug == "event":
            continue  # asked there only of a kind of event the call does not take
        value = bound.value()
        if _is_blank(value) and _addition(name):
            continue
        lines.append(_core_line(name, bound.field, value))
    return lines


def _choice_label(choices: Any, code: Any) -> str:
    for value, label in choices:
        if str(value) == str(code):
            return str(label)
    return str(code)


def _blank_is_an_answer(field: forms.Field) -> bool:
    """A yes/no question with "Not yet known" offered: leaving it is an answer."""
    return isinstance(field, forms.ChoiceField) and list(field.choices)[:1] == YES_NO_UNKNOWN[:1]


def _core_line(name: str, field: forms.Field, value: Any) -> AnswerLine:
    label = str(field.label)
    if isinstance(field, forms.BooleanField):
        return AnswerLine(label, gettext("Yes") if value else gettext("No"))
    if _is_blank(value) and not _blank_is_an_answer(field):
        return AnswerLine(label, gettext("Not answered"), answered=False)
    if isinstance(field, forms.MultipleChoiceField):
        if name in COUNTRY_FIELDS:
            names = [country_name(str(code), _language()) for code in value]
        else:
            names = [_choice_label(field.choices, code) for code in value]
        return AnswerLine(label, ", ".join(names))
    if isinstance(field, forms.ChoiceField):
        return AnswerLine(label, _choice_label(field.choices, value or ""))
    input_type = getattr(field.widget, "input_type", "")
    if input_type == "date":
        try:
            return AnswerLine(label, date_in_words(dt.date.fromisoformat(str(value))))
        except ValueError:
            return AnswerLine(label, str(value))
    if input_type == "number":
        return AnswerLine(label, plain_number(value))
    if input_type == "url":
        return AnswerLine(label, str(value), link=_web_link(str(value)))
    return AnswerLine(label, str(value), long=isinstance(field.widget, forms.Textarea))


def _offer_lines(form: OffersForm) -> list[AnswerLine]:
    """Each kind of support asked for, with what was said of it and the amount."""
    lines = []
    for row in form.rows():
        if not row["want"].value():
            continue
        details = row["details"].value() or ""
        more: tuple[str, ...] = ()
        if row["amount"] is not None and not _is_blank(amount := row["amount"].value()):
            more = (labelled(str(row["amount"].label), amount_text(Decimal(str(amount)), USD)),)
        lines.append(AnswerLine(str(row["want"].label), details or "—", long=True, more=more))
    if not lines:
        lines.append(AnswerLine(str(form.legend), gettext("Not answered"), answered=False))
    return lines


def _web_link(text: str) -> str:
    """An answer made a link only if it is a web address (never javascript: or the like)."""
    return text if text.startswith(("https://", "http://")) else ""


def _own_line(row: Row) -> AnswerLine:
    link = _web_link(row.text) if row.answered and row.question.type == "url" else ""
    return AnswerLine(
        row.label, row.text, answered=row.answered, link=link, long=row.question.type == "long_text"
    )
