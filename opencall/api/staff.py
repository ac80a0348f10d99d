"""The staff API: what a person's token may read of the calls they work on, and, with
a read-and-write token, the moves and messages the application page makes and the
import's upsert of a submission made elsewhere.

The same gate as the pages (staff/access.py), with answers instead of redirects: the
rulebook decides, the queue's selectors read, the services write. A token reaches only
its own calls (`call_in_reach`, which every call's path goes through) and writes only
if it may (auth.TokenAuth). A call that requires two-factor sign-in is closed to
tokens, which carry no second factor.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status as HttpStatus
from ninja.throttling import SimpleRateThrottle

from opencall.accounts import selectors as accounts_selectors
from opencall.accounts import services as accounts_services
from opencall.accounts.blind import blind_for
from opencall.accounts.queue import QueueFilters, queue_numbers, queue_rows
from opencall.api.auth import TokenAuth, request_token
from opencall.api.schemas import (
    MAX_NUMBER,
    FieldErrors,
    Message,
    extra_criterion_out,
    question_out,
    slug_path,
)
from opencall.api.staff_schemas import (
    ApplicationDetailOut,
    ApplicationOut,
    MessageIn,
    MessageOut,
    MoveIn,
    StaffCallOut,
    UpsertIn,
    UpsertOut,
)
from opencall.applications.answers import answer_rows
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.applications.personal import Blind
from opencall.applications.services import IncompleteApplication
from opencall.applications.workflow import Status, TransitionRefused
from opencall.calls.models import Call
from opencall.conversations import services as conversations
from opencall.imports import services as imports
from opencall.screening.criteria import call_criteria
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


def call_in_reach(request: HttpRequest, slug: str) -> Call:
    """The gate of every path under /calls/{slug}/: the call, if the token reaches it
    and its owner works on it. A call outside the token's scope answers as one that
    does not exist, so a token learns nothing of other calls."""
    call = Call.objects.select_related("reference_version").filter(slug=slug).first()
    if call is None or call not in request_token(request).calls.all():
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


def _visible_application(request: HttpRequest, call: Call, number: int) -> Application:
    """The application with this number, as the queue reads it, if the person may see
    it; one they may not see answers as one that does not exist."""
    found = accounts_selectors.visible_applications(user=request.user, call=call)
    pk = found.filter(number=number).values_list("pk", flat=True).first()
    rows = queue_rows(user=request.user, ids=[pk]) if pk is not None else []
    if not rows or not request.user.has_perm("applications.view", rows[0]):
        raise HttpError(
            404,
            _("There is no application %(number)d in this call that you may see.")
            % {"number": number},
        )
    return rows[0]


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
    """The calls you work on that this token reaches, and whether they are open to it."""
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
        for call in accounts_selectors.staff_calls(user=request.user).filter(
            pk__in=[call.pk for call in request_token(request).calls.all()]
        )
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
    call = call_in_reach(request, slug)
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
    call = call_in_reach(request, slug)
    application = _visible_application(request, call, number)
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


# ---- Writes (a read-and-write token; auth.TokenAuth refuses the others) ------------


class TokenRateThrottle(SimpleRateThrottle):
    """Writes per token (whoever sends them, from wherever)."""

    scope = "api-write"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request_token(request).pk}


WRITE_THROTTLE = TokenRateThrottle(settings.API_WRITE_RATE)
WRITE_REFUSALS = {400: Message, **REFUSALS, 409: Message, 429: Message}


def _example(description: str, example: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"example": example}}}


def write_answers(conflict: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI description of a write's refusals, each with an example (in English;
    the API answers in the request's language)."""
    answers = {
        400: _example(
            "The body is not JSON (django-ninja's words)",
            {"detail": "Cannot parse request body"},
        ),
        401: _example(
            "No token, or an unknown, revoked or expired one",
            {
                "detail": "This API token expired on March 3, 2027: make a new one on the "
                "“API tokens” page."
            },
        ),
        403: _example(
            "A read-only token, a call that requires two-factor sign-in, or a person "
            "whose roles do not allow it",
            {
                "detail": "This API token may only read: make a read-and-write token to "
                "change anything."
            },
        ),
        404: _example(
            "No such call within the token's calls, or no such application you may see",
            {"detail": "There is no application 7 in this call that you may see."},
        ),
        422: _example(
            "The body does not validate: one entry per problem",
            {
                "detail": [
                    {
                        "type": "enum",
                        "loc": ["body", "move", "to"],
                        "msg": "Input should be 'draft', 'submitted', …",
                    }
                ]
            },
        ),
        429: _example(
            "Too many writes with this token: wait `Retry-After` seconds",
            {"detail": "Too many requests from your address: wait a moment and try again."},
        ),
    }
    return {"responses": {**answers, 409: conflict}}


@router.post(
    "/calls/{slug}/applications/{number}/move",
    response={200: ApplicationOut, **WRITE_REFUSALS},
    throttle=WRITE_THROTTLE,
    summary="Move an application through the status table",
    openapi_extra=write_answers(
        _example(
            "The status table refuses the move; `detail` says why",
            {"detail": "An application cannot move from “Screened” to “Accepted”."},
        )
    ),
)
def application_move(
    request: HttpRequest,
    move: MoveIn,
    slug: str = slug_path(),
    number: int = Path(..., ge=1, le=MAX_NUMBER, example=1),
) -> dict[str, Any]:
    """The same move as the application page's "Move": the rulebook says whether you may
    move it at all, the status table whether this move, in which of your roles. The
    timeline names you and this token. Answers the application as the list shows it."""
    call = call_in_reach(request, slug)
    application = _visible_application(request, call, number)
    if not request.user.has_perm("applications.move", application):
        raise HttpError(403, _("You may not move application %(number)d.") % {"number": number})
    try:
        accounts_services.application_move(
            user=request.user,
            application=application,
            target=Status(move.to),
            reason=move.reason.strip(),
            via=str(request_token(request)),
        )
    except TransitionRefused as exc:
        raise HttpError(409, str(exc)) from None
    return _rows(request, call, [application.pk])[0]


