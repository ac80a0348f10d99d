"""Version 1 of the public API: its routers and the wording of its errors."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError

from opencall.api import calls, screening

api = NinjaAPI(title="opencall", version="1", urls_namespace="api-v1")
api.add_router("/calls", calls.router)
api.add_router("/calls", screening.router)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # An error of the whole document (the end before the start) names its field in
    # its context: put it in the path, where every other error names its field.
    errors = []
    for error in exc.errors:
        field = (error.get("ctx") or {}).get("field")
        if field and error.get("loc") == ("body", "document"):
            error = {**error, "loc": (*error["loc"], field)}
        errors.append(error)
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds the Retry-After header.
    message = _("Too many requests from your address: wait a moment and try again.")
    return api.create_response(request, {"detail": message}, status=429)
