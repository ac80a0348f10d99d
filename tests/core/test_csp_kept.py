"""Our CSP middleware answers exactly as django-csp's, building each policy once."""

import pytest
from csp.constants import NONCE
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from opencall.core import csp
from opencall.core.csp import CSPMiddleware


def _answers(prepare=lambda response: None, path="/", use_nonce=False):
    def get_response(request):
        response = HttpResponse("page")
        if use_nonce:
            response.content = str(request.csp_nonce).encode()
        prepare(response)
        return response

    headers = []
    for middleware in (LibraryCSPMiddleware(get_response), CSPMiddleware(get_response)):
        response = middleware(RequestFactory().get(path))
        headers.append(
            {
                name: response.get(name)
                for name in (
                    "Content-Security-Policy",
                    "Content-Security-Policy-Report-Only",
                )
            }
        )
    return headers


def _update(response):
    response._csp_update = {"img-src": ["https://tile.openstreetmap.org"]}


def _replace(response):
    response._csp_replace = {"style-src": ["'sha256-abc'"]}


def _exempt(response):
    response._csp_exempt = True


@pytest.mark.parametrize("prepare", [lambda r: None, _update, _replace, _exempt])
def test_the_headers_are_django_csps(prepare):
    library, ours = _answers(prepare)
    assert library == ours
    again = _answers(prepare)[1]  # from what was kept
    assert again == ours


def test_each_page_keeps_its_own_additions():
    plain = _answers()[1]["Content-Security-Policy"]
    with_tiles = _answers(_update)[1]["Content-Security-Policy"]
    assert "tile.openstreetmap.org" in with_tiles
    assert "tile.openstreetmap.org" not in plain
    assert _answers()[1]["Content-Security-Policy"] == plain


def _nonce(response):
    response._csp_update = {"script-src": [NONCE]}


def test_a_nonce_is_never_kept():
    library, ours = _answers(_nonce, use_nonce=True)
    assert "'nonce-" in ours["Content-Security-Policy"]
    assert ours != _answers(_nonce, use_nonce=True)[1]  # a new nonce each time
    assert (
        library["Content-Security-Policy"].split("'nonce-")[0]
        == (ours["Content-Security-Policy"].split("'nonce-")[0])
    )


def test_a_changed_setting_is_seen_at_once(settings):
    before = _answers()[1]["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "https://example.org"],
        },
    }
    after = _answers()
    assert after[0] == after[1]
    assert after[1]["Content-Security-Policy"] != before


def test_excluded_prefixes_get_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/outside/"],
    }
    library, ours = _answers(path="/outside/page")
    assert library == ours
    assert ours["Content-Security-Policy"] is None


def test_the_kept_policies_are_bounded():
    csp._built.clear()
    for number in range(300):
        _answers(lambda r, n=number: setattr(r, "_csp_update", {"img-src": [f"https://{n}.org"]}))
    assert len(csp._built) <= 256
