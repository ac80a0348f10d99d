"""While the database is away the site says so: 503 with Retry-After, in the
visitor's language, JSON for the API; never a generic 500."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "tests.core.urls"
    settings.OUTAGE_RETRY_AFTER_SECONDS = 42


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)


def test_a_page_that_loses_the_database_answers_503_with_retry_after(client):
    response = client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "42"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "temporarily unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_the_outage_page_is_in_the_visitors_language(client):
    response = client.get("/down/", headers={"accept-language": "fr"})
    assert response.status_code == 503
    assert response["Content-Language"] == "fr"
    page = response.content.decode()
    assert '<html lang="fr">' in page
    with translation.override("fr"):
        assert escape(gettext("Temporarily unavailable")) in page


def test_the_api_answers_json(client):
    response = client.get("/api/v1/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "42"
    assert response["Content-Type"] == "application/json"
    assert "unavailable" in response.json()["detail"]


def test_the_home_page_with_the_database_down_is_a_503(client, database_down):
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "42"


def test_a_signed_in_page_with_the_database_down_is_a_503(client, django_user_model):
    user = django_user_model.objects.create_user("clara", is_staff=True)
    client.force_login(user)
    connection.ensure_connection = _refuse  # the session and user load fail first
    try:
        response = client.get("/staff/")
    finally:
        del connection.ensure_connection
    assert response.status_code == 503


def _refuse(*args, **kwargs):
    raise OperationalError("the database system is starting up")


def test_other_errors_stay_500(client):
    response = client.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_views_database_error_is_logged_in_one_line(client, caplog):
    client.get("/down/")
    assert "database unavailable" in caplog.text
    assert not [record for record in caplog.records if record.exc_info]
