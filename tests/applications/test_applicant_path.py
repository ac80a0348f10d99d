import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.workflow import Status
from tests.applications.walk import fill_all, form_key, start


def _dates(call) -> tuple[str, str]:
    day = call.event_window_end - dt.timedelta(days=10)
    return day.isoformat(), (day + dt.timedelta(days=2)).isoformat()


@pytest.mark.django_db
def test_applicant_fills_every_step_and_submits(client, open_call):
    base, draft = start(client, open_call)
    assert draft.status == Status.DRAFT
    fill_all(client, base, dates=_dates(open_call))
    overview = client.get(base)
    assert "Submit my application" in overview.content.decode()

    response = client.post(f"{base}submit/")

    assert response.status_code == 302
    application = Application.objects.get(pk=draft.pk)
    assert application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    document = application.document
    assert document["ref"] == application.ref
    assert document["country"] == "KE"
    assert document["offers"] == [
        {"type": "scholarships", "details": "20 grants", "amount_usd": "4000"}
    ]
    assert document["contacts"] == [{"name": "Wanjiru", "email": "wanjiru@example.org"}]


@pytest.mark.django_db
def test_posting_the_first_step_twice_makes_one_draft(client, open_call):
    key = form_key(client, open_call)
    data = {
        "form_key": key,
        "event_name": "FOSS4G Asia",
        "format": "conference",
        "organisation": "OSGeo",
        "contact_name_0": "Ana",
        "contact_email_0": "ana@example.org",
        "language": "en",
    }
    first = client.post(f"/calls/{open_call.slug}/apply/", data)
    second = client.post(f"/calls/{open_call.slug}/apply/", data)
    assert first["Location"] == second["Location"]
    assert Application.objects.filter(call=open_call).count() == 1


@pytest.mark.django_db
def test_submitting_twice_changes_nothing_the_second_time(client, open_call):
    base, draft = start(client, open_call)
    client.post(f"{base}audience/", {"scope": "international"})
    client.post(f"{base}submit/")
    client.post(f"{base}submit/")
    statuses = ApplicationEvent.objects.filter(application=draft, kind="status")
    assert [(e.old, e.new) for e in statuses] == [("draft", "submitted")]


