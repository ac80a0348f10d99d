"""GET /calls and /calls/{slug}: the calls an applicant can see, in the reader's language."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from opencall.api.schemas import CallDetailOut, CallOut, FieldErrors, Message, slug_path
from opencall.calls.models import Call
from opencall.calls.selectors import call_published, calls_published

router = Router(tags=["calls"])


def published_or_404(slug: str) -> Call:
    call = call_published(slug=slug)
    if call is None:
        raise HttpError(404, _("There is no call '%(slug)s'.") % {"slug": slug})
    return call


@router.get("", response=list[CallOut], summary="The calls open to applicants, and past ones")
def call_list(request: HttpRequest) -> list[Call]:
    return list(calls_published())


@router.get(
    "/{slug}",
    response={200: CallDetailOut, 404: Message, 422: FieldErrors},
    summary="One call, with its rules",
)
def call_detail(request: HttpRequest, slug: str = slug_path()) -> Call:
    return published_or_404(slug)
