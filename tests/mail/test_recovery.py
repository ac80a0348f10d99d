"""Rows a dead worker left behind are settled by the scheduler: resent when the
server cannot have the message, handed to staff when it may."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opencall.mail.enums import Action, Phase, Status
from opencall.mail.models import OutgoingMail
from opencall.mail.recovery import recover_stale, requeue_lost
from opencall.mail.services import mail_to_applicant
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = dt.timedelta(hours=1)


@pytest.fixture
def stuck(call_2022):
    """A row as a worker killed mid-send leaves it."""

    def make(*, phase: str, attempts: int = 1, since: dt.timedelta = LONG_AGO) -> OutgoingMail:
        mail = mail_to_applicant(
            application=SubmittedApplicationFactory(call=call_2022), key="submitted"
        )
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=Status.SENDING,
            phase=phase,
            attempts=attempts,
            attempt_started_at=timezone.now() - since,
            due_at=None,
        )
        return OutgoingMail.objects.get(pk=mail.pk)

    return make


def test_a_send_stopped_before_data_is_queued_again(stuck, django_capture_on_commit_callbacks):
    mail = stuck(phase=Phase.ENVELOPE)

    with django_capture_on_commit_callbacks(execute=True):
        assert recover_stale(now=timezone.now()) == 1

    mail.refresh_from_db()
    assert (mail.status, mail.phase, mail.attempts) == (Status.QUEUED, "", 1)
    assert mail.last_error == (
        "The worker stopped during attempt 1, before the server had the message."
    )
    assert mail.events.last().action == Action.RECOVERED
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"mail_id": mail.pk}


def test_a_send_stopped_during_data_waits_for_staff_and_is_not_resent(
    stuck, django_capture_on_commit_callbacks
):
    mail = stuck(phase=Phase.DATA)

    with django_capture_on_commit_callbacks(execute=True):
        assert recover_stale(now=timezone.now()) == 1

    mail.refresh_from_db()
    assert (mail.status, mail.phase) == (Status.UNCONFIRMED, "")
    assert DBTaskResult.objects.count() == 0
    assert "may have been delivered" in mail.events.last().note


def test_a_recent_send_is_left_to_its_worker(stuck, settings):
    settings.MAIL_SENDING_STALE_SECONDS = 600
    mail = stuck(phase=Phase.ENVELOPE, since=dt.timedelta(minutes=5))

    assert recover_stale(now=timezone.now()) == 0
    mail.refresh_from_db()
    assert mail.status == Status.SENDING


def test_a_stopped_last_attempt_fails(stuck, settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    mail = stuck(phase=Phase.ENVELOPE, attempts=8)

    recover_stale(now=timezone.now())

    mail.refresh_from_db()
    assert mail.status == Status.FAILED


def test_a_queued_mail_whose_task_was_lost_gets_a_new_one_once_per_period(
    call_2022, django_capture_on_commit_callbacks
):
    mail = mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022), key="submitted"
    )
    now = timezone.now() + dt.timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_lost(now=now) == 1
        assert requeue_lost(now=now + dt.timedelta(minutes=1)) == 0

    assert DBTaskResult.objects.count() == 1
    assert mail.events.last().action == Action.REQUEUED


def test_a_mail_whose_task_waits_for_a_worker_gets_no_spare_one(
    call_2022, django_capture_on_commit_callbacks
):
    """Workers away for hours: the task queued with the mail still waits, so the
    scheduler's ticks add none (they did, one per overdue mail and tick)."""
    with django_capture_on_commit_callbacks(execute=True):
        mail_to_applicant(application=SubmittedApplicationFactory(call=call_2022), key="submitted")
    assert DBTaskResult.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        for hours in (1, 2, 3):
            assert requeue_lost(now=timezone.now() + dt.timedelta(hours=hours)) == 0

    assert DBTaskResult.objects.count() == 1


def test_a_held_mail_is_not_requeued(call_2022):
    mail_to_applicant(
        application=SubmittedApplicationFactory(call=call_2022), key="decision_declined"
    )

    assert requeue_lost(now=timezone.now() + dt.timedelta(days=30)) == 0


@pytest.mark.django_db(transaction=True)  # the command closes stale connections, like a worker
def test_the_scheduler_command_runs_one_tick(stuck, settings, capsys):
    settings.MAIL_SENDING_STALE_SECONDS = 1
    stuck(phase=Phase.ENVELOPE)

    call_command("mail_scheduler", "--once")

    assert capsys.readouterr().out == (
        "recovered=1 requeued=0 offers_expired=0 reminders=0 webhooks=0 import_uploads=0\n"
    )
