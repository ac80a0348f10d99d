"""Personal API tokens: made and revoked by their owner on /accounts/tokens/ (for some
of their calls, read only or read and write, until a last day), audited, stored only as
a hash, refused by the API once revoked."""

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts.models import ApiToken
from opencall.accounts.services import TokenNotMade, token_create

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"
API = "/api/v1/staff/calls/hot-summit-2022/applications"
SECRET = re.compile(r"oc_[A-Za-z0-9_-]{43}")


def _form(call, **changes):
    last_day = timezone.localdate() + dt.timedelta(days=30)
    return {
        "name": "queue export",
        "calls": [call.pk],
        "access": "read",
        "expires_on": last_day.isoformat(),
        **changes,
    }


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, staff, call_2022):
    client.force_login(staff.working_group)

    response = client.post(PAGE, _form(call_2022))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    created = response.content.decode()
    assert call_2022.title in created
    assert "Read only" in created  # the scope, said once more beside the secret
    secrets = set(SECRET.findall(response.content.decode()))
    assert len(secrets) == 1
    secret = secrets.pop()
    token = ApiToken.objects.get(user=staff.working_group)
    assert token.name == "queue export"
    assert (list(token.calls.all()), token.access) == ([call_2022], "read")
    assert token.expires_on == timezone.localdate() + dt.timedelta(days=30)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:9]
    assert secret not in [getattr(token, f.attname) for f in ApiToken._meta.fields]
    listing = client.get(PAGE).content.decode()
    assert f"{token.prefix}…" in listing
    assert 'aria-label="Revoke the token queue export"' in listing
    assert secret not in listing
    assert call_2022.title in listing
    assert "Read only" in listing
    assert f"{token.expires_on.day} {token.expires_on:%B} {token.expires_on.year}" in listing
    entry = LogEntry.objects.get(object_id=str(token.pk))
    assert (entry.user, entry.action_flag) == (staff.working_group, ADDITION)
    assert entry.change_message == (
        f"API token {token.prefix}… created: read on hot-summit-2022, "
        f"until {token.expires_on.isoformat()}"
    )


def test_the_form_offers_the_persons_calls_read_only_and_90_days(client, staff, call_2022):
    client.force_login(staff.working_group)

    page = client.get(PAGE).content.decode()

    default = timezone.localdate() + dt.timedelta(days=90)
    latest = timezone.localdate() + dt.timedelta(days=365)
    assert f'value="{call_2022.pk}"' in page
    assert "practice" not in page.lower()  # the practice copy is not one of their calls
    assert re.search(r'<input type="radio" name="access" value="read"[^>]* checked', page)
    assert f'value="{default.isoformat()}"' in page
    assert f'max="{latest.isoformat()}"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "This field is required."),
        ({"calls": []}, "calls", "Choose at least one call for the token."),
        ({"access": "admin"}, "access", "Select a valid choice."),
        ({"expires_on": "soon"}, "expires_on", "Enter a date, such as 2027-03-31."),
        ("yesterday", "expires_on", "The last day of the token must be after today."),
        ("in two years", "expires_on", "A token lasts at most a year: choose"),
    ],
)
def test_a_token_the_form_refuses_says_why_and_keeps_what_was_typed(
    client, staff, call_2022, changes, field, message
):
    today = timezone.localdate()
    if changes == "yesterday":
        changes = {"expires_on": (today - dt.timedelta(days=1)).isoformat()}
    elif changes == "in two years":
        changes = {"expires_on": (today + dt.timedelta(days=730)).isoformat()}
    client.force_login(staff.working_group)

    response = client.post(PAGE, _form(call_2022, name=changes.pop("name", "kept name"), **changes))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "There is a problem" in page
    if field != "name":
        assert 'value="kept name"' in page
    assert not ApiToken.objects.exists()
    assert SECRET.search(page) is None


def test_a_token_reaches_only_calls_its_owner_works_on(client, staff, call_2022, open_call):
    client.force_login(staff.working_group)

    response = client.post(PAGE, _form(call_2022, calls=[call_2022.pk, open_call.pk]))

    assert "calls" in response.context["form"].errors
    assert not ApiToken.objects.exists()
    with pytest.raises(TokenNotMade, match="You do not work on the call"):
        token_create(user=staff.working_group, name="x", calls=[open_call])


def test_someone_without_a_call_is_told_so_instead_of_a_form(client, staff):
    client.force_login(staff.nobody)

    page = client.get(PAGE).content.decode()

    assert "You work on no call yet" in page
    assert 'name="expires_on"' not in page


def test_the_token_page_needs_sign_in(client, staff):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/tokens/"


def test_creating_and_revoking_need_the_csrf_token(staff, call_2022):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.working_group)
    token = token_create(user=staff.working_group, name="kept", calls=[call_2022]).token

    assert client.post(PAGE, _form(call_2022, name="sneaky")).status_code == 403
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    assert list(ApiToken.objects.values_list("name", "revoked_at")) == [("kept", None)]


def test_revoking_is_audited_and_the_api_refuses_the_token_at_once(client, staff, kenyan):
    new = token_create(user=staff.working_group, name="laptop", calls=[kenyan.call])
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


def test_nobody_revokes_another_persons_token(client, staff, call_2022):
    token = token_create(user=staff.working_group, name="mine", calls=[call_2022]).token
    client.force_login(staff.hub_esa)

    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_with_an_authenticator_the_code_comes_before_a_token(client, staff, call_2022):
    TOTPDevice.objects.create(user=staff.working_group, name="authenticator", confirmed=True)
    client.force_login(staff.working_group)  # the password only: no code yet

    response = client.post(PAGE, _form(call_2022))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/verify/?next=%2Faccounts%2Ftokens%2F"
    assert not ApiToken.objects.exists()


def test_the_admin_lists_tokens_without_secrets_and_revokes_them(client, staff, call_2022):
    new = token_create(user=staff.working_group, name="laptop", calls=[call_2022])
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
    new = token_create(user=staff.working_group, name="laptop", calls=[kenyan.call])
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
    new = token_create(user=staff.working_group, name="laptop", calls=[kenyan.call])
    staff.working_group.is_active = False
    staff.working_group.save()

    response = client.get(API, headers={"Authorization": f"Bearer {new.secret}"})

    assert response.status_code == 401


@pytest.mark.django_db(transaction=True)
def test_tokens_made_before_scopes_become_read_only_for_their_owners_calls(staff, call_2022):
    """The migration's safe default: what a token could do before, no more (reading,
    its owner's calls then), for 90 days."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0004_spanish_and_portuguese_languages")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "ApiToken")
    for user, mark in ((staff.working_group, "a"), (staff.site_admin, "b"), (staff.nobody, "c")):
        old.objects.create(user_id=user.pk, name="old", prefix=f"oc_{mark}", secret_hash=mark * 64)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    tokens = {token.user: token for token in ApiToken.objects.prefetch_related("calls")}
    expires_on = timezone.localdate() + dt.timedelta(days=90)
    assert {token.access for token in tokens.values()} == {"read"}
    assert {token.expires_on for token in tokens.values()} == {expires_on}
    assert list(tokens[staff.working_group].calls.all()) == [call_2022]
    assert set(tokens[staff.site_admin].calls.all()) == set(type(call_2022).objects.all())
    assert list(tokens[staff.nobody].calls.all()) == []
