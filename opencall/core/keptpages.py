"""Kept public pages answered before the session, the URL resolver and the view.

Most visitors of the public pages have no session and no message waiting: what they
get is the kept page (`core/pagecache.py`) with their own CSRF token. This middleware,
placed just before the session's, answers them from it directly. Everything that
shapes the answer is Django's own code, called as the rest of the chain would call
it: the language is chosen by LocaleMiddleware, the CSRF cookie is read, made or
rotated by CsrfViewMiddleware, the response passes through the response side of
clickjacking, CSRF, common, gzip and locale in the chain's order; the middleware
before this one (security, CSP, permissions policy) wraps it as it wraps the rest.
So a page answered here carries the same headers as one answered by the view.

Anything else goes down the chain as before: a method other than GET or HEAD, a query
string, a session or messages cookie, an address that is not a kept page's, a page
not kept yet (the view renders and keeps it), a request the common middleware refuses.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import MiddlewareNotUsed, PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

from opencall.core.pagecache import Page, kept_answer

logger = logging.getLogger(__name__)

# The middleware this one answers in place of, in settings.MIDDLEWARE's order. Only
# those with a say in a kept page's answer for a visitor with no session and no
# message are called (below); the others (the session, the signed-in user, two-factor,
# messages, htmx, the sign-in lockout) change nothing in it. Another list here and the
# fast answer is switched off, with a warning, until this module is checked against it.
AFTER = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
)
# A visitor with either cookie may have a message waiting or be signed in.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)


class KeptPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        chain = list(settings.MIDDLEWARE)
        after = tuple(chain[chain.index(f"{__name__}.{type(self).__name__}") + 1 :])
        if after != AFTER:
            logger.warning("Kept public pages go through the whole chain: its middleware changed.")
            raise MiddlewareNotUsed
        if settings.CSRF_USE_SESSIONS:  # the CSRF secret would be in the session
            raise MiddlewareNotUsed
        self.locale = LocaleMiddleware(get_response)
        self.common = CommonMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)
        # The response side, in the order the chain applies it (the reverse of MIDDLEWARE).
        self.responders = (
            XFrameOptionsMiddleware(get_response),
            self.csrf,
            self.common,
            GZipMiddleware(get_response),
            self.locale,
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        answer = self._kept(request)
        return self.get_response(request) if answer is None else answer

    def _kept(self, request: HttpRequest) -> HttpResponse | None:
        if (
            request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or any(name in request.COOKIES for name in PERSONAL_COOKIES)
        ):
            return None
        # The request side of the middleware answered for, in the chain's order.
        self.locale.process_request(request)
        try:
            # The user agent and host checks, and the www redirect: a refusal or a
            # redirect is left to the chain, which answers it as always.
            if self.common.process_request(request) is not None:
                return None
        except (PermissionDenied, SuspiciousOperation):
            return None
        self.csrf.process_request(request)
        # Resolved as the chain resolves it: once the language is chosen.
        found = _address(settings.ROOT_URLCONF, get_language(), request.path_info)
        if found is None:
            return None
        address, kwargs = found
        page = address(request, **kwargs)
        request.kept_page = (address, page)  # the view reads no stamp again (page_of)
        if page is None:
            return None
        response = kept_answer(request, page)
        if response is None:
            return None
        for middleware in self.responders:
            response = middleware.process_response(request, response)
        return response


@functools.lru_cache(maxsize=1024)
def _address(
    urlconf: str, language: str | None, path: str
) -> tuple[Callable[..., Page | None], dict] | None:
    """The kept page's address function of the view at `path`, and its arguments."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    address = getattr(match.func, "kept_page_address", None)
    return None if address is None else (address, match.kwargs)
