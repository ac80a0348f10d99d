"""Public pages that are the same for every visitor, kept rendered in the cache.

A page is kept per address, language and stamp (the versions and phases of the calls
it shows, `calls/versions.py`), for at most `MAX_AGE` seconds and never past the next
opening or closing of a call. What differs per visitor is never kept:

- the CSRF token of the language form: rendered as a placeholder, replaced by the
  visitor's own token on every answer;
- messages: a visitor with a message waiting gets the page rendered for them alone;
- an address with a query string is rendered, not kept (its `next` field shows it).

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


@dataclass
class Kept:
    body: bytes
    headers: dict[str, str]
    csp_update: dict | None = None


def cached_page(
    request: HttpRequest,
    *,
    name: str,
    stamp: str,
    changed_at: dt.datetime | None,
    valid_until: dt.datetime | None,
    render: Callable[[dict], HttpResponse],
    per_visitor: bool = True,
) -> HttpResponse:
    """The page kept under `name` and `stamp`, else `render(extra_context)` kept.

    `render` takes context to add to the page's (the CSRF placeholder) and returns
    the response; it runs only when the page is not kept.
    """
    if request.method not in ("GET", "HEAD") or request.GET or _has_messages(request):
        return render({})
    language = get_language() or settings.LANGUAGE_CODE
    key = "page:" + _digest(name, request.path, language, stamp)
    last_modified = None if per_visitor or changed_at is None else changed_at
    if _not_modified(request, _etag(request, key, per_visitor), last_modified):
        response = HttpResponseNotModified()
        return _finish(response, _etag(request, key, per_visitor), last_modified, per_visitor)
    kept = cache.get(key)
    if kept is None:
        fresh = render({"csrf_token": CSRF_PLACEHOLDER} if per_visitor else {})
        if fresh.status_code != 200 or fresh.streaming:
            return fresh
        kept = Kept(
            body=fresh.content,
            headers={h: fresh[h] for h in KEPT_HEADERS if h in fresh},
            csp_update=getattr(fresh, "_csp_update", None),
        )
        cache.set(key, kept, _timeout(valid_until))
    body = kept.body
    if per_visitor and CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(body)
    for header, value in kept.headers.items():
        response[header] = value
    if kept.csp_update:
        response._csp_update = kept.csp_update
    return _finish(response, _etag(request, key, per_visitor), last_modified, per_visitor)


def _etag(request: HttpRequest, key: str, per_visitor: bool) -> str:
    # The CSRF secret the visitor holds, or is about to be given with this answer: a
    # copy whose token no longer matches the visitor's cookie is never "not modified".
    secret = request.META.get("CSRF_COOKIE", "") if per_visitor else ""
    return '"' + _digest(key, secret)[:32] + '"'


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


def _finish(response, etag: str, last_modified: dt.datetime | None, per_visitor: bool):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, no_cache=True, **({"private": True} if per_visitor else {}))
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
