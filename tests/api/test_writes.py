"""The staff API's writes, with a read-and-write token: moves through the status table
and messages to the applicant, as the application page makes them."""

import pytest

from opencall.applications.models import ApplicationEvent
from opencall.conversations.models import Message
from opencall.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

APPLICATION = "/api/v1/staff/calls/hot-summit-2022/applications/1"


@pytest.fixture
def writer(staff, new_token):
    """A hub manager of Eastern and Southern Africa (the Kenyan event's hub), with a
    read-and-write token named "crm"."""
    new = new_token(staff.hub_esa, access="read_write", name="crm")
    return new.token, {"Authorization": f"Bearer {new.secret}"}


def _post(client, path, body, auth, **headers):
    return client.post(path, body, content_type="application/json", headers={**auth, **headers})


def test_a_move_goes_through_the_table_and_the_timeline_names_the_token(
    client, staff, kenyan, writer
):
    token, auth = writer

    response = _post(
        client, f"{APPLICATION}/move", {"to": "in_conversation", "reason": "Venue?"}, auth
    )

    assert response.status_code == 200, response.content
    assert (response.json()["ref"], response.json()["status"]) == (kenyan.ref, "in_conversation")
    kenyan.refresh_from_db()
    assert kenyan.status == "in_conversation"
    event = ApplicationEvent.objects.get(application=kenyan, kind="status")
    assert (event.user, event.old, event.new, event.reason) == (
        staff.hub_esa,
        "screened",
        "in_conversation",
        "Venue?",
    )
    assert event.data == {"role": "hub_manager", "token": f"{token.prefix}… crm"}
    client.force_login(staff.working_group)
    page = client.get("/staff/calls/hot-summit-2022/applications/1/").content.decode()
    assert f"hub-esa, through the API token “{token.prefix}… crm”" in page


def test_the_tables_refusal_comes_back_as_409_with_its_reason(client, staff, kenyan, writer):
    _token, auth = writer

    response = _post(client, f"{APPLICATION}/move", {"to": "accepted"}, auth)
    french = _post(
        client, f"{APPLICATION}/move", {"to": "accepted"}, auth, **{"Accept-Language": "fr"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "An application cannot move from “Screened” to “Accepted”."
    }
    assert french.status_code == 409
    assert french.json()["detail"] != response.json()["detail"]
    kenyan.refresh_from_db()
    assert kenyan.status == "screened"
    assert not ApplicationEvent.objects.filter(application=kenyan, kind="status").exists()


def test_a_move_the_role_may_not_make_is_refused_by_the_table(client, staff, kenyan, writer):
    """Declining takes a decider (working group, call administrator): not a hub manager."""
    _token, auth = writer

    response = _post(client, f"{APPLICATION}/move", {"to": "declined"}, auth)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Your role cannot move an application from “Screened” to “Declined”."
    }


def test_an_unknown_status_is_a_422_naming_the_field(client, staff, kenyan, writer):
    _token, auth = writer

    response = _post(client, f"{APPLICATION}/move", {"to": "approved"}, auth)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("enum", ["body", "move", "to"])


def test_a_message_is_stored_on_the_timeline_and_mailed(
    client, staff, kenyan, writer, django_capture_on_commit_callbacks
):
    token, auth = writer

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client, f"{APPLICATION}/messages", {"body": "Could we talk on Friday?"}, auth
        )

    assert response.status_code == 201, response.content
    body = response.json()
    message = Message.objects.get(application=kenyan)
    assert body["id"] == message.pk
    assert (body["kind"], body["body"], body["author"]) == (
        "message",
        "Could we talk on Friday?",
        "hub-esa",
    )
    assert (message.direction, message.author) == ("to_applicant", staff.hub_esa)
    event = ApplicationEvent.objects.get(application=kenyan, kind="message")
    assert event.data["token"] == f"{token.prefix}… crm"
    mail = OutgoingMail.objects.get(application=kenyan, key="staff_message")
    assert mail.to == "wanjiru@example.org"
    assert "Could we talk on Friday?" in mail.body_text


def test_a_message_naming_a_criterion_asks_about_it(
    client, staff, kenyan, writer, django_capture_on_commit_callbacks
):
    _token, auth = writer

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, f"{APPLICATION}/messages", {"criterion": "PROGRAMME"}, auth)

    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["criterion"]) == (
        "info_request",
        "PROGRAMME",
    )
    assert "“A published programme”" in response.json()["body"]
    assert OutgoingMail.objects.filter(application=kenyan, key="info_request").exists()


def test_an_empty_message_or_an_unknown_criterion_is_a_422(client, staff, kenyan, writer):
    _token, auth = writer

    empty = _post(client, f"{APPLICATION}/messages", {"body": "   "}, auth)
    unknown = _post(client, f"{APPLICATION}/messages", {"criterion": "NOPE"}, auth)

    assert empty.status_code == 422
    [error] = empty.json()["detail"]
    assert (error["type"], error["loc"], error["msg"]) == (
        "message_empty",
        ["body", "message", "body"],
        "The message is empty.",
    )
    assert unknown.status_code == 422
    [error] = unknown.json()["detail"]
    assert error["loc"] == ["body", "message", "criterion"]
    assert error["msg"].startswith("The call has no criterion 'NOPE': one of FORMAT, ")
    assert not Message.objects.exists()


def test_a_withdrawn_application_is_closed_to_messages(client, staff, kenyan, writer):
    _token, auth = writer
    type(kenyan).objects.filter(pk=kenyan.pk).update(status="withdrawn")

    response = _post(client, f"{APPLICATION}/messages", {"body": "Hello"}, auth)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You may not write to the applicant of application 1: a withdrawn "
        "application, or one you declared a conflict of interest with, takes no message."
    }
    assert not Message.objects.exists()


def test_writes_are_throttled_per_token(client, staff, kenyan, writer, new_token, monkeypatch):
    from opencall.api.staff import WRITE_THROTTLE

    monkeypatch.setattr(WRITE_THROTTLE, "num_requests", 2)
    _token, auth = writer
    other = new_token(staff.working_group, access="read_write")

    statuses = [
        _post(client, f"{APPLICATION}/messages", {"body": "Hi"}, auth).status_code for _ in range(3)
    ]
    others = _post(
        client,
        f"{APPLICATION}/messages",
        {"body": "Hi"},
        {"Authorization": f"Bearer {other.secret}"},
    )

    assert statuses == [201, 201, 429]
    assert (
        0 < int(_post(client, f"{APPLICATION}/messages", {"body": "Hi"}, auth)["Retry-After"]) <= 60
    )
    assert others.status_code == 201
    assert Message.objects.count() == 3


def test_writes_are_throttled_at_sixty_a_minute_by_default():
    from opencall.api.staff import WRITE_THROTTLE

    assert (WRITE_THROTTLE.num_requests, WRITE_THROTTLE.duration) == (60, 60)
