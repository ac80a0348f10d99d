"""What the applications app announces becomes mail: the draft's link, the
confirmation of submission, the link sent again; each promised once."""

import datetime as dt
import types

import pytest

from opencall.applications import signals
from opencall.applications.models import Application
from opencall.applications.workflow import Status as ApplicationStatus
from opencall.mail import receivers
from opencall.mail.models import MailTemplate, OutgoingMail
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def _announce(signal, application, times=1):
    for _ in range(times):
        signal.send(sender=Application, application=application)


def test_a_started_draft_gets_its_link_once(call_2022):
    application = SubmittedApplicationFactory(call=call_2022, status=ApplicationStatus.DRAFT)

    _announce(signals.draft_started, application, times=2)

    mail = OutgoingMail.objects.get()
    assert (mail.key, mail.dedupe_key) == ("draft_started", f"draft_started:{application.pk}")
    assert mail.context["private_link"] in mail.body_text


def test_a_submission_is_confirmed_once(call_2022):
    application = SubmittedApplicationFactory(call=call_2022)

    _announce(signals.application_submitted, application, times=2)

    assert list(OutgoingMail.objects.values_list("key", flat=True)) == ["submitted"]


def test_the_link_is_sent_again_at_most_once_in_ten_minutes(call_2022, monkeypatch):
    application = SubmittedApplicationFactory(call=call_2022)
    clock = types.SimpleNamespace(now=lambda: dt.datetime(2022, 5, 20, 10, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(receivers, "timezone", clock)

    _announce(signals.link_requested, application, times=3)
    clock.now = lambda: dt.datetime(2022, 5, 20, 10, 10, tzinfo=dt.UTC)
    _announce(signals.link_requested, application)

    assert OutgoingMail.objects.filter(key="resume_link").count() == 2


def test_a_mail_that_cannot_be_made_does_not_break_the_applicants_request(call_2022, caplog):
    application = SubmittedApplicationFactory(call=call_2022, language="fr")
    # A broken text saved around the admin's check: rendering it fails.
    MailTemplate.objects.create(key="submitted", language="fr", subject="{% if %}", body="x")

    _announce(signals.application_submitted, application)

    assert OutgoingMail.objects.count() == 0
    assert "could not queue 'submitted' mail" in caplog.text


def test_a_staff_message_and_a_request_for_information_are_mailed_to_the_applicant(
    call_2022, staff, django_capture_on_commit_callbacks
):
    from opencall.conversations.services import info_request, message_to_applicant

    application = SubmittedApplicationFactory(call=call_2022, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        message_to_applicant(application=application, author=staff, body="Merci pour tout !")
        info_request(
            application=application,
            author=staff,
            criterion="CODE_OF_CONDUCT",
            criterion_title="Code de conduite",
            body="Avez-vous un code de conduite ?",
        )

    message, question = OutgoingMail.objects.order_by("pk")
    assert (message.key, message.subject) == (
        "staff_message",
        "Un message au sujet de votre candidature HOT-SUMMIT-2022-0001",
    )
    assert "Clara, pour Humanitarian OpenStreetMap Team (HOT), vous a écrit" in message.body_text
    assert "\n\nMerci pour tout !\n\n" in message.body_text
    assert question.key == "info_request"
    assert question.context["questions"] == "Avez-vous un code de conduite ?"
