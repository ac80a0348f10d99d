"""What staff do in the outbox: review held decision mails and release them
together, retry, edit and resend, cancel, confirm; every act recorded with its author."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencall.mail.enums import Action, Status, TransitionRefused
from opencall.mail.models import MailEvent, MailTemplate, OutgoingMail
from opencall.mail.sending import mail_send
from opencall.mail.services import (
    decision_key,
    mail_cancel,
    mail_confirm,
    mail_edit,
    mail_release,
    mail_to_applicant,
)
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mail_outgoingmail_changelist")


def _decisions(call_2022) -> list[OutgoingMail]:
    mails = []
    for status, address in (
        ("accepted", "ana@example.org"),
        ("waitlisted", "kofi@example.org"),
        ("declined", "mai@example.org"),
    ):
        application = SubmittedApplicationFactory(call=call_2022, email=address, language="fr")
        mails.append(
            mail_to_applicant(
                application=application,
                key=decision_key(status),
                extra={"reasons": ["Un programme ouvert"], "offers": ["Bourses"]},
            )
        )
    return mails


def test_decision_mails_wait_in_the_outbox_until_staff_release_them_together(
    call_2022, smtp_server, run_tasks, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        mails = _decisions(call_2022)
    assert queued == []
    assert {mail.status for mail in mails} == {Status.HELD}
    assert run_tasks() == 0 and smtp_server.messages == []

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert mail_release(mails=mails, by=staff) == 3
    assert len(queued) == 3
    assert run_tasks() == 3

    assert sorted(m.subject for m in smtp_server.messages) == [
        "Bonne nouvelle pour votre candidature HOT-SUMMIT-2022-0001",
        "Votre candidature HOT-SUMMIT-2022-0002 est sur notre liste d'attente",
        "Votre candidature HOT-SUMMIT-2022-0003 à HOT Summit 2022 : collaborations avec des "
        "conférences",
    ]
    accepted = smtp_server.messages_to("ana@example.org")[0].text
    assert "Voici ce que nous pouvons vous proposer\xa0:\r\n\r\n- Bourses" in accepted
    released = MailEvent.objects.filter(action=Action.RELEASED)
    assert {(e.user, e.old, e.new) for e in released} == {(staff, Status.HELD, Status.QUEUED)}


def test_releasing_twice_sends_nothing_more(call_2022, staff):
    mails = _decisions(call_2022)

    assert mail_release(mails=mails, by=staff) == 3
    assert mail_release(mails=mails, by=staff) == 0


def test_staff_release_held_mails_from_the_admin(call_2022, staff_client, staff):
    mails = _decisions(call_2022)

    response = staff_client.post(
        CHANGELIST, {"action": "release", "_selected_action": [str(m.pk) for m in mails]}
    )

    assert response.status_code == 302
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {Status.QUEUED}


def test_edit_and_resend_corrects_the_address_of_a_failed_mail(
    call_2022, smtp_server, staff_client, staff
):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022, email="ana@exmaple.org"),
        key="submitted",
    )
    smtp_server.reply_with("rcpt", "550 5.1.2 Bad destination domain", times=1)
    assert mail_send(mail_id=mail.pk) == "failed"

    response = staff_client.post(
        reverse("admin:mail_outgoingmail_change", args=[mail.pk]),
        {
            "to": "ana@example.org",
            "subject": mail.subject,
            "body_text": "Corrected text\r\nhttps://example.org/x",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert (mail.status, mail.to, mail.max_attempts) == (Status.QUEUED, "ana@example.org", 11)
    assert '<a href="https://example.org/x">https://example.org/x</a>' in mail.body_html
    edited = mail.events.get(action=Action.EDITED)
    assert (edited.user, edited.old, edited.new) == (staff, Status.FAILED, Status.QUEUED)
    assert edited.note == "Changed: body_text, to Sent again."

    assert mail_send(mail_id=mail.pk) == "sent"
    (received,) = smtp_server.messages
    assert received.rcpt_tos == ("ana@example.org",)
    assert received.text == "Corrected text\r\nhttps://example.org/x\r\n"


def test_a_sent_mail_cannot_be_edited(call_2022, smtp_server, staff):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022), key="submitted"
    )
    mail_send(mail_id=mail.pk)

    with pytest.raises(TransitionRefused):
        mail_edit(mail=mail, by=staff, to=mail.to, subject="x", body_text="y")


def test_a_cancelled_mail_is_never_sent(call_2022, smtp_server, staff):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022), key="submitted"
    )

    assert mail_cancel(mails=[mail], by=staff, reason="sent by hand") == 1
    assert mail_send(mail_id=mail.pk) == "skipped"

    assert smtp_server.messages == []
    event = mail.events.get(action=Action.CANCELLED)
    assert (event.user, event.note) == (staff, "sent by hand")


def test_staff_confirm_an_unconfirmed_mail_they_checked(call_2022, staff):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022), key="submitted"
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.UNCONFIRMED, attempts=1)

    assert mail_confirm(mails=[mail], by=staff) == 1

    mail.refresh_from_db()
    assert mail.status == Status.SENT and mail.sent_at is not None
    assert mail.events.get(action=Action.CONFIRMED).user == staff


def test_the_outbox_warns_staff_about_mail_sent_in_english_for_lack_of_a_translation(
    call_2022, staff_client
):
    mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022, language="sw"), key="submitted"
    )

    page = staff_client.get(CHANGELIST).content.decode()

    assert "1 mail of the last 30 days went out in English" in page
    assert "sw → en" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_the_outbox_list_costs_the_same_queries_for_one_row_or_three(call_2022, staff_client, rows):
    staff_client.get(CHANGELIST)  # warm the session and content types
    for n in range(rows):
        mail_to_applicant(
            application=SubmittedApplicationFactory(call=call_2022, email=f"a{n}@example.org"),
            key="submitted",
        )

    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(CHANGELIST).status_code == 200

    assert len(queries) == 9


def test_a_staff_text_with_an_unknown_placeholder_is_refused(staff_client):
    response = staff_client.post(
        reverse("admin:mail_mailtemplate_add"),
        {"key": "submitted", "language": "fr", "subject": "{{ refs }}", "body": "Merci"},
    )

    assert response.status_code == 200
    assert "subject: unknown placeholder(s) refs" in response.content.decode()
    assert MailTemplate.objects.count() == 0


def test_a_new_staff_text_starts_from_the_shipped_one(staff_client, staff):
    url = reverse("admin:mail_mailtemplate_add") + "?key=submitted&language=fr"

    page = staff_client.get(url).content.decode()

    assert "Nous avons bien reçu votre candidature {{ ref }}" in page
    response = staff_client.post(
        url, {"key": "submitted", "language": "fr", "subject": "Merci {{ ref }}", "body": "Merci"}
    )
    assert response.status_code == 302
    assert MailTemplate.objects.get().updated_by == staff


def test_the_admin_says_what_an_action_did_in_a_sentence_that_agrees(
    call_2022, staff_client, staff
):
    mails = _decisions(call_2022)
    mail_release(mails=mails[:1], by=staff)  # one is no longer held: it cannot be released
    staff_client.cookies["django_language"] = "fr"

    response = staff_client.post(
        CHANGELIST,
        {"action": "release", "_selected_action": [str(m.pk) for m in mails]},
        follow=True,
    )

    said = [str(message) for message in response.context["messages"]]
    assert said == [
        "E-mails sélectionnés libérés\u00a0: 2 sur 3. Les autres n'étaient pas prêts pour cela."
    ]
