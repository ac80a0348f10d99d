"""Every page an applicant sees exists in English and French, and mail follows the
language the applicant chose."""

import pytest
from django.test import Client

from opencall.applications.models import Application
from tests.applications.walk import AUDIENCE, start

# Phrases the applicant's pages show, and what they must be in French.
ENGLISH = ["Save and continue", "Start your application", "Check and submit", "Deadline:"]


def _french(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    return client


@pytest.mark.django_db
def test_every_applicant_page_is_in_french(client, open_call):
    base, _draft = start(client, open_call)
    _french(client)
    pages = [
        "/",
        f"/calls/{open_call.slug}/",
        f"/calls/{open_call.slug}/apply/",
        f"/calls/{open_call.slug}/resume/",
        base,
        *(f"{base}{step}/" for step in ("event", "when-where", "audience", "content")),
        *(f"{base}{step}/" for step in ("participation", "support")),
    ]
    for path in pages:
        page = client.get(path).content.decode()
        assert '<html lang="fr">' in page, path
        for phrase in ENGLISH:
            assert phrase not in page, (path, phrase)
    assert "Commencer votre candidature" in client.get(f"/calls/{open_call.slug}/").content.decode()
    assert "Enregistrer et continuer" in client.get(f"{base}event/").content.decode()
    assert "Vérifier et soumettre" in client.get(f"{base}event/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_mail_goes_out_in_the_language_the_applicant_chose(
    client, open_call, smtp_server, immediate_tasks
):
    base, draft = start(client, open_call, language="fr")
    first = smtp_server.wait_for(1, to="wanjiru@example.org")[0]
    assert "brouillon" in first.subject

    # The applicant switches to English: the next mail is in English.
    from tests.applications.walk import EVENT

    client.post(f"{base}event/", {**EVENT, "language": "en"})
    client.post(f"{base}audience/", AUDIENCE)
    client.post(f"{base}submit/")
    second = smtp_server.wait_for(2, to="wanjiru@example.org")[1]
    assert second.subject.startswith("We have received your application")
    assert Application.objects.get(pk=draft.pk).language == "en"
