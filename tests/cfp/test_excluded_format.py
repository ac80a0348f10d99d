"""A mapathon organiser learns on step 1 which Open Mapping Hub to contact, and stops
there: nothing stored, no mail (POLICY FORMAT)."""

import re

import pytest

from opencall.applications.models import Application
from opencall.mail.models import OutgoingMail
from tests.applications.walk import EVENT, form_key, start

pytestmark = pytest.mark.django_db


def _post_first_step(client, call, **changes):
    data = {**EVENT, "form_key": form_key(client, call), **changes}
    return client.post(f"/calls/{call.slug}/apply/", data)


def test_the_first_step_asks_the_country_and_says_when_it_is_needed(client, open_call):
    page = client.get(f"/calls/{open_call.slug}/apply/").content.decode()
    assert 'name="country"' in page
    assert "Only needed if the event is one of these: Mapathon, Training session, " in page


def test_a_mapathon_organiser_is_sent_to_the_countrys_hub_with_nothing_stored_or_mailed(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = _post_first_step(client, open_call, format="mapathon", country="KE")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Contact the Open Mapping Hub - Eastern and Southern Africa" in page
    assert 'href="mailto:esahub@hotosm.org"' in page
    assert "For an event in Kenya." in page
    assert "We saved nothing and sent you no mail" in page
    assert "info@hotosm.org" not in page  # not HOT's community team: the hub is known
    assert page.count("This call does not take this kind of event") == 1
    assert not Application.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert queued == []  # nothing waits for a commit either


def test_without_a_country_the_mapathon_organiser_is_asked_for_it_and_nothing_is_stored(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = _post_first_step(client, open_call, format="training", country="")

    assert response.status_code == 200
    assert "Choose the event&#x27;s country" in response.content.decode()
    assert not Application.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert queued == []


def test_change_my_answers_brings_them_back_into_the_form_without_judging_them(client, open_call):
    page = _post_first_step(client, open_call, format="meetup", country="PE").content.decode()
    assert "Open Mapping Hub - Latin America and the Caribbean" in page
    hidden = {
        name: value
        for name, value in re.findall(
            r'<input type="hidden" name="([a-z_0-9]+)" value="([^"]*)"', page
        )
        if name != "csrfmiddlewaretoken"
    }
    assert hidden["event_name"] == EVENT["event_name"]

    response = client.post(f"/calls/{open_call.slug}/apply/", {**hidden, "change": "1"})

    again = response.content.decode()
    assert response.status_code == 200
    assert f'value="{EVENT["event_name"]}"' in again
    assert re.search(r'<input type="radio" name="format" value="meetup"[^>]* checked', again)
    assert re.search(r'<option value="PE" selected>', again)
    assert "errorlist" not in again
    assert not Application.objects.exists()


def test_a_conference_does_not_need_the_country_on_the_first_step(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _base, draft = start(client, open_call)
    assert draft.document.get("country") in (None, "")
    assert OutgoingMail.objects.filter(key="draft_started").count() == 1


def test_a_draft_changed_to_an_excluded_format_is_not_saved(client, open_call):
    base, draft = start(client, open_call)
    before = Application.objects.get(pk=draft.pk).document

    response = client.post(f"{base}event/", {**EVENT, "format": "mapathon", "country": "KE"})

    assert response.status_code == 200
    assert "We did not save this change" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).document == before

    # Without the country, the page asks for it and the draft still keeps its answers.
    response = client.post(f"{base}event/", {**EVENT, "format": "mapathon", "country": ""})
    assert response.status_code == 200
    assert Application.objects.get(pk=draft.pk).document == before
