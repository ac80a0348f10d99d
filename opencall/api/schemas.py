"""What the API answers, as pydantic schemas: django-ninja validates the output and
writes the OpenAPI description from them. The request body of the check is the
application document itself (opencall.applications.document)."""

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from django.utils.translation import get_language
from ninja import Path, Schema

from opencall.calls.models import Call, Offer
from opencall.calls.questions import ExtraCriterion, Question, criterion_definition
from opencall.calls.texts import body_markdown
from opencall.screening.criteria import call_criteria

# Path and query values are checked before they reach the database: PostgreSQL
# refuses a NUL byte in text, and no integer column holds 2**63.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MAX_NUMBER = 2**31 - 1


def slug_path() -> Any:
    return Path(
        ...,
        pattern=SLUG_PATTERN,
        max_length=80,
        description="The call's slug.",
        example="hot-summit-2022",
    )


class OfferOut(Schema):
    code: str
    name: str
    description: str
    takes_amount: bool

    @staticmethod
    def resolve_name(offer: Offer) -> str:
        return offer.label


class CallOut(Schema):
    slug: str
    title: str
    summary: str
    organiser: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    timezone: str
    timezone_label: str
    decision_date: dt.date
    is_open: bool
    page_url: str
    offers: list[OfferOut]

    # Moments in the call's own zone: the deadline reads as the call states it
    # (23:59:59-12:00 for Anywhere on Earth), and stays one unambiguous instant.
    @staticmethod
    def resolve_opens_at(call: Call) -> dt.datetime:
        return call.opens_at.astimezone(call.tzinfo)

    @staticmethod
    def resolve_closes_at(call: Call) -> dt.datetime:
        return call.closes_at.astimezone(call.tzinfo)

    @staticmethod
    def resolve_is_open(call: Call) -> bool:
        return call.is_open()

    @staticmethod
    def resolve_summary(call: Call) -> str:
        return call.summary_text  # its date placeholders filled (calls/texts.py)

    @staticmethod
    def resolve_page_url(call: Call, context: dict[str, Any]) -> str:
        return context["request"].build_absolute_uri(reverse("cfp:call", args=[call.slug]))

    @staticmethod
    def resolve_offers(call: Call) -> list[Offer]:
        return list(call.offers.all())


class CriterionText(Schema):
    id: str
    title: str
    explanation: str


class ChoiceOut(Schema):
    code: str
    label: str


class QuestionOut(Schema):
    """One of the call's own questions, in the reader's language."""

    id: str
    type: str  # short_text, long_text, number, date, yes_no, choice, choices, country, ...
    label: str
    help: str
    required: bool
    step: str  # the form's step: event, when-where, audience, content, participation, support
    order: int
    private: bool  # never exported or published; only staff read the answers
    unit: str  # written after a number answer
    choices: list[ChoiceOut]
    show_if: dict[str, Any] | None  # {"question": id, "equals": [answers]}


def question_out(question: Question) -> dict[str, Any]:
    language = get_language()
    condition = question.show_if
    return {
        "id": question.id,
        "type": question.type,
        "label": question.label_in(language),
        "help": question.help_in(language),
        "required": question.required,
        "step": question.step,
        "order": question.order,
        "private": question.private,
        "unit": question.unit,
        "choices": [
            {"code": c.code, "label": question.choice_label(c.code, language)}
            for c in question.choices
        ],
        "show_if": {"question": condition.question, "equals": list(condition.values)}
        if condition
        else None,
    }


class ExtraCriterionOut(Schema):
    """An eligibility criterion of the call on one of its own questions."""

    id: str
    question: str
    test: Literal["answered", "at_most", "at_least", "one_of"]
    value: Any  # the limit (at_most, at_least) or the accepted answers (one_of)
    title: str
    explanation: str


def extra_criterion_out(criterion: ExtraCriterion) -> dict[str, Any]:
    language = get_language()
    return {
        "id": criterion.id,
        "question": criterion.question,
        "test": criterion.test,
        "value": criterion_definition(criterion).get("value"),
        "title": criterion.title_in(language),
        "explanation": criterion.explanation_in(language),
    }


class CallDetailOut(CallOut):
    body: str  # Markdown
    event_window_start: dt.date
    event_window_end: dt.date
    criteria: list[CriterionText]  # the rules the call page lists, the call's own included
    questions: list[QuestionOut]  # the call's own questions, but for the private ones

    @staticmethod
    def resolve_body(call: Call) -> str:
        return body_markdown(call)  # its date placeholders filled

    @staticmethod
    def resolve_criteria(call: Call) -> list[dict[str, str]]:
        return [
            {"id": c.id, "title": str(c.title), "explanation": str(c.explanation)}
            for c in call_criteria(call.extra_criteria)
        ]

    @staticmethod
    def resolve_questions(call: Call) -> list[dict[str, Any]]:
        return [question_out(q) for q in call.own_questions if not q.private]


class CriterionOut(Schema):
    id: str
    title: str
    result: Literal["pass", "fail", "unclear"]
    reason: str
    code: str


class PreferenceOut(Schema):
    id: str
    met: bool
    reason: str
    code: str


class ConditionOut(Schema):
    code: str
    reason: str


class RedirectOut(Schema):
    kind: Literal["hub", "community_team"]
    name: str
    email: str
    url: str
    reason: str
    code: str


class CheckOut(Schema):
    verdict: Literal["eligible", "ineligible", "needs_review"]
    criteria: list[CriterionOut]
    preferences: list[PreferenceOut]
    conditions: list[ConditionOut]
    redirect: RedirectOut | None


class Message(Schema):
    detail: str


class FieldError(Schema):
    """One problem of the document, as django-ninja reports pydantic's errors."""

    type: str
    loc: list[str | int]  # ["body", "document", "contacts", 0, "email"]
    msg: str
    ctx: dict[str, Any] | None = None


class FieldErrors(Schema):
    detail: list[FieldError]
