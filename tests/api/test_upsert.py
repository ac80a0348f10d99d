"""POST /staff/calls/{slug}/applications: a submission made elsewhere, brought in or
updated by the client's key, through the import's service (imports.application_upsert)."""

import pytest

from opencall.applications.models import Application, ApplicationEvent
from opencall.imports.models import ImportedRow
from opencall.mail.models import OutgoingMail
from tests.factories import KENYA

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/calls/hot-summit-2022/applications"
SUBMITTED = "2022-05-20T10:00:00Z"


@pytest.fixture
def admin_token(staff, new_token):
    new = new_token(staff.call_admin, access="read_write", name="crm")
    return new.token, {"Authorization": f"Bearer {new.secret}"}


def _send(client, auth, key="crm-4711", capture=None, **changes):
    body = {"key": key, "document": {**KENYA, "submitted_at": SUBMITTED, **changes}}

    def post():
        return client.post(URL, body, content_type="application/json", headers=auth)

    if capture is None:
        return post()
    with capture(execute=True):
        return post()


def test_the_same_key_twice_makes_one_application(
    client, staff, admin_token, django_capture_on_commit_callbacks
):
    token, auth = admin_token

    first = _send(client, auth, capture=django_capture_on_commit_callbacks)
    again = _send(client, auth, capture=django_capture_on_commit_callbacks)

    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "imported"
    assert again.status_code == 200
    assert (again.json()["outcome"], again.json()["changed"]) == ("unchanged", [])
    assert first.json()["application"]["ref"] == again.json()["application"]["ref"]
    application = Application.objects.get()
    assert application.submitted_at.isoformat() == "2022-05-20T10:00:00+00:00"
    assert application.status == "screened"  # screened on commit, like any submission
    assert ImportedRow.objects.get().key == "api:crm-4711"
    arrived = ApplicationEvent.objects.get(application=application, kind="imported")
    assert arrived.user == staff.call_admin
    assert arrived.data["token"] == f"{token.prefix}… crm"
    assert not OutgoingMail.objects.filter(application=application).exists()


def test_a_changed_document_updates_the_application(
    client, staff, admin_token, django_capture_on_commit_callbacks
):
    _token, auth = admin_token
    _send(client, auth, capture=django_capture_on_commit_callbacks)

    response = _send(client, auth, capture=django_capture_on_commit_callbacks, city="Mombasa")
    other = _send(client, auth, key="crm-4712", capture=django_capture_on_commit_callbacks)

    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "updated"
    assert "city" in response.json()["changed"]
    assert other.status_code == 201
    assert Application.objects.count() == 2
    updated = Application.objects.get(imported_row__key="api:crm-4711")
    assert updated.document["city"] == "Mombasa"


def test_a_read_token_cannot_bring_in_applications(client, staff, bearer):
    response = _send(client, bearer(staff.call_admin))

    assert response.status_code == 403
    assert not Application.objects.exists()


def test_only_a_call_administrator_brings_in_applications(client, staff, bearer):
    response = _send(client, bearer(staff.working_group, access="read_write"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You may not bring applications into the call 'hot-summit-2022': a call "
        "administrator may."
    }
    assert not Application.objects.exists()


def test_a_token_for_another_call_cannot_bring_in_applications(
    client, staff, call_2022, open_call, new_token
):
    from opencall.accounts.services import membership_add

    membership_add(user=staff.call_admin, call=open_call, role="call_admin")
    new = new_token(staff.call_admin, calls=[open_call], access="read_write")

    response = _send(client, {"Authorization": f"Bearer {new.secret}"})

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no call 'hot-summit-2022'."}
    assert not Application.objects.exists()


def test_a_document_missing_what_a_submission_needs_is_a_422(client, staff, admin_token):
    _token, auth = admin_token

    response = _send(client, auth, event_name=None, contacts=[])

    assert response.status_code == 422, response.content
    places = [error["loc"] for error in response.json()["detail"]]
    assert ["body", "upsert", "document", "event_name"] in places
    assert {error["type"] for error in response.json()["detail"]} == {"missing"}
    assert not Application.objects.exists()


def test_a_document_that_does_not_validate_is_a_422_naming_the_field(client, staff, admin_token):
    _token, auth = admin_token

    response = _send(client, auth, country="ZZ", end_date="2022-10-01")

    assert response.status_code == 422
    places = [error["loc"] for error in response.json()["detail"]]
    assert ["body", "upsert", "document", "country"] in places
    assert not Application.objects.exists()


def test_a_decided_application_is_not_changed_by_a_newer_copy(
    client, staff, admin_token, django_capture_on_commit_callbacks
):
    _token, auth = admin_token
    _send(client, auth, capture=django_capture_on_commit_callbacks)
    Application.objects.update(status="accepted")

    response = _send(client, auth, capture=django_capture_on_commit_callbacks, city="Mombasa")

    assert response.status_code == 409
    assert "already accepted" in response.json()["detail"]
    assert Application.objects.get().document["city"] == "Nairobi"
