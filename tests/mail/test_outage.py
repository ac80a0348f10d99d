"""The mail server goes away while mail is queued. Nothing is lost, nothing is sent
twice: retries with backoff, a clear failed state, staff retry, one copy each."""

import pytest
from django.urls import reverse

from opencall.mail.conf import retry_delay
from opencall.mail.enums import Action, Status
from opencall.mail.models import MailEvent, OutgoingMail
from opencall.mail.services import mail_to_applicant
from tests.factories import SubmittedApplicationFactory
from tests.fixtures.smtp import run_database_tasks

pytestmark = pytest.mark.django_db(transaction=True)

RECIPIENTS = ["ana@example.org", "kofi@example.org", "mai@example.org"]


def _submissions(call_2022) -> list[OutgoingMail]:
    return [
        mail_to_applicant(
            application=SubmittedApplicationFactory(call=call_2022, email=address), key="submitted"
        )
        for address in RECIPIENTS
    ]


def _each_arrived_once(smtp_server, mails: list[OutgoingMail]) -> None:
    received = {m.rcpt_tos: m.message_id for m in smtp_server.messages}
    assert len(smtp_server.messages) == len(mails)
    assert received == {(mail.to,): mail.message_id for mail in mails}


def test_mail_queued_during_an_outage_arrives_once_when_the_server_returns(
    call_2022, smtp_server, settings
):
    settings.MAIL_RETRY_BASE_SECONDS = 1.0
    smtp_server.stop()
    mails = _submissions(call_2022)

    assert run_database_tasks() == 3
    for mail in OutgoingMail.objects.all():
        assert (mail.status, mail.attempts) == (Status.QUEUED, 1)
        assert mail.last_error.startswith("ConnectionRefusedError")

    smtp_server.start()
    assert run_database_tasks(wait=3) == 3

    assert set(OutgoingMail.objects.values_list("status", "attempts")) == {(Status.SENT, 2)}
    _each_arrived_once(smtp_server, mails)
    assert run_database_tasks(wait=0.2) == 0
    assert len(smtp_server.messages) == 3


def test_mail_that_outlasts_its_attempts_fails_visibly_and_staff_retry_sends_it_once(
    call_2022, smtp_server, fast_retries, staff, staff_client
):
    smtp_server.stop()
    mails = _submissions(call_2022)

    assert run_database_tasks(wait=2) == 12  # 3 mails x 4 attempts

    for mail in OutgoingMail.objects.all():
        assert (mail.status, mail.attempts) == (Status.FAILED, 4)
        actions = list(mail.events.values_list("action", flat=True))
        assert actions == [Action.CREATED] + [Action.ATTEMPT, Action.RETRY_LATER] * 3 + [
            Action.ATTEMPT,
            Action.FAILED,
        ]
        starts = list(mail.events.filter(action=Action.ATTEMPT).values_list("at", flat=True))
        for n in (1, 2, 3):
            assert starts[n] - starts[n - 1] >= retry_delay(n)
    changelist = reverse("admin:mail_outgoingmail_changelist")
    page = staff_client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert all(address in page for address in RECIPIENTS)

    smtp_server.start()
    response = staff_client.post(
        changelist,
        {"action": "retry", "_selected_action": [str(mail.pk) for mail in mails]},
    )
    assert response.status_code == 302
    assert run_database_tasks(wait=2) == 3

    assert set(OutgoingMail.objects.values_list("status", "attempts")) == {(Status.SENT, 5)}
    _each_arrived_once(smtp_server, mails)
    retried = MailEvent.objects.filter(action=Action.RETRIED)
    assert sorted(retried.values_list("mail_id", "user__username", "old", "new")) == [
        (mail.pk, "clara", Status.FAILED, Status.QUEUED) for mail in mails
    ]
