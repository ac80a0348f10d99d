"""Web addresses: the quick path for plain addresses answers as `urlsplit` does."""

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opencall.core.web import web_address_problem


def _slow(value: str) -> bool:
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return True
    return parts.scheme not in {"http", "https"} or "." not in host or " " in value


PIECES = st.sampled_from(
    ["http", "https", "HTTPS", "ftp", "://", ":", "/", "//", "?", "#", "@", ".", "-", " ", "\t",
     "\n", "[", "]", "example", "org", "x", "8080", "é", "%20", "\\"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_every_value_gets_the_answer_urlsplit_gives(value):
    assert web_address_problem(value) == _slow(value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("https://conf.example.org/programme", False),
        ("http://sotm.or.ke", False),
        ("https://localhost/agenda", True),
        ("https://exa mple.org", True),
        ("ftp://example.org", True),
        ("https://user@example.org:8443/x", False),
    ],
)
def test_plain_and_unusual_addresses(value, problem):
    assert web_address_problem(value) is problem
