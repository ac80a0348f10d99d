"""The check is throttled per client address (django-ninja's AnonRateThrottle)."""

import pytest

from opencall.api.screening import CHECK_THROTTLE
from tests.screening.documents import ELIGIBLE

pytestmark = pytest.mark.django_db

URL = "/api/v1/calls/hot-summit-2022/check"


@pytest.fixture
def two_a_minute(monkeypatch):
    # The rate is read once, from settings.API_CHECK_RATE ("60/m"); the test lowers it.
    monkeypatch.setattr(CHECK_THROTTLE, "num_requests", 2)


def check(client, **headers):
    return client.post(URL, ELIGIBLE, content_type="application/json", **headers)


def test_the_default_rate_is_sixty_a_minute():
    assert (CHECK_THROTTLE.num_requests, CHECK_THROTTLE.duration) == (60, 60)


def test_beyond_the_rate_the_check_answers_429(client, call_2022, two_a_minute):
    assert [check(client).status_code for _ in range(2)] == [200, 200]

    response = check(client)

    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many requests from your address: wait a moment and try again."
    }
    assert 0 < int(response["Retry-After"]) <= 60


def test_reading_calls_is_not_throttled(client, call_2022, two_a_minute):
    for _ in range(3):
        check(client)

    assert client.get("/api/v1/calls/hot-summit-2022").status_code == 200


def test_a_forwarded_for_header_does_not_dodge_the_limit(client, call_2022, two_a_minute):
    statuses = [
        check(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code for number in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_behind_one_proxy_each_client_address_has_its_own_limit(
    client, call_2022, two_a_minute, settings
):
    settings.NINJA_NUM_PROXIES = 1

    first = [check(client, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code for _ in range(3)]
    other = check(client, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code

    assert (first, other) == ([200, 200, 429], 200)
