"""Every staff page and action, for every role: what each may do, and that nothing
leaks to the others (a hub manager of another region, a member of another call, a
signed-in person without a role, a conflicted reviewer, the public, an applicant).
"""

import pytest
from django.test import Client

from opencall.applications.links import link_token
from opencall.applications.models import ApplicationEvent
from opencall.conversations.models import Message
from opencall.reviews.models import Assignment, Note, Review, Share
from opencall.reviews.services import conflict_declare
from tests.accounts.people import make_user
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
APP = f"/staff/calls/{SLUG}/applications/{{number}}/"
SCORES = {
    "score_community_value": "4",
    "score_themes_fit": "4",
    "score_priority_reach": "3",
    "score_accessibility": "5",
    "score_feasibility": "4",
}

# (name, method, path, data) — in this order: the last ones change who may act.
ENDPOINTS = [
    ("home", "get", "/staff/", None),
    ("queue", "get", f"/staff/calls/{SLUG}/", None),
    ("assignments", "get", f"/staff/calls/{SLUG}/assignments/", None),
    ("page", "get", APP, None),
    ("screening", "get", APP + "screening/", None),
    ("review", "post", APP + "review/", {**SCORES, "action": "submit", "comment": "ok"}),
    ("message", "post", APP + "message/", {"body": "Hello from the team"}),
    ("info", "post", APP + "info-request/", {"criterion": "PROGRAMME"}),
    ("note", "post", APP + "note/", {"body": "internal"}),
    ("share", "post", APP + "share/", {"user": "{hub_ap}"}),
    ("assign", "post", APP + "assign/", {"user": "{hub_esa}", "action": "add"}),
    ("auto_assign", "post", f"/staff/calls/{SLUG}/assignments/", {"target": "1"}),
    ("unlock", "post", f"/staff/calls/{SLUG}/unlock/", {"username": "wg"}),
    ("two_factor", "post", f"/staff/calls/{SLUG}/two-factor/", {}),
    ("blind_review", "post", f"/staff/calls/{SLUG}/blind-review/", {}),
    (
        "bulk",
        "post",
        f"/staff/calls/{SLUG}/bulk-move/",
        {"selected": "{bulk}", "target": "in_conversation"},
    ),
    ("move", "post", APP + "move/", {"target": "in_conversation", "reason": "call them"}),
    ("conflict", "post", APP + "conflict/", {"reason": "I know them"}),
]
ALL = {name for name, *_rest in ENDPOINTS}
DENIED = dict.fromkeys(ALL, 403)


def _allowed(*names: str) -> dict[str, int]:
    codes = dict(DENIED)
    for name in names:
        method = next(m for n, m, *_r in ENDPOINTS if n == name)
        codes[name] = 200 if method == "get" else 302
    return codes


REVIEWER = (
    "home",
    "queue",
    "page",
    "screening",
    "review",
    "message",
    "info",
    "note",
    "bulk",
    "move",
    "conflict",
)
EXPECTED = {
    "working_group": _allowed(*REVIEWER, "share"),
    "hub_esa": _allowed(*REVIEWER),
    "hub_ap": _allowed("home", "queue", "bulk"),
    "call_admin": _allowed(*ALL),
    "site_admin": _allowed(*ALL),
    "outsider": _allowed("home"),
    "nobody": _allowed("home"),
    # Sees the application and may still step back; scores, review, messages, moves: no.
    "conflicted": _allowed("home", "queue", "page", "screening", "bulk"),
}
# What a role that may not see the application must never find on a page.
SECRET = "State of the Map Kenya"


def _fill(value, context):
    if isinstance(value, dict):
        return {k: _fill(v, context) for k, v in value.items()}
    return value.format(**context)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_gets_exactly_its_pages_and_actions(role, staff, call_2022, kenyan):
    bulk = ApplicationFactory(call=call_2022, event_name="Bulk candidate")
    user = getattr(staff, role, None)
    if role == "conflicted":
        user = make_user("conflicted-wg")
        from opencall.accounts.services import membership_add

        membership_add(user=user, call=call_2022, role="working_group")
        conflict_declare(application=kenyan, user=user, reason="board member")
    client = Client()
    client.force_login(user)
    context = {
        "number": kenyan.number,
        "pk": kenyan.pk,
        "hub_ap": staff.hub_ap.pk,
        "hub_esa": staff.hub_esa.pk,
        "bulk": bulk.number,
    }
    got = {}
    for name, method, path, data in ENDPOINTS:
        response = getattr(client, method)(_fill(path, context), _fill(data or {}, context))
        got[name] = response.status_code
        without_access = role in ("hub_ap", "outsider", "nobody")
        if response.status_code == 403 or (name in ("queue", "home") and without_access):
            assert SECRET not in response.content.decode(), (role, name)
    assert got == EXPECTED[role]
    bulk.refresh_from_db()
    # The conflicted member's conflict is with the other application only.
    moves_in_bulk = role not in ("hub_ap", "outsider", "nobody")
    assert bulk.status == ("in_conversation" if moves_in_bulk else "screened")


