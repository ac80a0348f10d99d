"""A call's own questions on the application form: their fields, their errors in the
applicant's language, and their answers in words.

The questions are data (calls/questions.py); what each accepts is decided by
`calls.answers.clean_answer`. Here they only become Django fields rendered with the
same components as the core fields, and each refusal a sentence naming the limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from opencall.applications.answers import Row, answer_words, question_rows
from opencall.applications.uploads import FILE_KINDS, file_answer, kind_labels, megabytes
from opencall.calls.answers import AnswerError
from opencall.calls.questions import STEP_SLUGS, Question
from opencall.core.countries import country_choices

PREFIX = "q_"  # a question's field is q_<id>: its id may be a core field's name
YES_NO = (("yes", _("Yes")), ("no", _("No")))


def field_name(question: Question) -> str:
    return PREFIX + question.id


def asked_on_step(
    questions: tuple[Question, ...], step: str, answers: Mapping[str, Any]
) -> list[Question]:
    """The questions of `step`, in order. One whose condition is on an earlier step is
    asked only when the stored answers meet it; one whose condition is on this step is
    always there (the page hides it while the other answer does not call for it)."""
    same_step = {q.id for q in questions if q.step == step}
    return [
        q
        for q in questions
        if q.step == step
        and (q.show_if is None or q.show_if.question in same_step or q.shown(answers))
    ]


def depends_on_this_step(question: Question, step_questions: list[Question]) -> bool:
    return question.show_if is not None and question.show_if.question in {
        q.id for q in step_questions
    }


# Fields ---------------------------------------------------------------------------------


def question_field(
    question: Question,
    *,
    language: str,
    stored: Any,
    condition: Question | None = None,
) -> forms.Field:
    """The Django field of one question. `condition` is the question of this step it
    depends on, if any: the field is then never required by Django (the form requires it
    when the condition is met) and says when it is asked."""
    required = question.required and condition is None
    label = question.label_in(language)
    if question.type == "number" and question.unit:
        label = f"{label} ({question.unit})"
    kwargs: dict[str, Any] = {"label": label, "required": required}
    field = _field_of_type(question, language, kwargs)
    field.help_text = _help(question, language, stored, condition)
    field.template_name = "cfp/question_field.html"
    field.question = question  # type: ignore[attr-defined]
    if condition is not None:
        assert question.show_if is not None
        field.show_if = question.show_if.question  # type: ignore[attr-defined]
        field.show_values = json.dumps(  # type: ignore[attr-defined]
            [form_value(condition, value) for value in question.show_if.values]
        )
    return field


def _field_of_type(question: Question, language: str, kwargs: dict[str, Any]) -> forms.Field:
    kind = question.type
    invalid_choice = {"invalid_choice": answer_message(question, AnswerError("unknown_choice"))}
    if kind == "short_text":
        return forms.CharField(
            widget=forms.TextInput(attrs={"maxlength": question.text_limit}), **kwargs
        )
    if kind == "long_text":
        attrs = {"rows": 6, "maxlength": question.text_limit}
        return forms.CharField(widget=forms.Textarea(attrs=attrs), **kwargs)
    if kind == "number":
        step = Decimal(1).scaleb(-question.decimals)
        attrs: dict[str, Any] = {"step": f"{step:f}"}
        if question.min is not None:
            attrs["min"] = question.min
        if question.max is not None:
            attrs["max"] = question.max
        return forms.CharField(widget=forms.NumberInput(attrs=attrs), **kwargs)
    if kind == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)
    if kind == "yes_no":
        widget = forms.RadioSelect(attrs={"class": "inline"})
        return forms.ChoiceField(
            choices=YES_NO, widget=widget, error_messages=invalid_choice, **kwargs
        )
    if kind in ("choice", "choices"):
        choices = [(c.code, question.choice_label(c.code, language)) for c in question.choices]
        if kind == "choice":
            return forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                error_messages=invalid_choice,
                **kwargs,
            )
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages=invalid_choice,
            **kwargs,
        )
    if kind == "country":
        choices = [("", "—"), *country_choices(language)]
        return forms.ChoiceField(choices=choices, error_messages=invalid_choice, **kwargs)
    if kind == "url":
        return forms.CharField(widget=forms.URLInput, **kwargs)
    if kind == "email":
        return forms.CharField(widget=forms.EmailInput, **kwargs)
    if kind == "file":
        accept = ",".join(
            extension
            for code in question.file_types
            if code in FILE_KINDS
            for extension in (*FILE_KINDS[code].extensions, FILE_KINDS[code].mime)
        )
        return forms.FileField(
            widget=forms.FileInput(attrs={"accept": accept}), allow_empty_file=True, **kwargs
        )
    raise ValueError(f"no field for a {kind} question")


def _help(question: Question, language: str, stored: Any, condition: Question | None) -> str:
    parts = []
    if condition is not None:
        assert question.show_if is not None
        parts.append(
            format_html(
                '<span class="condition" data-show-if-hint>{}</span>',
                condition_text(question, condition, language),
            )
        )
    if help_text := question.help_in(language):
        parts.append(format_html("{}", help_text))
    if question.type == "file" and (current := file_answer(stored)):
        parts.append(
            format_html(
                "{}",
                gettext(
                    "You sent %(name)s (%(size)s). Replace it: choose another file. "
                    "Keep it: leave this empty."
                )
                % {"name": current["name"], "size": filesizeformat(current["size"])},
            )
        )
    return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else ""


def condition_text(question: Question, condition: Question, language: str) -> str:
    assert question.show_if is not None
    answers = " / ".join(
        answer_words(condition, value, language=language) for value in question.show_if.values
    )
    return gettext("Only if you answered “%(answer)s” to “%(question)s”.") % {
        "answer": answers,
        "question": condition.label_in(language),
    }


def form_value(question: Question, value: Any) -> Any:
    """A stored answer as the field shows it (initial data, the condition's values)."""
    if value is None:
        return None
    if question.type == "yes_no":
        return "yes" if value else "no"
    if question.type == "choices":
        return list(value) if isinstance(value, list | tuple) else [value]
    if question.type == "file":
        return file_answer(value)
    return value if isinstance(value, str) else str(value)


# Errors ---------------------------------------------------------------------------------


def answer_message(question: Question, error: AnswerError) -> str:
    """The sentence the applicant reads for a refused answer, naming the limit: a
    number's whole range, a file's kinds and size as the upload checks word them; any
    other refusal as `calls.answers.ANSWER_PROBLEMS` words it."""
    code = error.code
    if code in ("not_number", "below_min", "above_max"):
        return _number_range(question)
    if code == "whole_number" or (code == "too_many_decimals" and not question.decimals):
        return gettext("Enter a whole number.")
    if code == "too_many_decimals":
        return ngettext(
            "Use at most %(count)d decimal.", "Use at most %(count)d decimals.", question.decimals
        ) % {"count": question.decimals}
    if code == "too_long":
        return ngettext(
            "Use at most %(count)s character.",
            "Use at most %(count)s characters.",
            question.text_limit,
        ) % {"count": number_format(question.text_limit, force_grouping=True)}
    if code == "wrong_file_type":
        return ngettext(
            "This file is not of the kind this question accepts: %(kinds)s.",
            "This file is not of a kind this question accepts: %(kinds)s.",
            len(question.file_types),
        ) % {"kinds": kind_labels(question.file_types)}
    if code == "file_too_large":
        return gettext("This file is larger than %(limit)s MB, the most this question accepts.") % {
            "limit": megabytes(question.max_bytes)
        }
    return error.message(gettext)


def _number_range(question: Question) -> str:
    low, high = question.min, question.max
    if low is not None and high is not None:
        return gettext("Enter a number between %(min)s and %(max)s.") % {
            "min": _number(low),
            "max": _number(high),
        }
    if low is not None:
        return gettext("Enter a number of at least %(min)s.") % {"min": _number(low)}
    if high is not None:
        return gettext("Enter a number of at most %(max)s.") % {"max": _number(high)}
    return gettext("Enter a number, for example 1500.")


def _number(value: Decimal | int | float) -> str:
    return number_format(value, force_grouping=True)


# Answers in words -----------------------------------------------------------------------


def answers_by_step(
    questions: tuple[Question, ...], answers: Mapping[str, Any], language: str
) -> dict[str, list[Row]]:
    """The questions asked (given the answers) and their answers in words, by step."""
    steps: dict[str, list[Row]] = {slug: [] for slug in STEP_SLUGS}
    for row in question_rows(questions, answers, language=language):
        steps[row.question.step].append(row)
    return steps
