"""The screening and selection pages and actions, for every role: each may do exactly
what the rulebook says, and nothing of an application leaks to those who may not see it."""

import pytest
from django.test import Client

from opencall.accounts.services import membership_add
from opencall.reviews.services import conflict_declare
from tests.accounts.people import make_user
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
APP = f"/staff/calls/{SLUG}/applications/{{number}}/"
DECISION = APP + "decision/"
ENDPOINTS = [
    ("screening_list", "get", f"/staff/calls/{SLUG}/screening/", None),
    (
        "override",
        "post",
        APP + "screening/override/",
        {"criterion": "GEO", "result": "fail", "reason": "checked"},
    ),
    ("selection", "get", f"/staff/calls/{SLUG}/selection/", None),
    ("decision", "get", DECISION, None),
    (
        "cost",
        "post",
        DECISION,
        {"action": "cost", "offer": "scholarships", "pool": "scholarships_usd", "amount": "10"},
    ),
    (
        "propose",
        "post",
        DECISION,
        {"action": "propose", "outcome": "accepted", "offers": "scholarships", "reason": "good"},
    ),
    ("sign_wg", "post", DECISION, {"action": "sign_off_working_group"}),
    ("sign_hub", "post", DECISION, {"action": "sign_off_hub"}),
    ("release", "post", f"/staff/calls/{SLUG}/selection/release/", {}),
]
ALL = [name for name, *_rest in ENDPOINTS]


def _allowed(*names: str) -> dict[str, int]:
    methods = {name: method for name, method, *_rest in ENDPOINTS}
    return {
        name: (200 if methods[name] == "get" else 302) if name in names else 403 for name in ALL
    }


SEES = ("screening_list", "selection")
REVIEWS = (*SEES, "override", "decision", "cost", "propose")
EXPECTED = {
    "working_group": _allowed(*REVIEWS, "sign_wg"),
    "hub_esa": _allowed(*REVIEWS, "sign_hub"),
    "hub_ap": _allowed(*SEES),  # a hub manager of another region
    "call_admin": _allowed(*REVIEWS, "release"),
    "site_admin": _allowed(*ALL),
    "outsider": _allowed(),  # works on another call
    "nobody": _allowed(),
    "conflicted": _allowed(*SEES, "decision"),
}
SECRET = "State of the Map Kenya"


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_gets_exactly_its_screening_and_selection_pages(role, people, call_2022):
    kenya = ApplicationFactory(call=call_2022, status="shortlisted")
    user = getattr(people, role, None)
    if role == "conflicted":
        user = make_user("conflicted-wg")
        membership_add(user=user, call=call_2022, role="working_group")
        conflict_declare(application=kenya, user=user, reason="I organise it")
    client = Client()
    client.force_login(user)
    got = {}
    for name, method, path, data in ENDPOINTS:
        response = getattr(client, method)(path.format(number=kenya.number), data or {})
        got[name] = response.status_code
        if role in ("hub_ap", "outsider", "nobody") and response.status_code in (200, 403):
            assert SECRET not in response.content.decode(), (role, name)
    assert got == EXPECTED[role]


def test_the_public_is_sent_to_sign_in_everywhere(call_2022):
    kenya = ApplicationFactory(call=call_2022, status="shortlisted")
    client = Client()
    for name, method, path, data in ENDPOINTS:
        response = getattr(client, method)(path.format(number=kenya.number), data or {})
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name


def test_an_override_without_a_csrf_token_is_refused(people, call_2022):
    kenya = ApplicationFactory(call=call_2022, status="shortlisted")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.working_group)
    response = client.post(
        APP.format(number=kenya.number) + "screening/override/",
        {"criterion": "GEO", "result": "fail", "reason": "x"},
    )
    assert response.status_code == 403
    assert not kenya.screening_overrides.exists()


def test_the_selection_page_makes_the_same_number_of_queries_for_1_and_3_candidates(
    people, call_2022, django_assert_max_num_queries
):
    from tests.fixtures.selection import reviewed

    client = Client()
    client.force_login(people.working_group)
    url = f"/staff/calls/{SLUG}/selection/"
    reviewed(ApplicationFactory(call=call_2022, status="shortlisted"), people.working_group, 70)
    with django_assert_max_num_queries(60) as one:
        assert client.get(url).status_code == 200
    for name in ("Second", "Third"):
        application = ApplicationFactory(call=call_2022, status="shortlisted", event_name=name)
        reviewed(application, people.working_group, 60)
    with django_assert_max_num_queries(60) as three:
        assert client.get(url).status_code == 200
    assert len(three.captured_queries) == len(one.captured_queries)
