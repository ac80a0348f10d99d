"""What the staff API answers: the calls a person works on and their applications,
with the columns of the reviewers' queue; and what its writes take."""

import datetime as dt
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import model_validator
from pydantic_core import PydanticCustomError

from opencall.api.schemas import ExtraCriterionOut, QuestionOut, RedirectOut
from opencall.applications.document import ApplicationDocument
from opencall.applications.workflow import Status
from opencall.conversations.services import MAX_LENGTH as MAX_MESSAGE_LENGTH


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


# ---- Writes ---------------------------------------------------------------------


class MoveIn(Schema):
    """A move through the status table, as the application page's "Move" makes it."""

    to: Status = Field(..., description="The status to move to.", examples=["in_conversation"])
    reason: str = Field(
        "",
        max_length=2000,
        description="Why: kept on the application's timeline.",
        examples=["A strong programme: we want to talk about the venue."],
    )


class MessageIn(Schema):
    """A message to the applicant, or, with `criterion`, a request for the information
    a screening criterion lacks (the body may then be left out: a standard question
    naming the criterion is sent)."""

    body: str = Field(
        "",
        max_length=MAX_MESSAGE_LENGTH,
        description="The message, in plain text.",
        examples=["Could you send us the draft programme?"],
    )
    criterion: str = Field(
        "",
        max_length=30,
        pattern=r"^[A-Za-z0-9_]*$",
        description="A screening criterion's id (FORMAT, PROGRAMME…): ask about it.",
        examples=["PROGRAMME"],
    )

    @model_validator(mode="after")
    def not_empty(self) -> "MessageIn":
        if not self.criterion and not self.body.strip():
            raise PydanticCustomError(
                "message_empty", str(_("The message is empty.")), {"field": "body"}
            )
        return self


class MessageOut(Schema):
    id: int
    kind: str  # "message", or "info_request" when it asks about a criterion
    criterion: str  # the criterion asked about, or ""
    body: str  # as sent (the standard question when an information request had none)
    author: str
    created_at: dt.datetime


class UpsertIn(Schema):
    """A submission made elsewhere, brought in by its key in the client's system."""

    key: str = Field(
        ...,
        min_length=1,
        max_length=200,
        pattern=r"^[!-~]+$",
        description=(
            "The submission's identity in your system (printable ASCII, no spaces): the "
            "same key again updates the application it brought in, or changes nothing."
        ),
        examples=["crm-4711"],
    )
    document: ApplicationDocument


class UpsertOut(Schema):
    # "imported" (a new application, 201), "updated" or "unchanged" (200)
    outcome: Literal["imported", "updated", "unchanged"]
    changed: list[str]  # the document's fields an update changed
    application: ApplicationOut
