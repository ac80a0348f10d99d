"""Personal API tokens: made and revoked by their owner on /accounts/tokens/, audited,
stored only as a hash, refused by the API once revoked."""

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts.models import ApiToken
from opencall.accounts.services import token_create

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"
API = "/api/v1/staff/calls/hot-summit-2022/applications"
SECRET = re.compile(r"oc_[A-Za-z0-9_-]{43}")


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, staff):
    client.force_login(staff.working_group)

    response = client.post(PAGE, {"name": "queue export"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secrets = set(SECRET.findall(response.content.decode()))
    assert len(secrets) == 1
    secret = secrets.pop()
    token = ApiToken.objects.get(user=staff.working_group)
    assert token.name == "queue export"
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:9]
    assert secret not in [getattr(token, f.attname) for f in ApiToken._meta.fields]
    listing = client.get(PAGE).content.decode()
    assert f"{token.prefix}…" in listing
    assert 'aria-label="Revoke the token queue export"' in listing
    assert secret not in listing
    entry = LogEntry.objects.get(object_id=str(token.pk))
    assert (entry.user, entry.action_flag) == (staff.working_group, ADDITION)


def test_a_token_needs_a_name(client, staff):
    client.force_login(staff.working_group)

    response = client.post(PAGE, {"name": " "})

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert SECRET.search(response.content.decode()) is None


def test_the_token_page_needs_sign_in(client, staff):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/tokens/"


def test_creating_and_revoking_need_the_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.working_group)
    token = token_create(user=staff.working_group, name="kept").token

    assert client.post(PAGE, {"name": "sneaky"}).status_code == 403
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    assert list(ApiToken.objects.values_list("name", "revoked_at")) == [("kept", None)]


def test_revoking_is_audited_and_the_api_refuses_the_token_at_once(client, staff, kenyan):
    new = token_create(user=staff.working_group, name="laptop")
    auth = {"Authorization": f"Bearer {new.secret}"}
    assert client.get(API, headers=auth).status_code == 200
    client.force_login(staff.working_group)

    response = client.post(f"{PAGE}{new.token.pk}/revoke/", follow=True)

    assert f"The token {new.token.prefix}… is revoked." in response.content.decode()
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    entry = LogEntry.objects.get(object_id=str(new.token.pk), action_flag=CHANGE)
    assert (entry.user, entry.change_message) == (
        staff.working_group,
        f"API token {new.token.prefix}… revoked",
    )
    client.logout()
    refused = client.get(API, headers=auth)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This API token is unknown or revoked."}


def test_nobody_revokes_another_persons_token(client, staff):
    token = token_create(user=staff.working_group, name="mine").token
    client.force_login(staff.hub_esa)

    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_with_an_authenticator_the_code_comes_before_a_token(client, staff):
    TOTPDevice.objects.create(user=staff.working_group, name="authenticator", confirmed=True)
    client.force_login(staff.working_group)  # the password only: no code yet

    response = client.post(PAGE, {"name": "queue export"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/verify/?next=%2Faccounts%2Ftokens%2F"
    assert not ApiToken.objects.exists()


def test_the_admin_lists_tokens_without_secrets_and_revokes_them(client, staff):
    new = token_create(user=staff.working_group, name="laptop")
    client.force_login(staff.site_admin)

    listing = client.get("/admin/accounts/apitoken/").content.decode()
    response = client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [new.token.pk]},
        follow=True,
    )

    assert new.token.prefix in listing
    assert new.token.secret_hash not in listing
    assert "1 token revoked." in response.content.decode()
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    assert LogEntry.objects.filter(object_id=str(new.token.pk), action_flag=CHANGE).exists()
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_a_token_is_marked_used_at_most_once_a_minute(client, staff, kenyan):
    new = token_create(user=staff.working_group, name="laptop")
    auth = {"Authorization": f"Bearer {new.secret}"}

    client.get(API, headers=auth)
    new.token.refresh_from_db()
    first = new.token.last_used_at
    client.get(API, headers=auth)
    new.token.refresh_from_db()

    assert first is not None
    assert new.token.last_used_at == first
    ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(API, headers=auth)
    new.token.refresh_from_db()
    assert new.token.last_used_at > first


def test_a_deactivated_persons_token_is_refused(client, staff, kenyan):
    new = token_create(user=staff.working_group, name="laptop")
    staff.working_group.is_active = False
    staff.working_group.save()

    response = client.get(API, headers={"Authorization": f"Bearer {new.secret}"})

    assert response.status_code == 401
