"""Two-factor authentication: staff enrol a TOTP app; a call may require it."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts.services import call_require_two_factor
from tests.accounts.people import PASSWORD

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def _sign_in(client, user, next_url="/staff/"):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )


def test_sign_in_without_device_goes_straight_to_the_page_asked_for(client, staff):
    response = _sign_in(client, staff.working_group, "/staff/calls/hot-summit-2022/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/calls/hot-summit-2022/"


def test_wrong_password_is_refused_on_the_page(client, staff):
    response = client.post("/accounts/login/", {"username": "wg", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_sign_in_never_redirects_to_another_site(client, staff):
    response = _sign_in(client, staff.working_group, "https://evil.example/")
    assert response["Location"] == "/staff/"


def test_call_requiring_two_factor_sends_staff_without_device_to_enrol(client, staff, call_2022):
    call_require_two_factor(call=call_2022, required=True)
    _sign_in(client, staff.working_group)
    response = client.get("/staff/calls/hot-summit-2022/")
    assert response.status_code == 302
    assert (
        response["Location"] == "/accounts/two-factor/?next=%2Fstaff%2Fcalls%2Fhot-summit-2022%2F"
    )


def test_enrolling_a_device_then_opens_the_call(client, staff, call_2022):
    call_require_two_factor(call=call_2022, required=True)
    _sign_in(client, staff.working_group)
    client.post("/accounts/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=staff.working_group, confirmed=False)
    page = client.get("/accounts/two-factor/")
    assert "otpauth://totp/" in page.content.decode()
    response = client.post(
        "/accounts/two-factor/", {"token": _code(device), "next": "/staff/calls/hot-summit-2022/"}
    )
    page = response.content.decode()
    assert "Your recovery codes" in page  # shown on this answer only
    assert 'href="/staff/calls/hot-summit-2022/"' in page
    assert client.get("/staff/calls/hot-summit-2022/").status_code == 200


def test_staff_with_a_device_must_give_a_code_at_each_sign_in(client, staff, call_2022, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    call_require_two_factor(call=call_2022, required=True)
    device = TOTPDevice.objects.create(user=staff.working_group, name="phone", confirmed=True)
    response = _sign_in(client, staff.working_group, "/staff/calls/hot-summit-2022/")
    assert response["Location"] == "/accounts/verify/?next=%2Fstaff%2Fcalls%2Fhot-summit-2022%2F"
    assert client.get("/staff/calls/hot-summit-2022/").status_code == 302
    wrong = client.post("/accounts/verify/", {"token": "000000"})
    assert "This code is not right" in wrong.content.decode()
    client.post("/accounts/verify/", {"token": _code(device)})
    assert client.get("/staff/calls/hot-summit-2022/").status_code == 200


def test_without_the_code_the_rulebook_grants_nothing_on_that_call(staff, call_2022, kenyan):
    call_require_two_factor(call=call_2022, required=True)
    assert not staff.working_group.has_perm("calls.view_applications", call_2022)
    assert not staff.working_group.has_perm("applications.view", kenyan)


def test_calls_without_the_requirement_open_without_a_code(client, staff, call_2022):
    TOTPDevice.objects.create(user=staff.working_group, name="phone", confirmed=True)
    client.force_login(staff.working_group)
    assert client.get("/staff/calls/hot-summit-2022/").status_code == 200


def test_sign_out_needs_a_post_and_ends_the_session(client, staff):
    client.force_login(staff.working_group)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")
