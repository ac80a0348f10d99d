"""Applicants answer by replying to the email, where inbound mail is configured."""

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opencall.applications.links import reply_address
from opencall.conversations.inbound import InboundRefused, receive
from opencall.conversations.models import Message
from opencall.conversations.services import info_request
from opencall.mail.services import mail_to_applicant
from opencall.mail.transport import build_message
from tests.accounts.people import make_user
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
DOMAIN = "reply.opencall.example"


@pytest.fixture
def inbound(settings):
    settings.INBOUND_REPLY_DOMAIN = DOMAIN


def _mail(to: str, body: str, **headers: str) -> bytes:
    extra = "".join(f"{name}: {value}\n" for name, value in headers.items())
    return (
        f"From: Wanjiru <wanjiru@example.org>\nTo: {to}\nSubject: Re: your application\n"
        f"{extra}Content-Type: text/plain; charset=utf-8\n\n{body}"
    ).encode()


def test_mail_to_an_applicant_carries_its_signed_reply_address(inbound, call_2022):
    application = ApplicationFactory(call=call_2022)
    mail = mail_to_applicant(
        application=application, key="staff_message", extra={"message": "Hello", "sender_name": "A"}
    )
    reply_to = build_message(mail).reply_to
    assert reply_to == [reply_address(application)]
    assert reply_to[0].startswith(f"reply+{application.public_id.hex}.")
    assert reply_to[0].endswith(f"@{DOMAIN}")


def test_without_an_inbound_domain_mail_has_no_reply_address(call_2022):
    application = ApplicationFactory(call=call_2022)
    mail = mail_to_applicant(
        application=application, key="staff_message", extra={"message": "Hello", "sender_name": "A"}
    )
    assert build_message(mail).reply_to == []


def test_a_reply_becomes_the_applicants_answer_without_the_quoted_mail(inbound, call_2022):
    application = ApplicationFactory(call=call_2022)
    staff = make_user("wg")
    info_request(
        application=application,
        author=staff,
        criterion="PROGRAMME",
        criterion_title="A published programme",
        body="Is the agenda online?",
    )
    raw = _mail(
        reply_address(application),
        "Yes: https://example.org/agenda\n\nOn Tue, HOT wrote:\n> Is the agenda online?\n",
    )

    message = receive(raw)

    assert (message.body, message.channel) == ("Yes: https://example.org/agenda", "email")
    assert message.direction == Message.Direction.FROM_APPLICANT
    request = Message.objects.get(application=application, kind=Message.Kind.INFO_REQUEST)
    assert request.answered_at is not None


@pytest.mark.parametrize(
    "address",
    [
        "reply+{hex}.0000000000000000@" + DOMAIN,  # wrong signature
        "reply+{hex}.{sig}@elsewhere.example",  # another domain
        "someone@" + DOMAIN,
    ],
)
def test_a_forged_or_foreign_address_is_bounced_as_unknown(inbound, call_2022, address):
    application = ApplicationFactory(call=call_2022)
    good = reply_address(application)
    sig = good.split(".", 1)[1].split("@")[0]
    raw = _mail(address.format(hex=application.public_id.hex, sig=sig), "Hello")
    with pytest.raises(InboundRefused) as refused:
        receive(raw)
    assert refused.value.unknown_recipient
    assert not Message.objects.exists()


def test_the_command_reads_stdin_and_bounces_with_sysexits_codes(inbound, call_2022, monkeypatch):
    application = ApplicationFactory(call=call_2022)
    good = _mail(reply_address(application), "Thank you, see you there.")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(good)))
    call_command("receive_mail")
    assert Message.objects.get().body == "Thank you, see you there."

    robot = _mail(reply_address(application), "I am away.", **{"Auto-Submitted": "auto-replied"})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(robot)))
    with pytest.raises(CommandError) as refused:
        call_command("receive_mail")
    assert refused.value.returncode == 65

    stranger = _mail("reply+00000000000000000000000000000000.0000000000000000@" + DOMAIN, "Hi")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stranger)))
    with pytest.raises(CommandError) as refused:
        call_command("receive_mail")
    assert refused.value.returncode == 67
    assert Message.objects.count() == 1
