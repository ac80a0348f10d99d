"""A visitor with no session and no message gets the kept public page from the
middleware before the session (core/keptpages.py), with the very headers, cookie and
304 the view's answer has; anyone else still goes through the view."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.middleware.gzip import GZipMiddleware
from django.test import Client

from tests.public.test_page_cache import _message, _released

pytestmark = pytest.mark.django_db

EARLY = "opencall.core.keptpages.KeptPageMiddleware"
PAGES = [
    "/",
    "/calls/hot-summit-2022/",
    "/calls/hot-summit-2022/supported/",
    "/calls/hot-summit-2022/supported.ics",
    "/calls/hot-summit-2022/supported.json",
    "/calls/hot-summit-2022/supported.csv",
]
# Each differs between two answers whatever answers them: the CSRF secret given to a
# visitor without one (and the ETag holding it), gzip's random padding.
VARIES = {"Set-Cookie", "ETag", "Content-Length"}


@pytest.fixture
def published(people, call_2022):
    _released(call_2022, people, "Mapathon Nairobi")


def _early(response) -> bool:
    # The chain gives every request its session first; the early answer gives none.
    return not hasattr(response.wsgi_request, "session")


def _through_the_view(settings) -> Client:
    settings.MIDDLEWARE = [m for m in django_settings.MIDDLEWARE if m != EARLY]
    return Client()


def _headers(response, *, varying=frozenset()) -> dict:
    return {k: v for k, v in response.headers.items() if k not in varying and k != "Date"}


def _cookie(response) -> dict:
    morsel = response.cookies["csrftoken"]
    return {key: morsel[key] for key in ("path", "max-age", "samesite", "secure", "httponly")}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "asking",
    [
        {},
        {"HTTP_ACCEPT_ENCODING": "gzip, deflate", "HTTP_ACCEPT_LANGUAGE": "es"},
        {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9", "secure": True},
    ],
    ids=["plain", "gzip-es", "https-fr"],
)
def test_the_early_answer_has_the_headers_of_the_view(
    settings, monkeypatch, published, path, asking
):
    settings.SECURE_HSTS_SECONDS = 3600  # so that an answer over HTTPS carries HSTS
    # gzip's random padding (against BREACH) would make a short feed's compressed copy
    # longer than the feed in one answer and not in the other.
    monkeypatch.setattr(GZipMiddleware, "max_random_bytes", 0)
    early = Client()
    early.get(path, **asking)  # kept
    kept = early.get(path, **asking)
    assert kept.status_code == 200 and _early(kept)
    view = _through_the_view(settings)
    for name, morsel in early.cookies.items():
        view.cookies[name] = morsel.value
    rendered = view.get(path, **asking)
    assert rendered.status_code == 200 and not _early(rendered)

    # A masked CSRF token compresses as well as another only by chance.
    varying = {"Content-Length"} if "gzip" in asking.get("HTTP_ACCEPT_ENCODING", "") else set()
    assert _headers(kept, varying=varying) == _headers(rendered, varying=varying)
    assert ("Strict-Transport-Security" in kept.headers) == bool(asking.get("secure"))
    assert kept.headers.get("Content-Encoding") == rendered.headers.get("Content-Encoding")
    if "csrftoken" in rendered.cookies:  # the pages with the language form
        assert _cookie(kept) == _cookie(rendered)
        assert kept.cookies["csrftoken"].value == rendered.cookies["csrftoken"].value
    if "gzip" not in asking.get("HTTP_ACCEPT_ENCODING", ""):
        assert _tokens_out(kept.content) == _tokens_out(rendered.content)


def test_a_first_visitor_gets_a_new_csrf_cookie_as_from_the_view(settings, call_2022):
    path = "/calls/hot-summit-2022/"
    Client().get(path)  # kept
    kept = Client().get(path)
    rendered = _through_the_view(settings).get(path)
    assert _early(kept) and not _early(rendered)
    assert _headers(kept, varying=VARIES) == _headers(rendered, varying=VARIES)
    assert _cookie(kept) == _cookie(rendered)
    secret = kept.cookies["csrftoken"].value
    assert len(secret) == len(rendered.cookies["csrftoken"].value) == 32
    assert secret != rendered.cookies["csrftoken"].value


def test_a_broken_csrf_cookie_is_replaced_as_by_the_view(call_2022):
    path = "/calls/hot-summit-2022/"
    Client().get(path)  # kept
    visitor = Client()
    visitor.cookies["csrftoken"] = "not-a-secret"
    response = visitor.get(path)
    assert _early(response)
    assert re.fullmatch(r"[A-Za-z0-9]{32}", response.cookies["csrftoken"].value)


def test_the_language_form_of_an_early_answer_works(call_2022):
    path = "/calls/hot-summit-2022/"
    Client().get(path)  # kept
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(path)
    assert _early(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    changed = visitor.post(
        "/accounts/language/",
        {"csrfmiddlewaretoken": token.group(1), "language": "pt", "next": path},
    )
    assert changed.status_code == 302
    visitor.get(path)  # kept in Portuguese
    again = visitor.get(path)
    assert _early(again)
    assert again.headers["Content-Language"] == "pt"
    assert '<html lang="pt">' in again.content.decode()


@pytest.mark.parametrize(
    "path", ["/calls/hot-summit-2022/", "/calls/hot-summit-2022/supported.ics"]
)
def test_a_304_early_is_the_304_of_the_view(settings, published, path):
    early = Client()
    first = early.get(path)
    not_modified = early.get(path, headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304 and _early(not_modified)
    view = _through_the_view(settings)
    view.cookies = early.cookies
    from_view = view.get(path, headers={"if-none-match": first["ETag"]})
    assert from_view.status_code == 304 and not _early(from_view)
    assert _headers(not_modified) == _headers(from_view)


def test_a_signed_in_staff_member_goes_through_the_view(call_2022):
    path = "/calls/hot-summit-2022/"
    Client().get(path)  # kept
    staff = Client()
    staff.force_login(get_user_model().objects.create_user("staffer", "s@example.org", "x" * 12))
    response = staff.get(path)
    assert response.status_code == 200 and not _early(response)


def test_a_visitor_with_a_message_goes_through_the_view_and_sees_it(call_2022):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    path = "/calls/hot-summit-2022/"
    Client().get(path)  # kept
    visitor = Client()
    visitor.cookies["messages"] = CookieStorage(HttpRequest())._encode([_message("Sent.")])
    response = visitor.get(path)
    assert not _early(response)
    assert "Sent." in response.content.decode()
    assert "Sent." not in Client().get(path).content.decode()


@pytest.mark.parametrize(
    "ask",
    [
        lambda c: c.get("/calls/hot-summit-2022/?next=/x/"),
        lambda c: c.head("/calls/hot-summit-2022/?a=1"),
        lambda c: c.post("/calls/hot-summit-2022/"),
        lambda c: c.get("/calls/hot-summit-2022/", HTTP_HOST="elsewhere.example.org"),
        lambda c: c.get("/calls/hot-summit-2022/apply/"),
        lambda c: c.get("/calls/no-such-call/"),
    ],
    ids=["query", "head-query", "post", "host", "another-page", "no-call"],
)
def test_anything_else_goes_down_the_chain(call_2022, ask):
    Client().get("/calls/hot-summit-2022/")  # kept
    assert not _early(ask(Client()))


def test_a_head_is_answered_early_like_a_get(call_2022):
    path = "/calls/hot-summit-2022/"
    visitor = Client()
    got = visitor.get(path)
    head = visitor.head(path)
    assert _early(head) and head.status_code == 200
    assert head["ETag"] == got["ETag"]


def test_a_page_not_kept_yet_is_rendered_by_the_view_and_then_kept(call_2022):
    visitor = Client()
    assert not _early(visitor.get("/"))
    assert _early(visitor.get("/"))


def test_another_middleware_after_it_switches_the_early_answer_off(settings, call_2022):
    at = settings.MIDDLEWARE.index(EARLY)
    added = "django.middleware.http.ConditionalGetMiddleware"
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[: at + 1], added, *settings.MIDDLEWARE[at + 1 :]]
    visitor = Client()
    visitor.get("/")
    response = visitor.get("/")
    assert response.status_code == 200 and not _early(response)


def test_with_the_csrf_secret_in_the_session_every_page_goes_down_the_chain(settings, call_2022):
    settings.CSRF_USE_SESSIONS = True
    visitor = Client()
    visitor.get("/")
    response = visitor.get("/")
    assert response.status_code == 200 and not _early(response)


def _tokens_out(body: bytes) -> str:
    # The masked CSRF token differs on every answer, even for one secret.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())


def test_while_the_database_is_away_the_early_answer_is_the_outage_page(call_2022, monkeypatch):
    from django.db import OperationalError, connection

    path = "/calls/hot-summit-2022/"
    Client().get(path)  # kept: its version is still read on every request

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503
    assert "Retry-After" in response.headers
