"""Promising a mail: one outbox row, rendered once, in the recipient's language,
queued for the worker only when the transaction commits."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from opencall.mail.enums import Action, Status
from opencall.mail.models import MailEvent, MailTemplate, OutgoingMail
from opencall.mail.services import mail_to_applicant, mail_to_staff
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def test_submission_mail_is_rendered_in_french_with_the_calls_deadline_in_its_time_zone(
    call_2022,
):
    application = SubmittedApplicationFactory(
        call=call_2022, language="fr", contact_name="Ana Lima"
    )

    mail = mail_to_applicant(application=application, key="submitted")

    assert mail.status == Status.QUEUED
    assert mail.to == "ana@example.org"
    assert (mail.language, mail.template_language, mail.language_fallback) == ("fr", "fr", False)
    assert mail.template_source == "default"
    assert mail.subject == "Nous avons bien reçu votre candidature HOT-SUMMIT-2022-0001"
    assert mail.body_text.startswith("Bonjour Ana Lima,\n\nMerci\u202f! Votre candidature pour ")
    assert "le 31 mai 2022 à 23h59 (UTC−12:00)" in mail.body_text
    assert "d'ici le 30 juin 2022" in mail.body_text
    assert mail.context["private_link"] in mail.body_text
    assert f'<a href="{mail.context["private_link"]}">' in mail.body_html
    assert mail.call == application.call and mail.application == application
    assert mail.message_id == f"<opencall.{mail.public_id}@localhost>"


def test_english_mail_writes_the_deadline_the_english_way(call_2022):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022, language="en"), key="draft_started"
    )

    assert mail.subject == (
        "Your application to HOT Summit 2022: collaborations with conferences is saved as a draft"
    )
    assert "the call closes on 31 May 2022, 23:59 (UTC−12:00)." in mail.body_text


def test_spanish_mail_writes_the_dates_the_spanish_way(call_2022):
    application = SubmittedApplicationFactory(
        call=call_2022, language="es", contact_name="Ana Lima"
    )

    mail = mail_to_applicant(application=application, key="submitted")

    assert (mail.language, mail.template_language, mail.language_fallback) == ("es", "es", False)
    assert mail.subject == "Hemos recibido su solicitud HOT-SUMMIT-2022-0001"
    assert mail.body_text.startswith("Hola, Ana Lima:\n\n¡Gracias! Su solicitud para ")
    assert "el 31 de mayo de 2022, a las 23:59 (UTC−12:00)" in mail.body_text
    assert "a más tardar el 30 de junio de 2022" in mail.body_text


def test_a_language_without_text_falls_back_to_english_and_says_so(call_2022):
    # Swahili: a language an applicant may have, that the app does not offer.
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022, language="sw"), key="submitted"
    )

    assert (mail.language, mail.template_language, mail.language_fallback) == ("sw", "en", True)
    assert mail.subject == "We have received your application HOT-SUMMIT-2022-0001"
    event = MailEvent.objects.get(mail=mail)
    assert (event.action, event.note) == (Action.CREATED, "No text in 'sw': sent in English.")


def test_a_call_text_wins_over_a_global_text_which_wins_over_the_default(call_2022):
    application = SubmittedApplicationFactory(call=call_2022, language="fr")
    MailTemplate.objects.create(
        key="submitted", language="fr", subject="Global {{ ref }}", body="Tous les appels"
    )
    assert mail_to_applicant(application=application, key="submitted").subject == (
        "Global HOT-SUMMIT-2022-0001"
    )
    MailTemplate.objects.create(
        call=call_2022, key="submitted", language="fr", subject="Appel {{ ref }}", body="Cet appel"
    )

    mail = mail_to_applicant(application=application, key="submitted")

    # Every mail ends with the privacy notice's link (the "-- " footer).
    assert (mail.subject, mail.body_text.split("\n\n-- \n")[0], mail.template_source) == (
        "Appel HOT-SUMMIT-2022-0001",
        "Cet appel",
        "call",
    )


def test_an_english_override_is_the_fallback_for_a_language_without_text(call_2022):
    MailTemplate.objects.create(
        call=call_2022, key="submitted", language="en", subject="Thanks {{ ref }}", body="Text"
    )

    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022, language="de"), key="submitted"
    )

    assert (mail.subject, mail.template_source, mail.language_fallback) == (
        "Thanks HOT-SUMMIT-2022-0001",
        "call",
        True,
    )


def test_a_dedupe_key_makes_the_mail_exist_once(call_2022):
    application = SubmittedApplicationFactory(call=call_2022)

    first = mail_to_applicant(application=application, key="submitted", dedupe_key="sub:1")
    second = mail_to_applicant(application=application, key="submitted", dedupe_key="sub:1")

    assert first is not None and second is None
    assert OutgoingMail.objects.filter(dedupe_key="sub:1").count() == 1


def test_the_send_task_is_queued_only_when_the_transaction_commits(
    call_2022, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory(call=call_2022)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        mail = mail_to_applicant(application=application, key="submitted")
        assert DBTaskResult.objects.count() == 0

    assert len(callbacks) == 1
    task = DBTaskResult.objects.get()
    assert (task.queue_name, task.args_kwargs) == (
        "mail",
        {"args": [], "kwargs": {"mail_id": mail.pk}},
    )


def test_a_rolled_back_transaction_leaves_neither_mail_nor_task(
    call_2022, django_capture_on_commit_callbacks
):
    application = SubmittedApplicationFactory(call=call_2022)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail_to_applicant(application=application, key="submitted")
        raise RuntimeError("the change that promised the mail failed")

    assert callbacks == []
    assert OutgoingMail.objects.count() == 0 and DBTaskResult.objects.count() == 0


def test_extra_values_fill_the_mails_own_placeholders(call_2022):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022),
        key="info_request",
        extra={"questions": ["Where exactly is the venue?", "Who runs the scholarships?"]},
    )

    assert (
        "we need a little more information:\n\n"
        "- Where exactly is the venue?\n- Who runs the scholarships?\n\n"
    ) in mail.body_text


def test_an_application_without_address_gets_no_mail(call_2022):
    assert (
        mail_to_applicant(
            application=SubmittedApplicationFactory(call=call_2022, email=""), key="submitted"
        )
        is None
    )
    assert OutgoingMail.objects.count() == 0


def test_staff_mail_is_refused_for_applicant_keys_and_the_other_way_round(call_2022, staff):
    with pytest.raises(ValueError, match="not a mail to applicants"):
        mail_to_applicant(application=SubmittedApplicationFactory(call=call_2022), key="digest")
    with pytest.raises(ValueError, match="not a mail to staff"):
        mail_to_staff(user=staff, call=call_2022, key="submitted")
