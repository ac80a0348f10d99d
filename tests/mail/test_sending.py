"""Sending one row through a real SMTP server: once, with a stable Message-ID;
temporary refusals retried with backoff, permanent ones failed at once, and a send
cut off after DATA never resent without a person."""

import datetime as dt
import threading

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opencall.applications.models import ApplicationEvent
from opencall.mail.conf import retry_delay
from opencall.mail.enums import Action, Phase, Status
from opencall.mail.models import OutgoingMail
from opencall.mail.recovery import recover_stale
from opencall.mail.sending import mail_send
from opencall.mail.services import mail_to_applicant
from tests.factories import SubmittedApplicationFactory


@pytest.fixture
def queued(call_2022):
    def make(**kwargs):
        return mail_to_applicant(
            application=SubmittedApplicationFactory(call=call_2022, **kwargs), key="submitted"
        )

    return make


def _actions(mail):
    return list(mail.events.values_list("action", flat=True))


@pytest.mark.django_db
def test_a_queued_mail_is_delivered_once_with_the_message_id_of_its_row(queued, smtp_server):
    mail = queued(language="fr")

    assert mail_send(mail_id=mail.pk) == "sent"
    assert mail_send(mail_id=mail.pk) == "skipped"

    mail.refresh_from_db()
    (received,) = smtp_server.messages
    assert received.rcpt_tos == ("ana@example.org",)
    assert received.message_id == mail.message_id
    assert received.subject == mail.subject
    assert received.text.replace("\r\n", "\n") == mail.body_text
    assert received.html.replace("\r\n", "\n") == mail.body_html
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert (mail.status, mail.attempts, mail.phase, mail.last_error) == (Status.SENT, 1, "", "")
    assert mail.sent_at is not None
    assert _actions(mail) == [Action.CREATED, Action.ATTEMPT, Action.SENT]
    entry = ApplicationEvent.objects.get(application=mail.application, kind="mail")
    assert entry.new == "submitted: sent"


def test_retry_delays_grow_exponentially_up_to_the_cap(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_FACTOR = 3
    settings.MAIL_RETRY_MAX_SECONDS = 3600

    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [60, 180, 540, 1620, 3600]


@pytest.mark.django_db
def test_a_temporary_refusal_queues_a_retry_after_the_backoff(
    queued, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.reply_with("rcpt", "451 4.3.0 Mailbox busy, try again later", times=1)
    mail = queued()
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        assert mail_send(mail_id=mail.pk) == "queued"

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.QUEUED, 1)
    assert "451" in mail.last_error and "Mailbox busy" in mail.last_error
    assert before + retry_delay(1) <= mail.due_at <= timezone.now() + retry_delay(1)
    assert DBTaskResult.objects.get().run_after == mail.due_at
    assert smtp_server.messages == []

    assert mail_send(mail_id=mail.pk) == "sent"
    assert len(smtp_server.messages) == 1
    assert _actions(mail) == [
        Action.CREATED,
        Action.ATTEMPT,
        Action.RETRY_LATER,
        Action.ATTEMPT,
        Action.SENT,
    ]


@pytest.mark.django_db
def test_a_refused_connection_is_a_temporary_failure(queued, smtp_server):
    smtp_server.stop()
    mail = queued()

    assert mail_send(mail_id=mail.pk) == "queued"

    mail.refresh_from_db()
    assert mail.last_error.startswith("ConnectionRefusedError")


@pytest.mark.django_db
def test_a_permanent_refusal_fails_at_once_and_shows_on_the_timeline(queued, smtp_server):
    smtp_server.reply_with("rcpt", "550 5.1.1 No such user here")
    mail = queued()

    assert mail_send(mail_id=mail.pk) == "failed"

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.FAILED, 1)
    assert "550" in mail.last_error and "No such user" in mail.last_error
    entry = ApplicationEvent.objects.get(application=mail.application, kind="mail")
    assert (entry.new, entry.reason) == ("submitted: failed", mail.last_error)


@pytest.mark.django_db
def test_the_last_allowed_attempt_fails_for_good(queued, smtp_server, settings):
    settings.MAIL_MAX_ATTEMPTS = 1
    smtp_server.reply_with("data", "452 4.3.1 Insufficient system storage")

    mail = queued()

    assert mail_send(mail_id=mail.pk) == "failed"
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_a_send_cut_off_after_data_is_unconfirmed_and_never_resent_by_itself(
    queued, smtp_server, settings
):
    settings.EMAIL_TIMEOUT = 0.5
    smtp_server.hold("data", 3)  # the server has the message, the client times out
    mail = queued()

    assert mail_send(mail_id=mail.pk) == "unconfirmed"
    smtp_server.behave()

    mail.refresh_from_db()
    assert (mail.status, mail.phase, mail.attempts) == (Status.UNCONFIRMED, "", 1)
    assert mail.last_error.startswith("TimeoutError") or "timed out" in mail.last_error
    assert mail_send(mail_id=mail.pk) == "skipped"
    assert recover_stale(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_slow_worker_whose_row_was_recovered_stops_before_data(queued, smtp_server, settings):
    """Recovery took the row back while its worker was stuck before DATA: the worker
    must not hand the message over, the new attempt does, and exactly once."""
    settings.MAIL_SENDING_STALE_SECONDS = 0
    mail = queued()
    smtp_server.hold("rcpt", 10)
    outcome = []
    slow = threading.Thread(target=lambda: outcome.append(mail_send(mail_id=mail.pk)))
    slow.start()
    assert smtp_server.waiting.wait(5)

    assert recover_stale(now=timezone.now()) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.QUEUED, 1)
    smtp_server.behave()
    slow.join(10)

    assert outcome == ["fenced"]
    assert smtp_server.messages == []
    assert mail_send(mail_id=mail.pk) == "sent"
    assert len(smtp_server.messages) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 2)


@pytest.mark.django_db
def test_the_phase_is_recorded_before_data(queued, smtp_server):
    mail = queued()
    smtp_server.reply_with("data", "554 5.6.0 Message rejected")

    assert mail_send(mail_id=mail.pk) == "failed"

    phases = OutgoingMail.objects.filter(pk=mail.pk).values_list("phase", flat=True)
    assert list(phases) == [Phase.NONE]
