"""What the staff API answers: the calls a person works on and their applications,
with the columns of the reviewers' queue."""

import datetime as dt
from typing import Any

from ninja import Schema

from opencall.api.schemas import ExtraCriterionOut, QuestionOut, RedirectOut
from opencall.applications.document import ApplicationDocument


class StaffCallOut(Schema):
    slug: str
    title: str
    is_practice: bool
    # A token cannot read such a call: it carries no second factor.
    two_factor_required: bool
    questions: list[QuestionOut]  # the call's own questions, private ones included
    extra_criteria: list[ExtraCriterionOut]


class AnswerOut(Schema):
    """The answer to one of the call's own questions, for staff (private ones too)."""

    question: str  # the question's id
    label: str
    private: bool
    answered: bool
    # A blind review: the answer names or reaches the applicant, and the reader's review
    # is not in yet; `value` is null and `text` says so.
    hidden: bool
    value: Any  # as the document keeps it: number, ISO date, bool, code(s), file...
    text: str  # as a person reads it, in the reader's language
    file_url: str | None  # a file answer's download, for staff who may see the application


class ApplicationOut(Schema):
    ref: str
    number: int
    status: str
    event_name: str
    country: str  # ISO 3166-1 alpha-2, or ""
    hub: str  # the hub's code, or "" when no hub's region holds the country
    hub_name: str
    scope: str
    format: str
    start_date: dt.date | None
    submitted_at: dt.datetime | None
    verdict: str | None  # the screening's verdict, with overrides; None before screening
    review_count: int
    # The team's aggregate (0-100), only where the rulebook lets the person see it.
    score: float | None
    score_spread: float | None
    page_url: str


class ScreeningCriterionOut(Schema):
    id: str
    title: str
    result: str  # with a reviewer's override
    computed: str  # what the rules said
    reason: str
    code: str
    override_reason: str
    override_by: str


class ScreeningPreferenceOut(Schema):
    id: str
    met: bool
    reason: str
    code: str


class ScreeningOut(Schema):
    verdict: str
    computed_verdict: str
    computed_at: dt.datetime
    criteria: list[ScreeningCriterionOut]
    preferences: list[ScreeningPreferenceOut]
    conditions: list[str]
    redirect: RedirectOut | None


class ApplicationDetailOut(ApplicationOut):
    # A blind review (docs/reviewing.md): until the reader's review is in, the document
    # comes without its contacts and personal answers, and the reason says so in words.
    applicant_hidden: bool
    applicant_hidden_reason: str | None
    document: ApplicationDocument
    answers: list[AnswerOut]  # the call's own questions asked of it, in order
    screening: ScreeningOut | None
