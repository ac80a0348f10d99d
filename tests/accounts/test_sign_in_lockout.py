"""Guessing staff passwords: after five failures the username is locked out from that
address, with a clear page, and the right password does not get through until it ends."""

import pytest
from django.test import Client

from tests.accounts.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, password: str):
    return client.post("/accounts/login/", {"username": "wg", "password": password})


def test_five_wrong_passwords_lock_the_account_out_from_that_address():
    make_user("wg")
    client = Client()
    for _attempt in range(4):
        response = _sign_in(client, "guess")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    locked = _sign_in(client, "guess")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()

    after = _sign_in(client, PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_count():
    make_user("wg")
    client = Client()
    for _attempt in range(3):
        _sign_in(client, "guess")
    assert _sign_in(client, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _attempt in range(3):
        assert _sign_in(client, "guess").status_code == 200
    assert _sign_in(client, PASSWORD).status_code == 302
