"""The call administrator's assignments page: load per reviewer, automatic
assignment, and the call's two-factor requirement."""

import pytest

from opencall.accounts.models import CallStaffSettings
from opencall.accounts.services import membership_add
from opencall.reviews.models import Assignment
from tests.accounts.people import make_user
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PAGE = "/staff/calls/hot-summit-2022/assignments/"


@pytest.mark.parametrize("extra", [0, 2])
def test_load_table_takes_the_same_queries_whatever_the_number_of_reviewers(
    client, staff, call_2022, extra, django_assert_num_queries
):
    for n in range(extra):
        membership_add(user=make_user(f"wg{n}"), call=call_2022, role="working_group")
    client.force_login(staff.call_admin)
    # session, user, two-factor calls, memberships, call, load, hub names, staff settings,
    # lockouts
    with django_assert_num_queries(9):
        response = client.get(PAGE)
    assert response.content.decode().count(">Working group member</td>") == 1 + extra


def test_automatic_assignment_from_the_page_balances_and_reports(client, staff, call_2022):
    for country in ("KE", "PH", "FR", "KE"):
        ApplicationFactory(call=call_2022, country=country)
    ApplicationFactory(call=call_2022, status="withdrawn")
    client.force_login(staff.call_admin)
    response = client.post(PAGE, {"target": "2"}, follow=True)
    assert "7 assignments made." in response.content.decode()
    per_reviewer = {
        name: Assignment.objects.filter(reviewer__username=name).count()
        for name in ("wg", "hub-esa", "hub-ap")
    }
    # Regional hub managers take their region's; the working group member the rest, and
    # the French event gets one reviewer only: no hub manager of another region is picked.
    assert per_reviewer == {"wg": 4, "hub-esa": 2, "hub-ap": 1}
    assert Assignment.objects.filter(application__status="withdrawn").count() == 0
    body = response.content.decode()
    assert 'data-label="Assigned">4</td>' in body


def test_call_admin_turns_the_two_factor_requirement_on_and_off(client, staff, call_2022):
    client.force_login(staff.call_admin)
    client.post("/staff/calls/hot-summit-2022/two-factor/", {"require_two_factor": "on"})
    assert CallStaffSettings.objects.get(call=call_2022).require_two_factor is True
    # From now on the admin's own session needs the second factor too.
    assert client.get(PAGE).status_code == 302


def _lock_out(username: str) -> None:
    from django.test import Client

    guesser = Client()
    for _attempt in range(5):
        guesser.post("/accounts/login/", {"username": username, "password": "guess"})


def test_a_call_administrator_unlocks_a_member_who_mistyped_their_password(
    client, staff, call_2022
):
    from django.contrib.admin.models import LogEntry
    from django.test import Client

    from tests.accounts.people import PASSWORD

    _lock_out("hub-esa")
    member = Client()
    assert (
        member.post("/accounts/login/", {"username": "hub-esa", "password": PASSWORD}).status_code
        == 429
    )
    client.force_login(staff.call_admin)
    page = client.get(PAGE).content.decode()
    assert "Locked out of signing in" in page and "hub-esa, until" in page

    response = client.post(
        "/staff/calls/hot-summit-2022/unlock/", {"username": "hub-esa"}, follow=True
    )
    assert "hub-esa can sign in again." in response.content.decode()
    assert "Locked out of signing in" not in client.get(PAGE).content.decode()
    signed_in = member.post("/accounts/login/", {"username": "hub-esa", "password": PASSWORD})
    assert signed_in.status_code == 302
    entry = LogEntry.objects.get(object_id=str(staff.hub_esa.pk))
    assert (entry.user, entry.change_message) == (
        staff.call_admin,
        "sign-in unlocked for call hot-summit-2022",
    )


def test_only_members_of_the_call_can_be_unlocked_from_it(client, staff, call_2022):
    _lock_out("outsider")
    client.force_login(staff.call_admin)
    response = client.post(
        "/staff/calls/hot-summit-2022/unlock/", {"username": "outsider"}, follow=True
    )
    assert "outsider does not work on this call." in response.content.decode()
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="outsider").exists()


@pytest.mark.parametrize("who", ["working_group", "hub_esa", "outsider"])
def test_other_roles_cannot_unlock(client, staff, call_2022, who):
    _lock_out("hub-ap")
    client.force_login(getattr(staff, who))
    response = client.post("/staff/calls/hot-summit-2022/unlock/", {"username": "hub-ap"})
    assert response.status_code == 403
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="hub-ap").exists()
