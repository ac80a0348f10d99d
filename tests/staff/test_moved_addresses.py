"""The staff pages of an application were once at /staff/applications/<pk>/...; they live
under the call and number now. The old addresses send on with a permanent redirect, but
only to whoever passes the new page's own checks: to anyone else they say nothing more
than the new page would."""

import pytest
from django.test import Client

from opencall.accounts.services import membership_add
from opencall.reviews.services import conflict_declare
from opencall.screening.models import Override
from opencall.screening.services import screening_refresh
from tests.accounts.people import make_user

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
MOVED = [
    ("/staff/applications/{pk}/screening/", "screening/"),
    ("/staff/applications/{pk}/screening/override/", "screening/override/"),
    ("/staff/applications/{pk}/decision/", "decision/"),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_old_address_redirects_permanently_to_the_application_under_its_call(
    staff, kenyan, old, new
):
    response = _client(staff.working_group).get(old.format(pk=kenyan.pk) + "?page=2")

    assert response.status_code == 308
    target = f"/staff/calls/{SLUG}/applications/{kenyan.number}/{new}"
    assert response["Location"] == target + "?page=2"


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_old_address_says_nothing_to_who_may_not_see_the_application(
    client, staff, kenyan, old, new
):
    path = old.format(pk=kenyan.pk)
    # Another call's member: refused as on the new page, with no address to follow.
    response = _client(staff.outsider).get(path)
    assert response.status_code == 403
    assert "Location" not in response
    # Not signed in: off to sign in, back to the old address, not on to the new one.
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SLUG not in response["Location"]


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_unknown_application_at_an_old_address_is_not_found(staff, old, new):
    assert _client(staff.working_group).get(old.format(pk=999_999)).status_code == 404


def test_the_old_override_address_checks_the_override_permission_first(staff, kenyan):
    member = make_user("conflicted")
    membership_add(user=member, call=kenyan.call, role="working_group")
    conflict_declare(application=kenyan, user=member, reason="board member")
    client = _client(member)

    # The application may be seen, but not overridden: only the override moves away.
    assert client.get(f"/staff/applications/{kenyan.pk}/screening/").status_code == 308
    old = f"/staff/applications/{kenyan.pk}/screening/override/"
    assert client.post(old, {"criterion": "GEO"}).status_code == 403


def test_an_override_posted_to_the_old_address_is_posted_again_to_the_new_one(staff, kenyan):
    screening_refresh(application=kenyan)
    old = f"/staff/applications/{kenyan.pk}/screening/override/"
    data = {"criterion": "GEO", "result": "fail", "reason": "checked by hand"}

    response = _client(staff.working_group).post(old, data, follow=True)

    assert response.redirect_chain[0] == (
        f"/staff/calls/{SLUG}/applications/{kenyan.number}/screening/override/",
        308,
    )
    assert response.status_code == 200
    assert Override.objects.filter(application=kenyan, criterion="GEO").exists()
