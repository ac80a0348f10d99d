"""The questions of a call on one page, to read (or print, or keep) before starting:
every step and every question the form will ask, in order, in the reader's language,
with help texts, choices, limits, what must be answered and when a question is asked.

Read from the form itself (the page forms of `cfp/forms.py`, the call's own questions
and their conditions as `own_questions.py` words them), never a second copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext

from opencall.applications.document import ApplicationDocument
from opencall.applications.steps import STEPS, Step
from opencall.applications.uploads import kind_labels, megabytes
from opencall.calls.models import Call
from opencall.calls.questions import Question
from opencall.cfp import own_questions
from opencall.cfp.forms import MAX_CONTACTS, OffersForm, StepForm, step_form

EMPTY = ApplicationDocument()
# Core fields whose choices are every country: named, never listed in full.
COUNTRY_FIELDS = frozenset({"country", "serves_countries"})


def plain_number(value: Any) -> str:
    """A number as the reader writes numbers ("1,500", "1 500")."""
    try:
        return number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
    except InvalidOperation:
        return str(value)


def labelled(label: str, text: str) -> str:
    # Translators: a label and what follows it on the same line ("Amount: USD 4,000");
    # French puts a space before the colon.
    return gettext("%(label)s: %(text)s") % {"label": label, "text": text}


@dataclass(frozen=True)
class QuestionEntry:
    """One question as the form asks it: what it accepts, whether it must be answered,
    when it is asked."""

    label: str
    required: bool
    help: str = ""
    accepts: str = ""
    choices: tuple[str, ...] = ()
    condition: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepQuestions:
    step: Step
    intro: str  # the step's own hint, if it has one
    questions: list[QuestionEntry] = field(default_factory=list)


def call_questions(*, call: Call) -> list[StepQuestions]:
    """Every step and every question the form will ask, in order, in the reader's
    language: the core fields of each step's page form, then the call's own questions
    of that step (each one, conditions worded)."""
    language = (get_language() or "en")[:2]
    by_id = {question.id: question for question in call.own_questions}
    steps = []
    for step in STEPS:
        form = step_form(step, None, call=call, document=EMPTY)
        if isinstance(form, OffersForm):
            entries, intro = _offer_entries(form), str(form.hint)
        else:
            entries, intro = _core_entries(form), ""
        entries += [
            _own_entry(question, by_id, language)
            for question in call.own_questions
            if question.step == step.slug
        ]
        steps.append(StepQuestions(step, intro, entries))
    return steps


def _core_entries(form: StepForm) -> list[QuestionEntry]:
    entries = []
    for bound in form.core_fields():
        name, field_ = bound.name, bound.field
        if name.startswith("contact_") and not name.endswith(("_0", "_1")):
            continue  # the same two questions again, for each further organiser
        accepts, choices = _core_accepts(name, field_)
        notes = ()
        if name == "contact_name_1":
            notes = (
                ngettext(
                    "You can name up to %(count)d other organiser.",
                    "You can name up to %(count)d other organisers.",
                    MAX_CONTACTS - 1,
                )
                % {"count": MAX_CONTACTS - 1},
            )
        entries.append(
            QuestionEntry(
                label=str(field_.label),
                required=field_.required,
                help=str(field_.help_text or ""),
                accepts=accepts,
                choices=choices,
                notes=notes,
            )
        )
    return entries


def _core_accepts(name: str, field_: forms.Field) -> tuple[str, tuple[str, ...]]:
    if isinstance(field_, forms.BooleanField):
        return gettext("Tick it if it is so."), ()
    if isinstance(field_, forms.MultipleChoiceField):
        if name in COUNTRY_FIELDS:
            return gettext("Countries, chosen from a list."), ()
        return gettext("Tick any that apply:"), tuple(str(label) for _c, label in field_.choices)
    if isinstance(field_, forms.ChoiceField):
        if name in COUNTRY_FIELDS:
            return gettext("A country, chosen from a list."), ()
        labels = tuple(str(label) for code, label in field_.choices if code != "" or label != "—")
        return gettext("Choose one:"), labels
    attrs = field_.widget.attrs
    input_type = getattr(field_.widget, "input_type", "")
    if input_type == "date":
        return gettext("A date."), ()
    if input_type == "number":
        step = str(attrs.get("step", "1"))
        decimals = -Decimal(step).as_tuple().exponent if "." in step else 0
        return number_words(attrs.get("min"), attrs.get("max"), int(decimals), ""), ()
    if input_type == "url":
        return web_address_words(), ()
    if input_type == "email":
        return gettext("An email address."), ()
    limit = getattr(field_, "max_length", None)
    return (text_words(limit) if limit else ""), ()


def _offer_entries(form: OffersForm) -> list[QuestionEntry]:
    """The support step: the kinds of support to tick, then what is asked of each one
    ticked (a few words; an amount for those that take one)."""
    rows = form.rows()
    choices = tuple(
        labelled(str(row["want"].label), row["offer"].description)
        if row["offer"] is not None and row["offer"].description
        else str(row["want"].label)
        for row in rows
    )
    entries = [
        QuestionEntry(
            label=str(form.legend),
            required=False,
            accepts=gettext("Tick any that apply:"),
            choices=choices,
        )
    ]
    details = rows[0]["details"].field
    entries.append(
        QuestionEntry(
            label=str(details.label),
            required=False,
            accepts=text_words(details.max_length),
            condition=gettext("For each kind of support you tick."),
        )
    )
    with_amount = [str(row["want"].label) for row in rows if row["amount"] is not None]
    if with_amount:
        amount = next(row["amount"] for row in rows if row["amount"] is not None)
        attrs = amount.field.widget.attrs
        entries.append(
            QuestionEntry(
                label=str(amount.label),
                required=False,
                accepts=number_words(attrs.get("min"), None, 2, ""),
                condition=gettext("For: %(kinds)s.") % {"kinds": ", ".join(with_amount)},
            )
        )
    return entries


def _own_entry(question: Question, by_id: dict[str, Question], language: str) -> QuestionEntry:
    accepts, choices = own_accepts(question, language)
    condition = ""
    if question.show_if is not None and question.show_if.question in by_id:
        condition = own_questions.condition_text(
            question, by_id[question.show_if.question], language
        )
    notes = ()
    if question.private:
        notes = (
            gettext("Only the call's team reads this answer: it is never exported or published."),
        )
    return QuestionEntry(
        label=question.label_in(language),
        required=question.required,
        help=question.help_in(language),
        accepts=accepts,
        choices=choices,
        condition=condition,
        notes=notes,
    )


def own_accepts(question: Question, language: str) -> tuple[str, tuple[str, ...]]:
    """What a call's own question accepts, in words, with its choices."""
    kind = question.type
    if kind in ("short_text", "long_text"):
        return text_words(question.text_limit), ()
    if kind == "number":
        return number_words(question.min, question.max, question.decimals, question.unit), ()
    if kind == "date":
        return gettext("A date."), ()
    if kind == "yes_no":
        return gettext("Yes or no."), ()
    if kind in ("choice", "choices"):
        labels = tuple(question.choice_label(c.code, language) for c in question.choices)
        words = gettext("Choose one:") if kind == "choice" else gettext("Tick any that apply:")
        return words, labels
    if kind == "country":
        return gettext("A country, chosen from a list."), ()
    if kind == "url":
        return web_address_words(), ()
    if kind == "email":
        return gettext("An email address."), ()
    if kind == "file":
        return file_words(question), ()
    return "", ()