@router.post(
    "/calls/{slug}/applications/{number}/messages",
    response={201: MessageOut, **WRITE_REFUSALS},
    throttle=WRITE_THROTTLE,
    summary="Write to the applicant, or ask for the information a criterion lacks",
    openapi_extra=write_answers(
        _example(
            "The application closed to conversation while the message was being sent",
            {"detail": "This application is not open to conversation."},
        )
    ),
)
def application_message(
    request: HttpRequest,
    message: MessageIn,
    slug: str = slug_path(),
    number: int = Path(..., ge=1, le=MAX_NUMBER, example=1),
) -> HttpStatus[dict[str, Any]]:
    """As the application page's conversation: the message goes on the conversation and
    the timeline (naming you and this token), and the applicant gets it by mail. With
    `criterion`, it asks about that screening criterion, as the screening's "Ask"."""
    call = call_in_reach(request, slug)
    application = _visible_application(request, call, number)
    if not request.user.has_perm("applications.message", application):
        raise HttpError(
            403,
            _(
                "You may not write to the applicant of application %(number)d: a withdrawn "
                "application, or one you declared a conflict of interest with, takes no "
                "message."
            )
            % {"number": number},
        )
    via = str(request_token(request))
    try:
        if message.criterion:
            criterion = _criterion(call, message.criterion)
            sent = conversations.info_request(
                application=application,
                author=request.user,
                criterion=criterion.id,
                criterion_title=str(criterion.title),
                body=message.body,
                via=via,
            )
        else:
            sent = conversations.message_to_applicant(
                application=application, author=request.user, body=message.body, via=via
            )
    except conversations.MessageRefused as exc:
        raise HttpError(409, str(exc)) from None
    author = request.user.get_full_name() or request.user.get_username()
    return HttpStatus(
        201,
        {
            "id": sent.pk,
            "kind": sent.kind,
            "criterion": sent.criterion,
            "body": sent.body,
            "author": author,
            "created_at": sent.created_at,
        },
    )


def _criterion(call: Call, wanted: str) -> Any:
    """The call's screening criterion with this id; a 422 on `criterion` naming the
    call's criteria otherwise."""
    criteria = call_criteria(call.extra_criteria)
    found = next((c for c in criteria if c.id == wanted), None)
    if found is None:
        raise ValidationError(
            [
                {
                    "type": "criterion",
                    "loc": ("body", "message", "criterion"),
                    "msg": _("The call has no criterion '%(id)s': one of %(ids)s.")
                    % {"id": wanted, "ids": ", ".join(c.id for c in criteria)},
                    "ctx": {"value": wanted},
                }
            ]
        )
    return found


@router.post(
    "/calls/{slug}/applications",
    response={200: UpsertOut, 201: UpsertOut, **WRITE_REFUSALS},
    throttle=WRITE_THROTTLE,
    summary="Bring in an application submitted elsewhere, or update it, by your key",
    openapi_extra=write_answers(
        _example(
            "The application this key brought in is decided or withdrawn: it is not changed",
            {
                "detail": "HOT-SUMMIT-2022-0007 is already decided (Accepted): a newer "
                "copy of its submission no longer changes it."
            },
        )
    ),
)
def application_upsert(
    request: HttpRequest, upsert: UpsertIn, slug: str = slug_path()
) -> HttpStatus[dict[str, Any]]:
    """The import's path (a call administrator's): a new `key` creates the application,
    submitted at the document's `submitted_at` (else now; DEADLINE judges it), screened
    like any other, without mail to the applicant (201). The same key again with the
    same document changes nothing; with another document, it updates the answers and
    screens again (200). Keys are the call's: any token of the call finds the same key."""
    call = call_in_reach(request, slug)
    if not request.user.has_perm("calls.import_applications", call):
        raise HttpError(
            403,
            _("You may not bring applications into the call '%(slug)s': a call administrator may.")
            % {"slug": slug},
        )
    try:
        upserted = imports.application_upsert(
            call=call,
            document=upsert.document,
            key=f"api:{upsert.key}",
            by=request.user,
            submitted_at=upsert.document.submitted_at,
            via=str(request_token(request)),
        )
    except imports.InvalidAnswers as exc:
        raise ValidationError(
            [
                {
                    "type": "answer",
                    "loc": ("body", "upsert", "document", "answers", question),
                    "msg": error.message(_),
                }
                for question, error in exc.errors.items()
            ]
        ) from None
    except IncompleteApplication as exc:
        raise ValidationError(
            [
                {
                    "type": "missing",
                    "loc": ("body", "upsert", "document", *name.split(".")),
                    "msg": _("A submitted application needs this answer."),
                }
                for name in exc.missing
            ]
        ) from None
    except imports.UpsertRefused as exc:
        raise HttpError(409, str(exc)) from None
    rows = _rows(request, call, [upserted.application.pk])
    return HttpStatus(
        201 if upserted.outcome == "imported" else 200,
        {"outcome": upserted.outcome, "changed": list(upserted.changed), "application": rows[0]},
    )
