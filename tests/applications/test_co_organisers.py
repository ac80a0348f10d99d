"""Co-organisers: the first contact gives other contacts links of their own and revokes
them; every link can edit until the deadline; the timeline says who changed what; mail
goes to those who asked for it, each in their language."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from opencall.applications.co_organisers import (
    MOST_CO_ORGANISERS,
    CoOrganiserRefused,
    co_organiser_add,
    co_organiser_revoke,
)
from opencall.applications.links import (
    co_organiser_token,
    co_organiser_url,
    link_holder,
    link_token,
    private_path,
)
from opencall.applications.models import ApplicationEvent, CoOrganiser
from opencall.applications.personal import Blind
from opencall.conversations.services import message_to_applicant
from opencall.mail.models import OutgoingMail
from opencall.staff.timeline import entries
from tests.applications.walk import EVENT, WHEN_WHERE, fill_all, start
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

AMINA = {
    "co-name": "Amina Odhiambo",
    "co-email": "amina@example.org",
    "co-language": "fr",
    "co-wants_mail": "on",
}


def _first(application):
    return link_holder(application, link_token(application))


def _add(application, **changes):
    values = {
        "name": "Amina Odhiambo",
        "email": "amina@example.org",
        "language": "fr",
        "wants_mail": True,
        **changes,
    }
    return co_organiser_add(application=application, by=_first(application), **values)


def _co_path(co) -> str:
    return f"/a/{co.application.public_id}/{co_organiser_token(co)}/"


def test_the_first_contact_gives_a_link_from_the_private_page_and_it_opens_it(client, open_call):
    base, draft = start(client, open_call)

    response = client.post(base + "co-organisers/", AMINA)

    assert response.status_code == 302
    co = CoOrganiser.objects.get(application=draft)
    assert (co.name, co.email, co.language, co.wants_mail) == (
        "Amina Odhiambo",
        "amina@example.org",
        "fr",
        True,
    )
    page = client.get(base).content.decode()
    assert co_organiser_url(co) in page
    own = client.get(_co_path(co))
    assert own.status_code == 200
    text = own.content.decode()
    assert "You opened this application as Amina Odhiambo, a co-organiser" in text
    # Neither the main link's renewal nor the list of links is the co-organiser's.
    assert "Revoke this link and send me a new one" not in text
    assert "Give a co-organiser a link" not in text
    event = ApplicationEvent.objects.get(application=draft, kind="co_organiser")
    assert (event.new, event.data["what"], event.data["person"]) == (
        "Amina Odhiambo",
        "added",
        "Wanjiru",
    )


def test_a_co_organiser_edits_a_step_and_the_timeline_names_them(client, open_call):
    _base, draft = start(client, open_call)
    co = _add(draft)

    response = client.post(_co_path(co) + "when-where/", {**WHEN_WHERE, "city": "Mombasa"})

    assert response.status_code == 302
    assert response["Location"].startswith(_co_path(co))
    draft.refresh_from_db()
    assert draft.document["city"] == "Mombasa"
    edit = ApplicationEvent.objects.get(application=draft, kind="edited")
    assert edit.data["person"] == "Amina Odhiambo"
    assert "city" in edit.data["fields"]
    words = [(e.who, e.change) for e in entries(application=draft, show_scores=True)]
    assert ("Wanjiru (applicant)", "link given to Amina Odhiambo") in words
    assert any(who == "Amina Odhiambo (applicant)" for who, _change in words)


def test_the_first_contacts_edits_are_named_too_once_there_are_co_organisers(client, open_call):
    base, draft = start(client, open_call)
    client.post(base + "when-where/", WHEN_WHERE)
    assert not ApplicationEvent.objects.filter(application=draft, kind="edited").exists()
    _add(draft)

    client.post(base + "when-where/", {**WHEN_WHERE, "city": "Kisumu"})

    edit = ApplicationEvent.objects.get(application=draft, kind="edited")
    assert edit.data["person"] == "Wanjiru"


def test_revoking_one_link_ends_it_at_once_and_no_other(client, open_call):
    base, draft = start(client, open_call)
    amina = _add(draft)
    juma = _add(draft, name="Juma Otieno", email="juma@example.org")
    amina_path = _co_path(amina)

    response = client.post(base + f"co-organisers/{amina.pk}/revoke/")

    assert response.status_code == 302
    assert client.get(amina_path).status_code == 404
    assert client.post(amina_path + "when-where/", WHEN_WHERE).status_code == 404
    assert client.get(_co_path(juma)).status_code == 200
    assert client.get(base).status_code == 200
    amina.refresh_from_db()
    assert amina.revoked_at is not None
    event = ApplicationEvent.objects.filter(application=draft, kind="co_organiser").last()
    assert (event.old, event.data["what"], event.data["person"]) == (
        "Amina Odhiambo",
        "revoked",
        "Wanjiru",
    )


def test_only_the_first_contact_adds_revokes_withdraws_or_renews(client, open_call):
    _base, draft = start(client, open_call)
    amina = _add(draft)
    juma = _add(draft, name="Juma Otieno", email="juma@example.org")
    own = _co_path(amina)

    assert (
        client.post(own + "co-organisers/", {**AMINA, "co-email": "x@example.org"}).status_code
        == 403
    )
    assert client.post(own + f"co-organisers/{juma.pk}/revoke/").status_code == 403
    assert client.post(own + "withdraw/").status_code == 403
    assert client.post(own + "new-link/").status_code == 403
    with pytest.raises(CoOrganiserRefused):
        co_organiser_revoke(
            application=draft,
            by=link_holder(draft, co_organiser_token(amina)),
            co_organiser_id=juma.pk,
        )
    assert CoOrganiser.objects.filter(application=draft, revoked_at__isnull=True).count() == 2


def test_a_forged_or_foreign_token_opens_nothing(client, open_call):
    _base, draft = start(client, open_call)
    co = _add(draft)
    token = co_organiser_token(co)
    row, mac = token.split("-")

    assert client.get(f"/a/{draft.public_id}/{row}-{'0' * 40}/").status_code == 404
    assert client.get(f"/a/{draft.public_id}/{int(row) + 1}-{mac}/").status_code == 404
    other = SubmittedApplicationFactory(call=open_call, email="ana@example.org")
    assert client.get(f"/a/{other.public_id}/{token}/").status_code == 404


def test_a_wrong_address_is_named_and_what_was_typed_is_kept(client, open_call):
    base, _draft = start(client, open_call)

    response = client.post(base + "co-organisers/", {**AMINA, "co-email": "amina at example"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter an email address like name@example.org." in text
    assert 'value="Amina Odhiambo"' in text
    assert 'value="amina at example"' in text
    assert not CoOrganiser.objects.exists()


def test_an_address_that_has_a_link_already_is_refused(client, open_call):
    base, draft = start(client, open_call)
    _add(draft)

    again = client.post(base + "co-organisers/", AMINA)
    first = client.post(base + "co-organisers/", {**AMINA, "co-email": "WANJIRU@example.org"})

    assert again.status_code == first.status_code == 400
    assert "amina@example.org already has a link to this application." in again.content.decode()
    assert CoOrganiser.objects.count() == 1


def test_there_is_a_bound_on_co_organisers(open_call, client):
    _base, draft = start(client, open_call)
    for number in range(MOST_CO_ORGANISERS):
        _add(draft, name=f"Person {number}", email=f"p{number}@example.org")

    with pytest.raises(CoOrganiserRefused, match="at most 10 co-organisers"):
        _add(draft, name="One more", email="more@example.org")


def test_co_organisers_who_asked_get_the_mail_in_their_language_with_their_link(
    call_2022, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory(call=call_2022, language="en")
    amina = _add(application, language="fr")
    _add(application, name="Juma Otieno", email="juma@example.org", wants_mail=False)
    gone = _add(application, name="Kofi Mensah", email="kofi@example.org")
    co_organiser_revoke(application=application, by=_first(application), co_organiser_id=gone.pk)
    staff = get_user_model().objects.create_user("clara", first_name="Clara")

    with django_capture_on_commit_callbacks(execute=True):
        message_to_applicant(application=application, author=staff, body="Thank you!")

    mails = {mail.to: mail for mail in OutgoingMail.objects.filter(key="staff_message")}
    assert set(mails) == {application.email, "amina@example.org"}
    copy = mails["amina@example.org"]
    assert copy.language == "fr"
    assert co_organiser_url(amina) in copy.body_text
    assert "Amina Odhiambo" in copy.body_text
    assert private_path(application) not in copy.body_text


def test_the_main_links_own_mail_goes_to_the_first_contact_alone(call_2022):
    from opencall.applications import signals
    from opencall.applications.models import Application

    application = SubmittedApplicationFactory(call=call_2022)
    _add(application)

    signals.link_requested.send(sender=Application, application=application)

    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [application.email]


def test_a_co_organiser_reads_and_answers_the_conversation(client, open_call):
    application = SubmittedApplicationFactory(call=open_call)
    co = _add(application)

    page = client.get(_co_path(co) + "messages/")
    response = client.post(_co_path(co) + "messages/", {"body": "We have the venue now."})

    assert page.status_code == 200
    assert response.status_code == 302
    event = ApplicationEvent.objects.get(application=application, kind="message")
    assert event.data["person"] == "Amina Odhiambo"


def test_a_blind_reader_does_not_read_co_organisers_names_or_addresses(call_2022):
    application = SubmittedApplicationFactory(call=call_2022)
    _add(application)

    blind = Blind.of(application)

    assert "Amina Odhiambo" not in blind.text("Amina Odhiambo (applicant)")
    assert "amina@example.org" not in blind.text("write to amina@example.org")
    assert "Odhiambo" not in blind.text("Odhiambo changed the city")


def test_the_co_organiser_row_refuses_a_bad_address():
    with pytest.raises(ValidationError):
        CoOrganiser(name="X", email="not an address").full_clean(exclude=["application"])


def test_a_co_organiser_submits_and_the_timeline_names_them(client, open_call):
    base, draft = start(client, open_call)
    day = (open_call.event_window_end - dt.timedelta(days=10)).isoformat()
    fill_all(client, base, dates=(day, day))
    co = _add(draft)

    response = client.post(_co_path(co) + "submit/")

    assert response.status_code == 302
    assert response["Location"] == _co_path(co)
    move = ApplicationEvent.objects.get(application=draft, kind="status", new="submitted")
    assert move.data["person"] == "Amina Odhiambo"


def test_no_page_under_a_co_organisers_link_shows_the_main_link(client, open_call):
    _base, draft = start(client, open_call)
    co = _add(draft)
    own = _co_path(co)

    pages = [
        client.get(own),
        client.get(own + "when-where/"),
        client.get(own + "messages/"),
        client.get(own + "copy/"),
        # The stop for a kind of event the call does not take, with its way back.
        client.post(own + "event/", {**EVENT, "format": "mapathon", "country": "KE"}),
    ]

    assert [page.status_code for page in pages] == [200] * 5
    for page in pages:
        assert link_token(draft) not in page.content.decode()
    assert own in pages[-1].content.decode()
