"""The privacy pages: a call's notice (before the first step and in every mail), the
mailed link to one's data, its download and the erasure asked there."""

import json
import re

import pytest

from opencall.applications.models import Application
from opencall.mail.models import OutgoingMail
from opencall.privacy.identity import data_token
from opencall.privacy.models import PrivacyEvent
from tests.factories import ApplicationFactory, SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

EMAIL = "ana@example.org"


def _link_in_last_mail() -> str:
    mail = OutgoingMail.objects.filter(key="privacy_link").get()
    return re.search(r"http://\S+/privacy/(\S+)/", mail.body_text).group(1)


def test_the_notice_is_shown_before_the_first_step_and_on_its_own_page(client, open_call):
    open_call.privacy_notice = "**Who keeps your data.** The team, for {decision_date}."
    open_call.retention_months = 18
    open_call.save()

    first_step = client.get(f"/calls/{open_call.slug}/apply/").content.decode()
    page = client.get(f"/calls/{open_call.slug}/privacy/").content.decode()

    for html in (first_step, page):
        assert "<strong>Who keeps your data.</strong>" in html
        assert "{decision_date}" not in html
        assert "anonymised 18 months after the call closes" in html
        assert 'href="/privacy/"' in html


def test_every_mail_links_to_its_calls_privacy_notice(open_call):
    from opencall.mail.services import mail_to_applicant

    application = SubmittedApplicationFactory(call=open_call)
    mail = mail_to_applicant(application=application, key="submitted")

    link = f"http://127.0.0.1:8000/calls/{open_call.slug}/privacy/"
    assert mail.body_text.endswith(
        f"-- \nHow we handle your data, and how to download or erase it: {link}\n"
    )
    assert f'href="{link}"' in mail.body_html


def test_a_person_gets_a_link_downloads_their_data_and_erases_it(client, open_call):
    draft = ApplicationFactory(call=open_call, status="draft", email=EMAIL, contact_name="Ana Lima")

    asked = client.post("/privacy/", {"email": "Ana@Example.org"})
    token = _link_in_last_mail()
    page = client.get(f"/privacy/{token}/").content.decode()
    download = client.get(f"/privacy/{token}/download/")
    unconfirmed = client.post(f"/privacy/{token}/erase/")
    erased = client.post(f"/privacy/{token}/erase/", {"confirm": "yes"})

    assert "we have sent the link there" in asked.content.decode()
    assert OutgoingMail.objects.get(key="privacy_link").to == ""  # erased since
    assert draft.ref in page
    assert download["Content-Disposition"] == 'attachment; filename="opencall-my-data.json"'
    data = json.loads(download.content)
    assert [item["reference"] for item in data["applications"]] == [draft.ref]
    assert data["applications"][0]["document"]["contacts"][0]["name"] == "Ana Lima"
    assert unconfirmed.status_code == 400
    assert "Tick the box" in unconfirmed.content.decode()
    assert "1 application was erased." in erased.content.decode()
    assert Application.objects.get(pk=draft.pk).email == ""
    kinds = set(PrivacyEvent.objects.values_list("kind", flat=True))
    assert kinds == {"link_sent", "downloaded", "erased", "erasure_asked"}


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, open_call):
    answer = client.post("/privacy/", {"email": "nobody@example.org"})

    assert "we have sent the link there" in answer.content.decode()
    assert not OutgoingMail.objects.exists()
    assert not PrivacyEvent.objects.exists()


def test_a_wrong_address_is_named_and_kept(client, open_call):
    answer = client.post("/privacy/", {"email": "not an address"})

    assert answer.status_code == 400
    assert "Enter the email address you applied with." in answer.content.decode()
    assert 'value="not an address"' in answer.content.decode()


def test_link_requests_are_limited_per_client(client, open_call, settings):
    settings.LINK_REQUESTS_PER_CLIENT_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/privacy/", {"email": EMAIL}).status_code == 200

    refused = client.post("/privacy/", {"email": EMAIL})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert f'value="{EMAIL}"' in refused.content.decode()


def test_an_altered_link_shows_nothing(client, open_call):
    ApplicationFactory(call=open_call, status="draft", email=EMAIL)
    token = data_token(EMAIL)

    altered = client.get(f"/privacy/{token}x/")
    assert altered.status_code == 404
    assert "This link no longer works" in altered.content.decode()
    assert client.get(f"/privacy/{token}x/download/").status_code == 404
    assert client.post(f"/privacy/{token}x/erase/", {"confirm": "yes"}).status_code == 404
    assert Application.objects.get().email == EMAIL


def test_an_old_link_has_expired(client, open_call, monkeypatch):
    import time

    ApplicationFactory(call=open_call, status="draft", email=EMAIL)
    token = data_token(EMAIL)
    later = time.time() + 25 * 3600
    monkeypatch.setattr(time, "time", lambda: later)

    assert client.get(f"/privacy/{token}/").status_code == 404