@pytest.mark.parametrize("role", ["hub_ap", "outsider", "nobody"])
def test_roles_without_access_change_nothing(role, staff, call_2022, kenyan):
    client = Client()
    client.force_login(getattr(staff, role))
    for _name, method, path, data in ENDPOINTS:
        if method == "post":
            getattr(client, method)(
                path.format(number=kenyan.number, pk=kenyan.pk),
                _fill(data, {"hub_ap": staff.hub_ap.pk, "hub_esa": staff.hub_esa.pk, "bulk": 1}),
            )
    kenyan.refresh_from_db()
    assert kenyan.status == "screened"
    assert not ApplicationEvent.objects.filter(application=kenyan).exists()
    for model in (Message, Note, Review, Share, Assignment):
        assert not model.objects.exists(), model


def test_the_public_is_sent_to_sign_in_for_every_staff_page_and_action(client, kenyan, staff):
    for _name, method, path, data in ENDPOINTS:
        response = getattr(client, method)(
            path.format(number=kenyan.number, pk=kenyan.pk),
            _fill(data or {}, {"hub_ap": 1, "hub_esa": 1, "bulk": 1}),
        )
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
    assert not ApplicationEvent.objects.exists()


def test_an_applicant_with_their_own_link_sees_no_other_application(client, kenyan, filipino):
    own = f"/a/{filipino.public_id}/{link_token(filipino)}/messages/"
    assert client.get(own).status_code == 200
    for path in (
        f"/a/{kenyan.public_id}/{link_token(filipino)}/messages/",
        f"/a/{kenyan.public_id}/{link_token(filipino)}/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"body": "let me in"}).status_code in (404, 405)
    assert client.get(APP.format(number=kenyan.number)).status_code == 302
    assert not Message.objects.exists()


def test_unknown_application_number_is_refused_like_a_forbidden_one(client, staff, kenyan):
    client.force_login(staff.hub_ap)
    assert client.get(APP.format(number=kenyan.number)).status_code == 403
    client.force_login(staff.working_group)
    assert client.get(APP.format(number=999)).status_code == 404


def test_staff_actions_need_csrf(staff, kenyan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.working_group)
    response = client.post(APP.format(number=kenyan.number) + "message/", {"body": "hi"})
    assert response.status_code == 403
    assert not Message.objects.exists()


# Scenario content: what each role reads of a portfolio (issue 10, hole 2) ----------

SELECTION = f"/staff/calls/{SLUG}/selection/"
SCENARIO_PAGES = (SELECTION, SELECTION + "scenarios/")
# Who reads the Kenyan event in full in a portfolio; the others may not even open the page.
SEES_KENYA = {"working_group", "hub_esa", "call_admin", "site_admin", "conflicted"}
SELECTS = SEES_KENYA | {"hub_ap"}


def _scenario(call, user, name):
    from opencall.selection import selectors, services
    from opencall.selection.models import Scenario

    params = {**selectors.default_params(call=call), "hubs": {}}
    scenario = Scenario.objects.create(call=call, name=name, params=params, created_by=user)
    assert services.scenario_run(scenario=scenario).state == "done"


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_scenario_content_shows_each_role_only_the_applications_it_may_see(role, staff, call_2022):
    from opencall.screening.services import screening_refresh
    from tests.fixtures.selection import reviewed

    kenya = reviewed(
        ApplicationFactory(call=call_2022, status="shortlisted"), staff.working_group, 80
    )
    manila = ApplicationFactory(
        call=call_2022, status="shortlisted", event_name="State of the Map Asia", country="PH"
    )
    reviewed(manila, staff.working_group, 60)
    for application in (kenya, manila):  # the selection weighs their stored screening
        screening_refresh(application=application)
    user = getattr(staff, role, None)
    if role == "conflicted":
        user = make_user("conflicted-wg")
        from opencall.accounts.services import membership_add

        membership_add(user=user, call=call_2022, role="working_group")
        conflict_declare(application=kenya, user=user, reason="board member")
    # One scenario run by the administrator, one by the reader where they may run one.
    _scenario(call_2022, staff.call_admin, "By the administrator")
    if role in SELECTS:
        _scenario(call_2022, user, "By the reader")
    client = Client()
    client.force_login(user)
    decision = f"/staff/calls/{SLUG}/applications/{kenya.number}/decision/"
    for path in (*SCENARIO_PAGES, decision):
        response = client.get(path)
        html = response.content.decode()
        if path == decision:
            assert response.status_code == (200 if role in SEES_KENYA else 403), (role, path)
        else:
            assert response.status_code == (200 if role in SELECTS else 403), (role, path)
        shown = kenya.ref in html or SECRET in html
        assert shown == (role in SEES_KENYA and response.status_code == 200), (role, path)
    if role in SELECTS:
        page = client.get(SCENARIO_PAGES[1]).content.decode()
        assert "By the administrator" in page
        # Each hub manager reads their own hub's event; the ESA one not the Asian one.
        assert (manila.ref in page) == (role != "hub_esa"), role
