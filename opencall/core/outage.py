"""While the database is away (a restart, a failover) the site answers 503 with
Retry-After — a page in the visitor's language, JSON under /api/ — not a generic 500;
clients and proxies know to come back. (/healthz is answered just before, by
public.health.HealthMiddleware.)

A view's error reaches `process_exception`. An error raised in another middleware
(the session, the signed-in user) is turned into a 500 response before this one sees
it; `got_request_exception` is sent while that exception is being handled, so a
receiver marks the request, and the middleware swaps the 500 for the 503.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# What a database that went away (restart, failover, network) raises.
DB_ERRORS = (OperationalError, InterfaceError)
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main><h1>{title}</h1><p>{text}</p></main></body></html>
"""


def first_line(exc: BaseException) -> str:
    """The gist of a driver's error, for a one-line log."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _is_database_error(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 5:  # the error itself, or what it was raised from
        if isinstance(exc, DB_ERRORS):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _mark(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if request is not None and _is_database_error(sys.exc_info()[1]):
        request.database_unavailable = True


got_request_exception.connect(_mark, dispatch_uid="opencall.core.outage")


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 itself: no template, no session, no database."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": _("The service is temporarily unavailable; try again shortly.")},
                status=503,
            )
        else:
            response = HttpResponse(
                PAGE.format(
                    lang=escape(language),
                    title=escape(_("Temporarily unavailable")),
                    text=escape(
                        _(
                            "opencall is temporarily unavailable: it cannot reach its "
                            "database. Nothing you saved is lost; please try again in a minute."
                        )
                    ),
                ),
                status=503,
                content_type="text/html; charset=utf-8",
            )
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


class OutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, "database_unavailable", False):
            return unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """A view's database error: answered here, logged in one line, not a traceback
        a request while the database is away."""
        if not _is_database_error(exc):
            return None
        logger.warning(
            "%s %s: database unavailable (%s)", request.method, request.path, first_line(exc)
        )
        return unavailable(request)
