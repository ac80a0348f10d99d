"""A private link can be revoked and replaced: by the applicant from their page, by a
call administrator from the staff page. The old link, and the form that started the
draft, lead nowhere afterwards; the new link goes only to the contact address."""

import pytest
from django.test import Client

from opencall.applications import services
from opencall.applications.links import private_path, private_url
from opencall.applications.models import Application, ApplicationEvent
from opencall.mail.models import OutgoingMail
from tests.applications.walk import EVENT, form_key

pytestmark = pytest.mark.django_db

STAFF_PAGE = "/staff/calls/hot-summit-2022/applications/{}/"


def _start(client, call) -> tuple[str, Application]:
    key = form_key(client, call)
    response = client.post(f"/calls/{call.slug}/apply/", {**EVENT, "form_key": key})
    assert response.status_code == 302
    return key, Application.objects.get(call=call)


def test_an_old_form_key_does_not_lead_to_the_renewed_link(client, open_call):
    key, draft = _start(client, open_call)
    renewed = services.application_renew_link(application=draft, by=None)

    response = client.post(f"/calls/{open_call.slug}/apply/", {**EVENT, "form_key": key})

    assert private_path(renewed) not in response.get("Location", "")
    assert private_path(renewed) not in response.content.decode()


def test_applicant_revokes_their_link_and_gets_a_new_one_by_mail(
    client, open_call, django_capture_on_commit_callbacks
):
    _key, draft = _start(client, open_call)
    old = private_path(draft)
    assert "Revoke this link and send me a new one" in client.get(old).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(old + "new-link/")

    renewed = Application.objects.get(pk=draft.pk)
    # The new link goes to the mailbox only, never to whoever pressed the button.
    assert response.status_code == 302
    assert private_path(renewed) not in response["Location"]
    assert client.get(old).status_code == 404
    assert client.get(private_path(renewed)).status_code == 200
    mail = OutgoingMail.objects.get(key="link_renewed")
    assert mail.to == "wanjiru@example.org"
    assert private_url(renewed) in mail.body_text
    event = ApplicationEvent.objects.get(application=draft, kind="link")
    assert (event.actor, event.user) == ("applicant", None)


def test_revoking_a_link_is_a_post_with_a_csrf_token(open_call):
    client = Client(enforce_csrf_checks=True)
    _key, draft = _start(Client(), open_call)
    path = private_path(draft)

    assert client.get(path + "new-link/").status_code == 405
    assert client.post(path + "new-link/").status_code == 403
    assert Application.objects.get(pk=draft.pk).access_key == draft.access_key


def test_the_new_link_mail_is_written_in_the_applicants_language(
    client, open_call, django_capture_on_commit_callbacks
):
    _key, draft = _start(client, open_call)
    Application.objects.filter(pk=draft.pk).update(language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(private_path(draft) + "new-link/")

    mail = OutgoingMail.objects.get(key="link_renewed")
    assert "nouveau lien" in mail.body_text


def test_a_call_administrator_revokes_the_link_and_the_applicant_gets_a_new_one(
    client, staff, kenyan, django_capture_on_commit_callbacks
):
    old = private_path(kenyan)
    client.force_login(staff.call_admin)
    page = client.get(STAFF_PAGE.format(kenyan.number)).content.decode()
    assert "Revoke the applicant’s link and send a new one" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            STAFF_PAGE.format(kenyan.number) + "new-link/", {"reason": "Sent to a wrong list"}
        )

    assert response.status_code == 302
    renewed = Application.objects.get(pk=kenyan.pk)
    assert Client().get(old).status_code == 404
    mail = OutgoingMail.objects.get(key="link_renewed")
    assert (mail.to, private_url(renewed) in mail.body_text) == ("wanjiru@example.org", True)
    event = ApplicationEvent.objects.get(application=kenyan, kind="link")
    assert (event.actor, event.user, event.reason) == (
        "staff",
        staff.call_admin,
        "Sent to a wrong list",
    )
    timeline = client.get(STAFF_PAGE.format(kenyan.number)).content.decode()
    assert "Private link renewed" in timeline


@pytest.mark.parametrize("role", ["working_group", "hub_esa", "outsider", "nobody"])
def test_only_a_call_administrator_may_revoke_an_applicants_link(client, staff, kenyan, role):
    client.force_login(getattr(staff, role))

    response = client.post(STAFF_PAGE.format(kenyan.number) + "new-link/", {"reason": "x"})

    assert response.status_code == 403
    assert Application.objects.get(pk=kenyan.pk).access_key == kenyan.access_key
    assert not ApplicationEvent.objects.filter(kind="link").exists()


def test_the_staff_page_offers_the_revoke_button_only_to_call_administrators(client, staff, kenyan):
    client.force_login(staff.working_group)
    page = client.get(STAFF_PAGE.format(kenyan.number)).content.decode()
    assert "new-link/" not in page
