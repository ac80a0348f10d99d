"""Public pages that are the same for every visitor, kept rendered in the cache.

A page is kept per address, language and stamp (the versions and phases of the calls
it shows, `calls/versions.py`), for at most `MAX_AGE` seconds and never past the next
opening or closing of a call. What differs per visitor is never kept:

- the CSRF token of the language form: rendered as a placeholder, replaced by the
  visitor's own token on every answer;
- messages: a visitor with a message waiting gets the page rendered for them alone;
- an address with a query string is rendered, not kept (its `next` field shows it).

A visitor with no session and no message (most of them) is answered before the
session, the URL resolver and the view are reached (`core/keptpages.py`); this module
answers the others from the same kept page, through the view.

The ETag names the kept page and the visitor's CSRF cookie, so a 304 answers only a
visitor whose copy is the current page with a token that still works. Pages carry
`Cache-Control: private, no-cache`: browsers ask again each time, shared caches keep
nothing. Feeds (`per_visitor=False`) hold no token and also carry Last-Modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

MAX_AGE = 60  # seconds: the countdown's words ("3 days left") are at most this old
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor-0c6a9b2e"
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# Changed whenever what is kept changes shape: no process reads what another version of
# the code kept (in Redis, kept pages outlive a deployment).
KEY_PREFIX = "page.2:"


class Stamp(Protocol):
    """What decides whether a kept page is still right (calls/versions.py)."""

    key: str  # the versions and phases of what the page shows
    changed_at: dt.datetime | None  # the latest change, for Last-Modified
    valid_until: dt.datetime | None  # the page changes then, whatever else does


@dataclass(frozen=True)
class Page:
    """Which kept page a request asks for: its name (the view, and whatever else its
    content depends on besides the address and the language) and its stamp."""

    name: str
    stamp: Stamp
    per_visitor: bool = True  # holds the visitor's CSRF token; feeds do not


class Kept(NamedTuple):
    # A tuple, not a class of its own: it is unpickled on every answer.
    body: bytes
    headers: tuple[tuple[str, str], ...]
    csp_update: dict | None = None


def page_view(address: Callable[..., Page | None]):
    """Marks a view whose page is kept: `address(request, **kwargs)` names the page
    (None: no such page). `core/keptpages.py` answers from the kept page without the
    view; the view calls `cached_page` with the same address."""

    def mark(view):
        view.kept_page_address = address
        return view

    return mark


def page_of(request: HttpRequest, address: Callable[..., Page | None], **kwargs) -> Page | None:
    """`address(request, **kwargs)`, read once per request: the middleware that looked
    for the kept page first left what it read on the request."""
    found = getattr(request, "kept_page", None)
    if found is not None and found[0] is address:
        return found[1]
    return address(request, **kwargs)


def cached_page(
    request: HttpRequest, page: Page, render: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The kept page, else `render(extra_context)` kept.

    `render` takes context to add to the page's (the CSRF placeholder) and returns
    the response; it runs only when the page is not kept.
    """
    if request.method not in ("GET", "HEAD") or request.GET or _has_messages(request):
        return render({})
    key = _key(request, page)
    if (answer := _kept_answer(request, page, key)) is not None:
        return answer
    fresh = render({"csrf_token": CSRF_PLACEHOLDER} if page.per_visitor else {})
    if fresh.status_code != 200 or fresh.streaming:
        return fresh
    kept = Kept(
        body=fresh.content,
        headers=tuple((h, fresh[h]) for h in KEPT_HEADERS if h in fresh),
        csp_update=getattr(fresh, "_csp_update", None),
    )
    cache.set(key, kept, _timeout(page.stamp.valid_until))
    return _answer(request, page, key, kept)


def kept_answer(request: HttpRequest, page: Page) -> HttpResponse | None:
    """The kept page for this visitor, or 304 when their copy is it; None when the
    page is not kept. The visitor's language is active already (LocaleMiddleware)."""
    return _kept_answer(request, page, _key(request, page))


def _kept_answer(request: HttpRequest, page: Page, key: str) -> HttpResponse | None:
    if _not_modified(request, _etag(request, page, key), _last_modified(page)):
        return _finish(HttpResponseNotModified(), request, page, key)
    kept = cache.get(key)
    return None if kept is None else _answer(request, page, key, kept)


def _answer(request: HttpRequest, page: Page, key: str, kept: Kept) -> HttpResponse:
    body = kept.body
    if page.per_visitor and CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(body)
    for header, value in kept.headers:
        response[header] = value
    if kept.csp_update:
        response._csp_update = kept.csp_update
    return _finish(response, request, page, key)


def _key(request: HttpRequest, page: Page) -> str:
    """Where the page is kept: by address, language and stamp (made once a request)."""
    language = get_language() or settings.LANGUAGE_CODE
    return KEY_PREFIX + _digest(page.name, request.path, language, page.stamp.key)


def _etag(request: HttpRequest, page: Page, key: str) -> str:
    # The CSRF secret the visitor holds, or is about to be given with this answer: a
    # copy whose token no longer matches the visitor's cookie is never "not modified".
    secret = request.META.get("CSRF_COOKIE", "") if page.per_visitor else ""
    return '"' + _digest(key, secret)[:32] + '"'


def _last_modified(page: Page) -> dt.datetime | None:
    return None if page.per_visitor else page.stamp.changed_at


def _has_messages(request: HttpRequest) -> bool:
    # len() loads the messages without marking them read: the page rendered for this
    # visitor shows them.
    return bool(len(get_messages(request)))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _timeout(valid_until: dt.datetime | None) -> int:
    if valid_until is None:
        return MAX_AGE
    left = int((valid_until - timezone.now()).total_seconds())
    return max(1, min(MAX_AGE, left))


def _not_modified(request: HttpRequest, etag: str, last_modified: dt.datetime | None) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if if_none_match := request.headers.get("If-None-Match"):
        # GZipMiddleware weakens the ETag it was sent with: compare weakly (RFC 9110).
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if last_modified and (since := request.headers.get("If-Modified-Since")):
        parsed = parse_http_date_safe(since)
        return parsed is not None and int(last_modified.timestamp()) <= parsed
    return False


def _finish(response: HttpResponse, request: HttpRequest, page: Page, key: str) -> HttpResponse:
    # Not the ETag checked for a 304: answering may have just given the visitor a CSRF
    # cookie (get_token), and the ETag names it.
    response["ETag"] = _etag(request, page, key)
    if (last_modified := _last_modified(page)) is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, no_cache=True, **({"private": True} if page.per_visitor else {}))
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
