"""The page where a call administrator decides the erasures that wait (docs/privacy.md):
listed on the staff home, erased after a confirmation or refused with a reason; nobody
else reaches it."""

import pytest
from django.test import Client

from opencall.accounts.services import membership_add
from opencall.applications.models import Application
from opencall.privacy.models import ErasureRequest
from opencall.privacy.services import erasure_ask
from opencall.privacy.sweep import found_anywhere
from opencall.screening.services import screening_refresh
from tests.accounts.people import make_user

pytestmark = pytest.mark.django_db

EMAIL = "wanjiru@example.org"


@pytest.fixture
def waiting(shortlist):
    """Kenya's contact asked for the erasure of a shortlisted application: it waits."""
    kenya = shortlist["kenya"]
    for other in Application.objects.exclude(pk=kenya.pk):
        other.email = "someone@example.org"
        other.document = {**other.document, "contacts": [{"email": other.email}]}
        other.save()
        screening_refresh(application=other)  # its stored screening names its contact
    assert erasure_ask(email=EMAIL).waiting == 1
    return ErasureRequest.objects.get(application=kenya)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_home_page_tells_the_call_administrator_only(waiting, people, call_2022):
    url = f"/staff/calls/{call_2022.slug}/erasures/"
    assert url in _client(people.call_admin).get("/staff/").content.decode()
    assert url not in _client(people.working_group).get("/staff/").content.decode()
    for user in (people.working_group, people.hub_esa, people.outsider):
        assert _client(user).get(url).status_code == 403


def test_an_erasure_needs_the_box_then_erases(waiting, people, call_2022):
    client = _client(people.call_admin)
    url = f"/staff/calls/{call_2022.slug}/erasures/"
    assert waiting.application.ref in client.get(url).content.decode()

    response = client.post(url, {"pk": waiting.pk, "action": "erase"})
    assert response.status_code == 400
    assert "Tick the box to confirm the erasure" in response.content.decode()
    assert found_anywhere([EMAIL])

    response = client.post(url, {"pk": waiting.pk, "action": "erase", "confirm": "1"}, follow=True)
    assert f"{waiting.application.ref} is erased" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == ("done", people.call_admin)
    assert found_anywhere([EMAIL]) == []
    assert "No erasure waits for a decision." in response.content.decode()


def test_a_refusal_needs_its_reason_and_keeps_what_was_typed(waiting, people, call_2022):
    client = _client(people.call_admin)
    url = f"/staff/calls/{call_2022.slug}/erasures/"
    response = client.post(url, {"pk": waiting.pk, "action": "refuse", "reason": "  "})
    assert response.status_code == 400
    assert "Say why the erasure is refused" in response.content.decode()

    response = client.post(
        url,
        {"pk": waiting.pk, "action": "refuse", "reason": "The funder's report needs it."},
        follow=True,
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == ("refused", "The funder's report needs it.")
    assert found_anywhere([EMAIL])
    assert "The funder&#x27;s report needs it." in response.content.decode()


def test_another_calls_request_is_not_found(waiting, open_call):
    other_admin = make_user("other-admin")
    membership_add(user=other_admin, call=open_call, role="call_admin")
    url = f"/staff/calls/{open_call.slug}/erasures/"
    response = _client(other_admin).post(url, {"pk": waiting.pk, "action": "erase"})
    assert response.status_code == 404
