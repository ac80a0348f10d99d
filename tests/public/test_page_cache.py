"""The public pages are kept rendered (core/pagecache.py), yet never served stale: an
edit in the admin, a released decision or a change of the publication setting shows at
the next request, and a 304 answers only a copy that is still the page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from opencall.selection import services
from opencall.selection.models import ResourcePool, SelectionSettings
from tests.calls.test_questions_admin import _form_data
from tests.factories import ApplicationFactory
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db

PAGE = "/calls/hot-summit-2022/"
SUPPORTED = "/calls/hot-summit-2022/supported"


@pytest.fixture
def admin_client():
    admin = get_user_model().objects.create_superuser("page-admin", "pa@example.org", "x" * 12)
    client = Client()
    client.force_login(admin)
    return client


def _admin_edit(admin_client, call, **changes) -> None:
    """Post the call's change form as a browser would, with `changes` typed in."""
    page = f"/admin/calls/call/{call.pk}/change/"
    data = {**_form_data(admin_client.get(page).content.decode()), **changes}
    response = admin_client.post(page, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def _kept(client, path: str, django_assert_num_queries) -> str:
    """The page as served from the cache: one query, the version of the call."""
    client.get(path)
    with django_assert_num_queries(1):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_an_admin_edit_of_the_title_shows_at_once(
    client, admin_client, call_2022, django_assert_num_queries
):
    assert "Open call 2022" not in _kept(client, PAGE, django_assert_num_queries)
    assert "Open call 2022" not in _kept(client, "/", django_assert_num_queries)
    _admin_edit(admin_client, call_2022, title_en="Open call 2022")
    assert "Open call 2022" in client.get(PAGE).content.decode()
    assert "Open call 2022" in client.get("/").content.decode()


def test_an_admin_edit_of_an_offer_shows_at_once(
    client, admin_client, call_2022, django_assert_num_queries
):
    assert "Printed maps for every table" not in _kept(client, PAGE, django_assert_num_queries)
    _admin_edit(admin_client, call_2022, **{"offers-0-label_en": "Printed maps for every table"})
    assert "Printed maps for every table" in client.get(PAGE).content.decode()


def test_an_admin_edit_in_another_language_shows_in_that_language(
    client, admin_client, call_2022, django_assert_num_queries
):
    client.cookies["django_language"] = "fr"
    assert "Appel ouvert" not in _kept(client, PAGE, django_assert_num_queries)
    _admin_edit(admin_client, call_2022, title_fr="Appel ouvert")
    assert "Appel ouvert" in client.get(PAGE).content.decode()


def test_a_304_comes_only_while_nothing_changed(client, admin_client, call_2022):
    first = client.get(PAGE)
    etag = first["ETag"]
    assert first["Cache-Control"] == "no-cache, private"
    assert client.get(PAGE, headers={"if-none-match": etag}).status_code == 304
    _admin_edit(admin_client, call_2022, summary_en="A new summary.")
    after = client.get(PAGE, headers={"if-none-match": etag})
    assert after.status_code == 200
    assert "A new summary." in after.content.decode()
    assert after["ETag"] != etag
    assert client.get(PAGE, headers={"if-none-match": after["ETag"]}).status_code == 304


def test_another_language_or_another_csrf_cookie_gets_the_page_not_a_304(client, call_2022):
    etag = client.get(PAGE)["ETag"]
    client.cookies["django_language"] = "fr"
    assert client.get(PAGE, headers={"if-none-match": etag}).status_code == 200
    stranger = Client()
    assert stranger.get(PAGE, headers={"if-none-match": etag}).status_code == 200


def test_each_visitor_gets_a_csrf_token_that_works_for_them(call_2022):
    tokens = []
    for _visitor in range(2):
        visitor = Client(enforce_csrf_checks=True)
        body = visitor.get(PAGE).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        assert "csrf-token-of-the-visitor" not in body
        response = visitor.post(
            "/accounts/language/",
            {"csrfmiddlewaretoken": token, "language": "fr", "next": PAGE},
        )
        assert response.status_code == 302
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_a_waiting_message_is_shown_to_its_visitor_only(client, call_2022):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    Client().get(PAGE)  # kept, without any message
    storage = CookieStorage(HttpRequest())
    encoded = storage._encode([_message("Your link is on its way.")])
    client.cookies["messages"] = encoded
    assert "Your link is on its way." in client.get(PAGE).content.decode()
    assert "Your link is on its way." not in Client().get(PAGE).content.decode()


def _message(text):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, text)


def _released(call, people, name: str) -> None:
    ResourcePool.objects.filter(call=call, code="editorial_hours").update(capacity=1000)
    application = ApplicationFactory(
        call=call,
        status="shortlisted",
        event_name=name,
        country="KE",
        offers=[{"type": "editorial"}],
    )
    decide(application, people, "accepted", ["editorial"])
    services.decisions_release(call=call, user=people.call_admin)


@pytest.mark.parametrize("suffix", ["/", ".ics", ".json", ".csv"])
def test_a_released_decision_shows_at_once_on_the_supported_events(
    client, people, call_2022, suffix
):
    _released(call_2022, people, "Mapathon Nairobi")
    path = SUPPORTED + suffix
    first = client.get(path)
    assert "Mapathon Kisumu" not in first.content.decode()
    assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304
    _released(call_2022, people, "Mapathon Kisumu")
    again = client.get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Mapathon Kisumu" in again.content.decode()


def test_the_feeds_answer_if_modified_since(client, people, call_2022):
    _released(call_2022, people, "Mapathon Nairobi")
    first = client.get(SUPPORTED + ".ics")
    since = first["Last-Modified"]
    assert client.get(SUPPORTED + ".ics", headers={"if-modified-since": since}).status_code == 304


def test_unpublishing_in_the_admin_hides_the_supported_events(
    client, admin_client, people, call_2022
):
    _released(call_2022, people, "Mapathon Nairobi")
    assert client.get(SUPPORTED + "/").status_code == 200
    settings = SelectionSettings.objects.get(call=call_2022)
    page = f"/admin/selection/selectionsettings/{settings.pk}/change/"
    data = _form_data(admin_client.get(page).content.decode())
    data.pop("publish_supported_events", None)
    assert admin_client.post(page, data).status_code == 302
    assert client.get(SUPPORTED + "/").status_code == 404
    assert client.get(SUPPORTED + ".json").status_code == 404
