"""Changing a second factor needs the second factor: a password alone can neither
replace nor remove a confirmed authenticator. Recovery codes stand in for a lost
phone, once each; a call administrator can reset a member's device (audited); the
owner hears of every change by mail."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts.services import call_require_two_factor
from opencall.accounts.two_factor import recovery_codes_left
from opencall.mail.models import OutgoingMail
from tests.accounts.people import PASSWORD

pytestmark = pytest.mark.django_db

CALL = "/staff/calls/hot-summit-2022/"
PAGE = "/accounts/two-factor/"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    # A wrong code delays the next try by seconds: the tests below give wrong codes on purpose.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def _sign_in(client, user, next_url="/staff/"):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )


def _mails(user) -> list[str]:
    """The sentence each two-factor mail to `user` opened with, oldest first."""
    mails = OutgoingMail.objects.filter(key="two_factor_changed", recipient_user=user)
    return [mail.context["change"] for mail in mails.order_by("pk")]


def _codes(response) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def _start(client) -> TOTPDevice:
    client.post(PAGE, {"action": "start"})
    return TOTPDevice.objects.get(confirmed=False)


@pytest.fixture
def protected(staff, call_2022):
    """The working group member's call requires two-factor; their phone is enrolled."""
    call_require_two_factor(call=call_2022, required=True)
    return TOTPDevice.objects.create(user=staff.working_group, name="phone", confirmed=True)


def test_a_password_alone_cannot_replace_the_device_to_open_the_call(client, staff, protected):
    _sign_in(client, staff.working_group, CALL)  # the attacker knows the password only
    client.post(PAGE, {"action": "start"})
    new = TOTPDevice.objects.filter(user=staff.working_group, confirmed=False).first()
    if new is not None:
        response = client.post(PAGE, {"token": _code(new), "next": CALL})
        assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=staff.working_group, confirmed=True)) == [protected]
    assert client.get(CALL).status_code == 302
    assert _mails(staff.working_group) == []


def test_a_password_alone_cannot_remove_the_device(client, staff, protected):
    _sign_in(client, staff.working_group, CALL)
    response = client.post(PAGE, {"action": "remove", "proof": "000000"})
    assert "a password alone cannot change your second factor" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=protected.pk).exists()


def test_replacing_the_device_with_a_code_from_the_current_one_works(client, staff, protected):
    client.force_login(staff.working_group)
    new = _start(client)
    wrong = client.post(PAGE, {"token": _code(new), "proof": "123456", "next": CALL})
    assert "a password alone cannot change your second factor" in wrong.content.decode()

    new = _start(client)
    response = client.post(PAGE, {"token": _code(new), "proof": _code(protected), "next": CALL})
    assert len(_codes(response)) == 10
    assert list(TOTPDevice.objects.filter(user=staff.working_group)) == [new]
    assert client.get(CALL).status_code == 200
    assert _mails(staff.working_group) == [
        "The authenticator app of your account was replaced by a new one, with a new set of "
        "recovery codes."
    ]
    entry = LogEntry.objects.get(object_id=str(staff.working_group.pk))
    assert (entry.user, entry.change_message) == (staff.working_group, "two-factor: replaced")


def test_a_first_device_needs_no_proof_and_is_mailed_with_its_recovery_codes(client, staff):
    client.force_login(staff.working_group)
    new = _start(client)
    response = client.post(PAGE, {"token": _code(new)})
    assert len(set(_codes(response))) == 10
    assert response["Cache-Control"].startswith("max-age=0")
    assert recovery_codes_left(staff.working_group) == 10
    assert _mails(staff.working_group) == [
        "An authenticator app was added to your account, with a new set of recovery codes."
    ]


def _enrol(client, user) -> list[str]:
    client.force_login(user)
    new = _start(client)
    codes = _codes(client.post(PAGE, {"token": _code(new)}))
    client.post("/accounts/logout/")
    return codes


def test_a_recovery_code_signs_in_once(client, staff, call_2022):
    call_require_two_factor(call=call_2022, required=True)
    codes = _enrol(client, staff.working_group)
    _sign_in(client, staff.working_group, CALL)
    response = client.post("/accounts/verify/", {"token": codes[0].upper(), "next": CALL})
    assert response["Location"] == CALL
    assert client.get(CALL).status_code == 200
    assert recovery_codes_left(staff.working_group) == 9
    assert _mails(staff.working_group)[-1] == (
        "One of your recovery codes was used. 9 codes are left."
    )

    client.post("/accounts/logout/")
    _sign_in(client, staff.working_group, CALL)
    again = client.post("/accounts/verify/", {"token": codes[0], "next": CALL})
    assert "This code is not right" in again.content.decode()
    assert client.get(CALL).status_code == 302


def test_a_recovery_code_replaces_a_lost_phone(client, staff, call_2022):
    codes = _enrol(client, staff.working_group)
    client.force_login(staff.working_group)
    new = _start(client)
    response = client.post(PAGE, {"token": _code(new), "proof": codes[3]})
    fresh = _codes(response)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert TOTPDevice.objects.get(user=staff.working_group, confirmed=True) == new
    assert _mails(staff.working_group)[-2:] == [
        "One of your recovery codes was used. 9 codes are left.",
        "The authenticator app of your account was replaced by a new one, with a new set of "
        "recovery codes.",
    ]


def test_new_recovery_codes_need_the_second_factor(client, staff, protected):
    client.force_login(staff.working_group)
    refused = client.post(PAGE, {"action": "codes", "proof": "000000"})
    assert "a password alone cannot change your second factor" in refused.content.decode()
    assert recovery_codes_left(staff.working_group) == 0

    response = client.post(PAGE, {"action": "codes", "proof": _code(protected)})
    assert len(_codes(response)) == 10
    page = client.get(PAGE).content.decode()
    assert "and 10 recovery codes left" in page
    assert _mails(staff.working_group) == [
        "A new set of recovery codes was made for your account; the earlier codes no longer work."
    ]


def test_removing_the_device_with_its_code_turns_two_factor_off(client, staff, protected):
    client.force_login(staff.working_group)
    response = client.post(PAGE, {"action": "remove", "proof": _code(protected)}, follow=True)
    assert "Two-factor authentication is off for your account." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff.working_group).exists()
    assert _mails(staff.working_group) == [
        "Two-factor authentication was turned off for your account: its authenticator app "
        "and recovery codes were removed."
    ]


def test_the_mail_goes_out_in_the_owners_language(client, staff, protected):
    from opencall.accounts.services import staff_language_remember

    staff_language_remember(user=staff.working_group, language="fr")
    client.force_login(staff.working_group)
    client.post(PAGE, {"action": "remove", "proof": _code(protected)})
    mail = OutgoingMail.objects.get(key="two_factor_changed")
    assert (mail.to, mail.language) == ("wg@example.org", "fr")
    assert mail.subject == "Le second facteur de votre compte opencall a changé"
    assert "Si c'était vous, vous n'avez rien d'autre à faire." in mail.body_text
