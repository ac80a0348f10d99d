"""A real `db_worker` is killed (SIGKILL) in the middle of a send; a new worker and
the scheduler take over. Whatever the moment, the mail arrives exactly once."""

import signal
import time

import pytest

from tests.mail.install import Install

QUEUE_ONE_MAIL = """
from django.db import transaction
from opencall.calls.models import Call
from opencall.mail.services import mail_to_applicant
from tests.factories import SubmittedApplicationFactory
call = Call.objects.get(is_practice=True)
with transaction.atomic():
    application = SubmittedApplicationFactory(call=call, contact_name="Ana")
    mail_to_applicant(application=application, key="submitted")
"""

CONFIRM_ALL = """
from opencall.mail.models import OutgoingMail
from opencall.mail.services import mail_confirm
print(mail_confirm(mails=OutgoingMail.objects.all(), by=None, note="seen in the relay log"))
"""


@pytest.fixture
def install(tmp_path, smtp_server):
    install = Install(tmp_path=tmp_path, env=smtp_server.env, settings="tests.mail.system_settings")
    try:
        install.set_up()
        install.python(QUEUE_ONE_MAIL)
        yield install
    finally:
        install.close()


TICK = "recovered=1 requeued=0 offers_expired=0 reminders=0 webhooks=0 import_uploads=0\n"


def _kill_the_worker_mid_send(install, smtp_server, stage: str) -> dict:
    smtp_server.hold(stage, 60)
    worker = install.start_worker("first")
    assert smtp_server.waiting.wait(60), install.log("first")
    install.stop(worker, signal.SIGKILL)
    smtp_server.behave()
    (mail,) = install.mails()
    return mail


def _take_over(install) -> str:
    install.start_worker("second")
    time.sleep(1.1)  # a send is stale after one second here (system_settings.py)
    return install.manage("mail_scheduler", "--once")


def test_a_worker_killed_before_the_server_had_the_mail_is_replaced_and_it_arrives_once(
    install, smtp_server
):
    mail = _kill_the_worker_mid_send(install, smtp_server, "rcpt")
    assert (mail["status"], mail["phase"], mail["attempts"]) == ("sending", "envelope", 1)
    assert smtp_server.messages == []

    assert (
        _take_over(install)
        == "recovered=1 requeued=0 offers_expired=0 reminders=0 webhooks=0 import_uploads=0\n"
    )
    install.wait_until(lambda: install.mails()[0]["status"] == "sent")

    (mail,) = install.mails()
    assert mail["attempts"] == 2
    time.sleep(1)  # give a duplicate every chance to show up
    (received,) = smtp_server.messages
    assert received.rcpt_tos == ("ana@example.org",)
    assert received.subject.startswith("We have received your application")


def test_a_worker_killed_after_handing_over_the_mail_is_never_resent_and_staff_see_it(
    install, smtp_server
):
    mail = _kill_the_worker_mid_send(install, smtp_server, "data")
    assert (mail["status"], mail["phase"], mail["attempts"]) == ("sending", "data", 1)
    assert len(smtp_server.messages) == 1

    assert (
        _take_over(install)
        == "recovered=1 requeued=0 offers_expired=0 reminders=0 webhooks=0 import_uploads=0\n"
    )
    time.sleep(1.5)  # the new worker runs: it must not send again

    (mail,) = install.mails()
    assert (mail["status"], mail["attempts"]) == ("unconfirmed", 1)
    assert mail["last_error"] == "The worker stopped while handing the message to the server."
    assert len(smtp_server.messages) == 1
    assert install.python(CONFIRM_ALL) == "1\n"
    assert install.mails()[0]["status"] == "sent"
    assert len(smtp_server.messages) == 1
