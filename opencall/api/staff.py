"""The staff API: what a person's token may read of the calls they work on, read-only.

The same gate as the pages (staff/access.py), with answers instead of redirects: the
rulebook decides, the queue's selectors read. A call that requires two-factor sign-in
is closed to tokens, which carry no second factor.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from opencall.accounts import selectors as accounts_selectors
from opencall.accounts.blind import blind_for
from opencall.accounts.queue import QueueFilters, queue_numbers, queue_rows
from opencall.api.auth import TokenAuth
from opencall.api.schemas import (
    MAX_NUMBER,
    FieldErrors,
    Message,
    extra_criterion_out,
    question_out,
    slug_path,
)
from opencall.api.staff_schemas import ApplicationDetailOut, ApplicationOut, StaffCallOut
from opencall.applications.answers import answer_rows
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.applications.personal import Blind
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.screening.selectors import stored_screening

router = Router(tags=["staff"], auth=TokenAuth())

REFUSALS = {401: Message, 403: Message, 404: Message, 422: FieldErrors}
MAX_PAGE = 500
MAX_OFFSET = 1_000_000  # far beyond any call's applications, well within any integer


class Pages(LimitOffsetPagination):
    """ninja's pagination with both numbers bounded (2**63 once reached the database)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _call(request: HttpRequest, slug: str) -> Call:
    call = Call.objects.select_related("reference_version").filter(slug=slug).first()
    if call is None:
        raise HttpError(404, _("There is no call '%(slug)s'.") % {"slug": slug})
    if accounts_selectors.two_factor_required(user=request.user, call_id=call.pk):
        raise HttpError(
            403,
            _(
                "The call '%(slug)s' requires two-factor sign-in, which an API token cannot "
                "give: read its applications on the site."
            )
            % {"slug": slug},
        )
    if not request.user.has_perm("calls.view_applications", call):
        raise HttpError(403, _("You do not work on the call '%(slug)s'.") % {"slug": slug})
    return call


def _summary(request: HttpRequest, application: Any, hubs: dict[str, str]) -> dict[str, Any]:
    """One row as the queue shows it; `application` comes from queue_rows."""
    try:
        verdict = application.screening.verdict
    except ObjectDoesNotExist:
        verdict = None
    allowed = request.user.has_perm("applications.view_scores", application)
    page = reverse("staff:application", args=[application.call.slug, application.number])
    return {
        "ref": application.ref,
        "number": application.number,
        "status": application.status,
        "event_name": application.event_name,
        "country": application.country,
        "hub": application.hub_code,
        "hub_name": hubs.get(application.hub_code, application.hub_code),
        "scope": application.scope,
        "format": application.format,
        "start_date": application.start_date,
        "submitted_at": application.submitted_at,
        "verdict": verdict,
        "review_count": application.review_count,
        "score": application.score_mean if allowed else None,
        "score_spread": application.score_spread if allowed else None,
        "page_url": request.build_absolute_uri(page),
    }


def _rows(request: HttpRequest, call: Call, ids: list[int]) -> list[dict[str, Any]]:
    applications = queue_rows(user=request.user, ids=ids)
    # Then the rulebook answers for every row without a query of its own.
    accounts_selectors.remember_facts(user=request.user, applications=applications)
    hubs = accounts_selectors.hub_names(call=call) if applications else {}
    return [_summary(request, a, hubs) for a in applications]


def _answers(
    request: HttpRequest,
    application: Application,
    document: ApplicationDocument,
    blind: Blind | None,
) -> list[dict[str, Any]]:
    """Every answer to the call's own questions: staff read the private ones too; a
    blind review's reviewer reads the personal ones once their review is in."""
    rows = answer_rows(application.call, document, language=get_language() or "en")
    if blind is not None:
        rows = blind.rows(rows)
    kwargs = {"slug": application.call.slug, "number": application.number}
    return [
        {
            "question": row.question.id,
            "label": row.label,
            "private": row.private,
            "answered": row.answered,
            "hidden": row.hidden,
            "value": None if row.hidden else document.answers.get(row.question.id),
            "text": row.text,
            "file_url": request.build_absolute_uri(
                reverse("staff:answer_file", kwargs={**kwargs, "question_id": row.question.id})
            )
            if row.file
            else None,
        }
        for row in rows
    ]


class QueueSlice:
    """The queue's numbers, sliced by django-ninja's pagination: the count and one
    page's numbers are two queries, then that page's rows are read as the queue does."""

    def __init__(self, request: HttpRequest, call: Call, numbers: QuerySet[Any]):
        self.request, self.call, self.numbers = request, call, numbers

    def __len__(self) -> int:
        return self.numbers.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return _rows(self.request, self.call, list(self.numbers[page]))


@router.get("/calls", response={200: list[StaffCallOut], 401: Message}, summary="Your calls")
def call_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The calls you work on, and whether they are open to a token."""
    return [
        {
            "slug": call.slug,
            "title": call.title,
            "is_practice": call.is_practice,
            "two_factor_required": accounts_selectors.two_factor_required(
                user=request.user, call_id=call.pk
            ),
            "questions": [question_out(question) for question in call.own_questions],
            "extra_criteria": [extra_criterion_out(c) for c in call.extra_criteria],
        }
        for call in accounts_selectors.staff_calls(user=request.user)
    ]


@router.get(
    "/calls/{slug}/applications",
    response={200: list[ApplicationOut], **REFUSALS},
    summary="The applications of a call you may see",
)
@paginate(Pages, max_limit=MAX_PAGE)
def application_list(
    request: HttpRequest,
    slug: str = slug_path(),
    status: Status | None = None,
    hub: str = Query("", max_length=20, pattern=r"^[-a-zA-Z0-9_]*$"),
) -> QueueSlice:
    """What the reviewers' queue shows you, by number; `hub=-` for applications outside
    every hub's region."""
    call = _call(request, slug)
    filters = QueueFilters(status=status.value if status else "", hub=hub)
    return QueueSlice(request, call, queue_numbers(user=request.user, call=call, filters=filters))


@router.get(
    "/calls/{slug}/applications/{number}",
    response={200: ApplicationDetailOut, **REFUSALS},
    summary="One application, with its document and screening",
)
def application_detail(
    request: HttpRequest,
    slug: str = slug_path(),
    number: int = Path(..., ge=1, le=MAX_NUMBER, example=1),
) -> dict[str, Any]:
    call = _call(request, slug)
    found = accounts_selectors.visible_applications(user=request.user, call=call)
    pk = found.filter(number=number).values_list("pk", flat=True).first()
    rows = queue_rows(user=request.user, ids=[pk]) if pk is not None else []
    if not rows or not request.user.has_perm("applications.view", rows[0]):
        # An application one may not see answers as one that does not exist.
        raise HttpError(
            404,
            _("There is no application %(number)d in this call that you may see.")
            % {"number": number},
        )
    application: Application = rows[0]
    screening = stored_screening(application=application)
    document = ApplicationDocument.model_validate(application.document)
    blind = blind_for(user=request.user, application=application)
    if blind is not None and screening:
        screening = blind.screening(screening)
    return {
        **_summary(request, application, accounts_selectors.hub_names(call=call)),
        "applicant_hidden": blind is not None,
        "applicant_hidden_reason": blind.hidden if blind else None,
        "document": blind.typed_document(document) if blind else document,
        "answers": _answers(request, application, document, blind),
        "screening": {
            **screening,
            "computed_at": screening["stored"].computed_at,
            "criteria": screening["lines"],
        }
        if screening
        else None,
    }
