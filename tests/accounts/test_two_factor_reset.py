"""A call administrator resets the second factor of a member of their call who lost
both phone and recovery codes: only with their own second factor, never their own
or a site administrator's, audited, and mailed to the member."""

import pytest
from django.contrib.admin.models import LogEntry
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts.services import membership_add
from opencall.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

RESET = "/staff/calls/hot-summit-2022/two-factor/reset/"
PAGE = "/staff/calls/hot-summit-2022/assignments/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _verified(client, user) -> None:
    """Signed in with the password and a code from their own authenticator."""
    device = _device(user)
    client.force_login(user)
    client.post("/accounts/verify/", {"token": _code(device)})


def test_a_call_administrator_resets_a_members_second_factor(client, staff):
    _device(staff.hub_esa)
    _verified(client, staff.call_admin)
    page = client.get(PAGE).content.decode()
    assert "<option>hub-esa</option>" in page and "<option>admin</option>" not in page

    response = client.post(RESET, {"username": "hub-esa"}, follow=True)
    assert "The second factor of hub-esa is reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff.hub_esa).exists()
    entry = LogEntry.objects.get(object_id=str(staff.hub_esa.pk))
    assert (entry.user, entry.change_message) == (
        staff.call_admin,
        "two-factor: reset for call hot-summit-2022",
    )
    mail = OutgoingMail.objects.get(key="two_factor_changed", recipient_user=staff.hub_esa)
    assert mail.to == "hub-esa@example.org"
    assert mail.call.slug == "hot-summit-2022"
    assert mail.context["changed_by"] == "admin"
    assert "A call administrator reset the two-factor authentication" in mail.body_text


def test_a_password_alone_does_not_let_a_call_administrator_reset(client, staff):
    _device(staff.hub_esa)
    client.force_login(staff.call_admin)  # no second factor in this session
    assert client.post(RESET, {"username": "hub-esa"}).status_code == 403
    assert "sign in with your own second factor first" in client.get(PAGE).content.decode()
    assert TOTPDevice.objects.filter(user=staff.hub_esa).exists()


@pytest.mark.parametrize("who", ["working_group", "hub_esa", "outsider", "nobody"])
def test_other_roles_cannot_reset(client, staff, who):
    _device(staff.hub_ap)
    _verified(client, getattr(staff, who))
    assert client.post(RESET, {"username": "hub-ap"}).status_code == 403
    assert TOTPDevice.objects.filter(user=staff.hub_ap).exists()
    assert not OutgoingMail.objects.filter(key="two_factor_changed").exists()


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("outsider", "outsider has no second factor to reset on this call."),
        ("admin", "Change your own second factor on your two-factor page."),
        ("root", "root has no second factor to reset on this call."),
    ],
)
def test_only_other_members_who_are_not_site_administrators(
    client, staff, call_2022, username, message
):
    _device(staff.outsider)
    _device(staff.site_admin)
    membership_add(user=staff.site_admin, call=call_2022, role="working_group")
    _verified(client, staff.call_admin)
    response = client.post(RESET, {"username": username}, follow=True)
    assert message in response.content.decode()
    assert TOTPDevice.objects.count() == 3
    assert not LogEntry.objects.exists()
