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


GUESS = "guess"  # a wrong password, on purpose


def _spray(client: Client, username: str, password: str = GUESS, address: str = "203.0.113.9"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_spraying_many_usernames_from_one_address_locks_that_address(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
    make_user("wg")
    client = Client()
    answers = [_spray(client, f"user{number}").status_code for number in range(40)]
    assert answers[:19] == [200] * 19  # each username failed once only
    assert set(answers[19:]) == {429}
    # Even the right password of a real account waits, from that address.
    assert _spray(client, "wg", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_locked_by_a_spray(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
    make_user("wg")
    for number in range(40):
        _spray(Client(), f"user{number}")
    elsewhere = _spray(Client(), "wg", PASSWORD, address="198.51.100.7")
    assert elsewhere.status_code == 302


def test_one_person_mistyping_locks_only_their_own_name_at_that_address(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
    make_user("wg")
    make_user("colleague")
    client = Client()
    for _attempt in range(5):
        _spray(client, "wg")
    assert _spray(client, "wg", PASSWORD).status_code == 429
    assert _spray(client, "colleague", PASSWORD).status_code == 302


def test_behind_a_proxy_each_client_has_its_own_count(settings):
    """Behind one proxy every request comes from the proxy's address: the clients are told
    apart by X-Forwarded-For, or one spray would lock every member out."""
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
    settings.NINJA_NUM_PROXIES = 1
    make_user("wg")
    proxy = "10.0.0.2"
    for number in range(40):
        Client().post(
            "/accounts/login/",
            {"username": f"user{number}", "password": GUESS},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    member = Client().post(
        "/accounts/login/",
        {"username": "wg", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert member.status_code == 302
    sprayer = Client().post(
        "/accounts/login/",
        {"username": "wg", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert sprayer.status_code == 429