@pytest.mark.django_db
def test_submission_without_required_answers_is_refused_and_names_them(client, open_call):
    base, draft = start(client, open_call)
    response = client.post(f"{base}submit/", follow=True)
    assert "the event&#x27;s audience" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_bad_values_get_messages_next_to_their_fields_and_keep_what_was_typed(client, open_call):
    base, _draft = start(client, open_call)
    response = client.post(
        f"{base}when-where/",
        {"start_date": "2026-12-20", "end_date": "2026-12-01", "city": "Nairobi", "country": "KE"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The event cannot end before it starts." in page
    assert 'value="Nairobi"' in page
    assert 'value="2026-12-20"' in page

    response = client.post(f"{base}content/", {"programme_url": "agenda soon"})
    assert "Enter a full web address, starting with https://" in response.content.decode()


@pytest.mark.django_db
def test_messages_are_in_the_applicants_language(client, open_call):
    base, _draft = start(client, open_call)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    response = client.post(f"{base}content/", {"programme_url": "bientôt"})
    assert "Saisissez une adresse web complète" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_token_shows_nothing(client, open_call):
    _base, draft = start(client, open_call)
    other = f"/a/{draft.public_id}/{'0' * 40}/"
    assert client.get(other).status_code == 404
    assert client.get(f"{other}event/").status_code == 404
    assert client.post(f"{other}submit/").status_code == 404
    assert client.post(f"{other}withdraw/").status_code == 404
    assert client.post(f"{other}audience/check/", {"scope": "national"}).status_code == 404


@pytest.mark.django_db
def test_submitted_application_can_be_edited_until_the_call_closes(client, open_call):
    base, draft = start(client, open_call)
    client.post(f"{base}audience/", {"scope": "international"})
    client.post(f"{base}submit/")

    client.post(f"{base}event/", {**_event(), "event_name": "SotM Kenya 2022"})

    application = Application.objects.get(pk=draft.pk)
    assert application.event_name == "SotM Kenya 2022"
    edit = application.events.get(kind="edited")
    # The old and new answer, and who saved it (the first contact, by name), for the
    # staff's timeline.
    assert edit.data == {
        "fields": ["event_name"],
        "values": {"event_name": [_event()["event_name"], "SotM Kenya 2022"]},
        "person": "Wanjiru",
    }


@pytest.mark.django_db
def test_after_the_deadline_the_application_is_read_only(client, open_call):
    base, draft = start(client, open_call)
    client.post(f"{base}audience/", {"scope": "international"})
    client.post(f"{base}submit/")
    open_call.closes_at = timezone.now() - dt.timedelta(minutes=1)
    open_call.opens_at = open_call.closes_at - dt.timedelta(days=30)
    open_call.save()

    page = client.get(base)
    assert page.status_code == 200
    assert "no longer be changed" in page.content.decode()
    refused = client.post(f"{base}event/", {**_event(), "event_name": "Late change"})
    assert refused.status_code == 403
    assert Application.objects.get(pk=draft.pk).event_name == "State of the Map Kenya"


@pytest.mark.django_db
def test_a_closed_call_refuses_new_applications_with_a_clear_message(client, call_2022):
    response = client.get(f"/calls/{call_2022.slug}/apply/")
    assert response.status_code == 403
    assert "not accepting applications" in response.content.decode()
    response = client.post(f"/calls/{call_2022.slug}/apply/", {**_event(), "form_key": "x"})
    assert response.status_code == 403
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_draft_cannot_be_submitted_after_the_deadline(client, open_call):
    base, draft = start(client, open_call)
    client.post(f"{base}audience/", {"scope": "international"})
    open_call.closes_at = timezone.now() - dt.timedelta(seconds=1)
    open_call.opens_at = open_call.closes_at - dt.timedelta(days=30)
    open_call.save()
    response = client.post(f"{base}submit/")
    assert response.status_code == 403
    assert Application.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_lost_link_page_answers_the_same_for_known_and_unknown_addresses(client, open_call):
    start(Client(), open_call)
    known = client.post(f"/calls/{open_call.slug}/resume/", {"email": "wanjiru@example.org"})
    unknown = client.post(f"/calls/{open_call.slug}/resume/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200

    def page(response):
        text = response.content.decode().replace("wanjiru", "nobody")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert page(known) == page(unknown)


def _event():
    from tests.applications.walk import EVENT

    return dict(EVENT)


@pytest.mark.django_db
def test_valid_answers_of_a_step_with_an_error_are_saved_in_the_draft(client, open_call):
    base, draft = start(client, open_call)
    response = client.post(
        f"{base}when-where/", {"city": "Mombasa", "country": "KE", "start_date": "not a date"}
    )
    assert "Enter a date as YYYY-MM-DD" in response.content.decode()
    document = Application.objects.get(pk=draft.pk).document
    assert (document["city"], document["country"], document["start_date"]) == (
        "Mombasa",
        "KE",
        None,
    )


@pytest.mark.django_db
def test_the_applicant_withdraws_before_a_decision_with_a_reason(client, open_call):
    base, draft = start(client, open_call)
    client.post(f"{base}audience/", {"scope": "international"})
    client.post(f"{base}submit/")
    response = client.post(f"{base}withdraw/", {"reason": "The event is cancelled."}, follow=True)
    assert "Your application is withdrawn." in response.content.decode()
    application = Application.objects.get(pk=draft.pk)
    assert application.status == Status.WITHDRAWN
    event = application.events.get(kind="status", new="withdrawn")
    assert (event.actor, event.reason) == ("applicant", "The event is cancelled.")
    assert "Withdraw my application" not in response.content.decode()


@pytest.mark.django_db
def test_a_decided_application_cannot_be_withdrawn(client, open_call):
    base, draft = start(client, open_call)
    Application.objects.filter(pk=draft.pk).update(
        status=Status.ACCEPTED, submitted_at=timezone.now()
    )
    response = client.post(f"{base}withdraw/", {"reason": ""}, follow=True)
    assert "cannot move" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).status == Status.ACCEPTED
