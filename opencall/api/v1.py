"""Version 1 of the API: its routers (public, and staff behind tokens) and the wording
of its errors."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled, ValidationError

from opencall.api import calls, screening, staff
from opencall.api.auth import TokenRefused

api = NinjaAPI(title="opencall", version="1", urls_namespace="api-v1")
api.add_router("/calls", calls.router)
api.add_router("/calls", screening.router)
api.add_router("/staff", staff.router)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # An error of a whole body (a document's end before its start, an empty message)
    # names its field in its context: put it in the path, where every other error
    # names its field.
    errors = []
    for error in exc.errors:
        field = (error.get("ctx") or {}).get("field")
        loc = tuple(error.get("loc") or ())
        if field and loc[:1] == ("body",) and loc[-1] != field:
            error = {**error, "loc": (*error["loc"], field)}
        errors.append(error)
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds the Retry-After header.
    message = _("Too many requests from your address: wait a moment and try again.")
    return api.create_response(request, {"detail": message}, status=429)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if isinstance(exc, TokenRefused):
        message = exc.message
    else:  # no token at all, or not as a Bearer
        message = _(
            "This part of the API needs a personal API token, sent as "
            "'Authorization: Bearer <token>'."
        )
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response
