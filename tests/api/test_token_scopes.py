"""A token's reach: its owner's roles (the rulebook) narrowed to its calls, to reading
unless it may write, and to its last day. Revoked tokens are refused."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from opencall.accounts.services import membership_add
from opencall.applications.models import Application
from opencall.conversations.models import Message
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

A = "/api/v1/staff/calls/hot-summit-2022"
B = "/api/v1/staff/calls/hot-summit-2022-practice"


@pytest.fixture
def two_calls(staff, kenyan, call_2022, open_call):
    """The call administrator works on both calls; each has one application."""
    membership_add(user=staff.call_admin, call=open_call, role="call_admin")
    ApplicationFactory(call=open_call, event_name="Another call's event")
    return call_2022, open_call


def _post(client, path, body, auth):
    return client.post(path, body, content_type="application/json", headers=auth)


def test_a_token_for_call_a_sees_nothing_of_call_b(client, staff, two_calls, bearer):
    call_a, call_b = two_calls
    only_a = bearer(staff.call_admin, calls=[call_a], access="read_write")
    both = bearer(staff.call_admin, calls=[call_a, call_b])
    unknown = client.get("/api/v1/staff/calls/no-such-call/applications", headers=only_a).json()

    calls = client.get("/api/v1/staff/calls", headers=only_a).json()
    listing = client.get(f"{B}/applications", headers=only_a)
    detail = client.get(f"{B}/applications/1", headers=only_a)
    move = _post(client, f"{B}/applications/1/move", {"to": "in_conversation"}, only_a)
    message = _post(client, f"{B}/applications/1/messages", {"body": "Hello"}, only_a)

    assert [call["slug"] for call in calls] == ["hot-summit-2022"]
    for response in (listing, detail, move, message):
        assert response.status_code == 404
        assert response.json() == {"detail": "There is no call 'hot-summit-2022-practice'."}
    assert unknown == {"detail": "There is no call 'no-such-call'."}
    other = Application.objects.get(call=call_b)
    assert other.status == "screened"
    assert not Message.objects.filter(application=other).exists()
    # The same person's token for both calls reads call B: only the scope kept it out.
    assert client.get(f"{B}/applications", headers=both).json()["count"] == 1
    assert client.get(f"{A}/applications", headers=only_a).json()["count"] == 1


def test_a_read_token_cannot_write(client, staff, kenyan, bearer):
    read = bearer(staff.call_admin)

    move = _post(client, f"{A}/applications/1/move", {"to": "in_conversation"}, read)
    message = _post(client, f"{A}/applications/1/messages", {"body": "Hello"}, read)

    for response in (move, message):
        assert response.status_code == 403
        assert response.json() == {
            "detail": "This API token may only read: make a read-and-write token to change "
            "anything."
        }
    kenyan.refresh_from_db()
    assert kenyan.status == "screened"
    assert not Message.objects.exists()
    assert client.get(f"{A}/applications/1", headers=read).status_code == 200


def test_a_read_write_token_does_not_widen_its_owners_roles(client, staff, kenyan, bearer):
    """The hub manager of Asia-Pacific does not see the Kenyan application on the pages:
    a read-and-write token does not show it either."""
    auth = bearer(staff.hub_ap, access="read_write")

    response = _post(client, f"{A}/applications/1/move", {"to": "in_conversation"}, auth)

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no application 1 in this call that you may see."}


def test_an_expired_token_is_refused_naming_its_last_day(client, staff, kenyan, new_token):
    new = new_token(staff.working_group)
    last_day = timezone.localdate() - dt.timedelta(days=1)
    type(new.token).objects.filter(pk=new.token.pk).update(expires_on=last_day)
    auth = {"Authorization": f"Bearer {new.secret}", "Accept-Language": "en"}

    response = client.get(f"{A}/applications", headers=auth)
    french = client.get(f"{A}/applications", headers={**auth, "Accept-Language": "fr"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    day = f"{last_day.day} {last_day:%B} {last_day.year}"
    assert response.json() == {
        "detail": f"This API token expired on {day}: make a new one on the “API tokens” page."
    }
    assert french.status_code == 401
    new.token.refresh_from_db()
    assert new.token.last_used_at is None  # an expired token is not "used"


def test_a_token_works_through_its_last_day(client, staff, kenyan, new_token):
    new = new_token(staff.working_group)
    type(new.token).objects.filter(pk=new.token.pk).update(expires_on=timezone.localdate())

    response = client.get(f"{A}/applications", headers={"Authorization": f"Bearer {new.secret}"})

    assert response.status_code == 200


def test_a_revoked_token_is_refused_for_writes_too(client, staff, kenyan, new_token):
    from opencall.accounts.services import token_revoke

    new = new_token(staff.call_admin, access="read_write")
    token_revoke(token=new.token, by=staff.call_admin)

    response = _post(
        client,
        f"{A}/applications/1/move",
        {"to": "in_conversation"},
        {"Authorization": f"Bearer {new.secret}"},
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "This API token is unknown or revoked."}
    kenyan.refresh_from_db()
    assert kenyan.status == "screened"


def test_writes_need_no_csrf_token_and_a_session_cannot_write(staff, kenyan, bearer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.call_admin)

    with_session = _post(client, f"{A}/applications/1/move", {"to": "in_conversation"}, {})
    with_token = _post(
        client,
        f"{A}/applications/1/move",
        {"to": "in_conversation"},
        bearer(staff.call_admin, access="read_write"),
    )

    assert with_session.status_code == 401
    assert with_token.status_code == 200


def test_a_call_that_requires_two_factor_refuses_writes(client, staff, kenyan, bearer):
    from opencall.accounts.services import call_require_two_factor

    call_require_two_factor(call=kenyan.call, required=True)

    response = _post(
        client,
        f"{A}/applications/1/move",
        {"to": "in_conversation"},
        bearer(staff.call_admin, access="read_write"),
    )

    assert response.status_code == 403
    assert "requires two-factor sign-in" in response.json()["detail"]
