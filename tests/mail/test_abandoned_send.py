"""A send whose worker died is settled as soon as the worker is known dead, not
minutes later: queued again before DATA, handed to staff after. Once each."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencall.mail.abandoned import recover_abandoned
from opencall.mail.enums import Phase, Status
from opencall.mail.models import OutgoingMail
from opencall.mail.sending import _claim
from opencall.mail.services import mail_to_applicant
from tests.factories import SubmittedApplicationFactory
from tests.fixtures.smtp import run_database_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def _killed_mid_send(call_2022, *, phase: str) -> OutgoingMail:
    """The send task claimed by a worker that then died, the row at `phase`."""
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022), key="submitted"
    )
    task = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["gone"]
    )
    assert _claim(mail.pk) == 1
    OutgoingMail.objects.filter(pk=mail.pk).update(phase=phase)
    return mail


def _later() -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=2)


def test_a_send_stopped_before_data_is_sent_again_once(call_2022, smtp_server):
    mail = _killed_mid_send(call_2022, phase=Phase.ENVELOPE)

    assert recover_abandoned(now=_later())["tasks"] == 1

    mail.refresh_from_db()
    assert mail.status == Status.QUEUED
    assert run_database_tasks() == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 2)
    assert len(smtp_server.messages) == 1
    assert recover_abandoned(now=_later())["tasks"] == 0
    assert run_database_tasks() == 0


def test_a_send_stopped_during_data_is_never_resent(call_2022, smtp_server):
    mail = _killed_mid_send(call_2022, phase=Phase.DATA)

    recover_abandoned(now=_later())

    mail.refresh_from_db()
    assert mail.status == Status.UNCONFIRMED
    assert run_database_tasks() == 0
    assert smtp_server.messages == []
