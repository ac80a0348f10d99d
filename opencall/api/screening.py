"""POST /calls/{slug}/check: the call's rules on an application document; nothing is stored."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from ninja.throttling import AnonRateThrottle

from opencall.api.calls import published_or_404
from opencall.api.schemas import CheckOut, FieldErrors, Message, slug_path
from opencall.applications.document import ApplicationDocument
from opencall.screening.selectors import Judgement, check_document

# Per client address; anyone may call it, and each check screens a whole document.
CHECK_THROTTLE = AnonRateThrottle(settings.API_CHECK_RATE)

router = Router(tags=["screening"])


@router.post(
    "/{slug}/check",
    response={200: CheckOut, 400: Message, 404: Message, 422: FieldErrors, 429: Message},
    throttle=CHECK_THROTTLE,
    summary="Check an application document against the call's rules",
)
def check(
    request: HttpRequest, document: ApplicationDocument, slug: str = slug_path()
) -> Judgement:
    """The screening engine's verdict on the document, every reason in the request's
    language. A document without `submitted_at` is judged as if sent now."""
    return check_document(call=published_or_404(slug), document=document)