def text_words(limit: int) -> str:
    return ngettext(
        "Text, at most %(count)s character.", "Text, at most %(count)s characters.", limit
    ) % {"count": number_format(limit, force_grouping=True)}


def web_address_words() -> str:
    return gettext("A web address, starting with https://")


def number_words(low: Any, high: Any, decimals: int, unit: str) -> str:
    """A number's limits: "A number between 0 and 100. Whole numbers only. Unit: %"."""
    low = None if low is None else plain_number(low)
    high = None if high is None else plain_number(high)
    if low is not None and high is not None:
        words = gettext("A number between %(min)s and %(max)s.") % {"min": low, "max": high}
    elif low is not None:
        words = gettext("A number of at least %(min)s.") % {"min": low}
    elif high is not None:
        words = gettext("A number of at most %(max)s.") % {"max": high}
    else:
        words = gettext("A number.")
    if decimals:
        words += " " + ngettext(
            "At most %(count)d decimal.", "At most %(count)d decimals.", decimals
        ) % {"count": decimals}
    else:
        words += " " + gettext("Whole numbers only.")
    if unit:
        words += " " + gettext("Unit: %(unit)s.") % {"unit": unit}
    return words


def file_words(question: Question) -> str:
    return ngettext(
        "A file of this kind: %(kinds)s, at most %(size)s MB.",
        "A file of one of these kinds: %(kinds)s, at most %(size)s MB.",
        len(question.file_types),
    ) % {"kinds": kind_labels(question.file_types), "size": megabytes(question.max_bytes)}
