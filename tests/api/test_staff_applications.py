"""The staff API: a token reads what its owner's queue and application page show,
through the same rulebook; calls that require two-factor sign-in refuse tokens."""

import re

import pytest

from opencall.accounts.services import call_require_two_factor
from opencall.reviews import services as reviews
from opencall.screening.services import screening_refresh
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/calls/hot-summit-2022/applications"
SCORES = {
    "community_value": 5,
    "themes_fit": 5,
    "priority_reach": 5,
    "accessibility": 5,
    "feasibility": 5,
}


def _numbers(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def _queue_numbers(client, user) -> list[int]:
    client.force_login(user)
    page = client.get("/staff/calls/hot-summit-2022/").content.decode()
    client.logout()
    return [int(n) for n in re.findall(r'name="selected" value="(\d+)"', page)]


def test_without_a_token_the_staff_api_answers_401(client, staff):
    missing = client.get(LIST)
    unknown = client.get(LIST, headers={"Authorization": "Bearer oc_not-a-token"})

    assert missing.status_code == 401
    assert missing["WWW-Authenticate"] == "Bearer"
    assert missing.json() == {
        "detail": "This part of the API needs a personal API token, sent as "
        "'Authorization: Bearer <token>'."
    }
    assert unknown.status_code == 401
    assert unknown.json() == {"detail": "This API token is unknown or revoked."}


def test_a_session_is_not_a_token(client, staff, kenyan):
    client.force_login(staff.working_group)

    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize(
    ("who", "expected"),
    [("working_group", [1, 2]), ("call_admin", [1, 2]), ("hub_esa", [1]), ("hub_ap", [2])],
)
def test_each_role_reads_what_its_queue_shows(
    client, staff, call_2022, kenyan, filipino, bearer, who, expected
):
    ApplicationFactory(call=call_2022, status="draft")  # staff never see drafts
    user = getattr(staff, who)

    numbers = _numbers(client.get(LIST, headers=bearer(user)))

    assert numbers == expected
    assert numbers == _queue_numbers(client, user)


def test_a_hub_manager_also_reads_what_is_shared_with_them(client, staff, kenyan, bearer):
    reviews.share_add(application=kenyan, user=staff.hub_ap, by=staff.working_group)

    assert _numbers(client.get(LIST, headers=bearer(staff.hub_ap))) == [1]


@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_someone_without_a_role_on_the_call_is_refused(client, staff, kenyan, bearer, who):
    user = getattr(staff, who)
    listing = client.get(LIST, headers=bearer(user))
    detail = client.get(f"{LIST}/1", headers=bearer(user))

    assert (listing.status_code, detail.status_code) == (403, 403)
    assert listing.json() == {"detail": "You do not work on the call 'hot-summit-2022'."}


def test_an_unknown_call_answers_404(client, staff, bearer):
    response = client.get("/api/v1/staff/calls/nope/applications", headers=bearer(staff.call_admin))

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no call 'nope'."}


def test_a_call_that_requires_two_factor_refuses_tokens(client, staff, call_2022, kenyan, bearer):
    call_require_two_factor(call=call_2022, required=True)
    auth = bearer(staff.working_group)

    listing = client.get(LIST, headers=auth)
    detail = client.get(f"{LIST}/1", headers=auth)
    calls = client.get("/api/v1/staff/calls", headers=auth).json()

    message = (
        "The call 'hot-summit-2022' requires two-factor sign-in, which an API token cannot "
        "give: read its applications on the site."
    )
    assert (listing.status_code, listing.json()) == (403, {"detail": message})
    assert (detail.status_code, detail.json()) == (403, {"detail": message})
    assert {c["slug"]: c["two_factor_required"] for c in calls} == {"hot-summit-2022": True}


def test_a_site_administrators_token_is_refused_too_on_a_two_factor_call(
    client, staff, call_2022, kenyan, bearer
):
    call_require_two_factor(call=call_2022, required=True)

    assert client.get(LIST, headers=bearer(staff.site_admin)).status_code == 403


def test_the_list_has_the_queues_columns(client, staff, kenyan, bearer):
    screening_refresh(application=kenyan)

    [item] = client.get(LIST, headers=bearer(staff.working_group)).json()["items"]

    assert item == {
        "ref": "HOT-SUMMIT-2022-0001",
        "number": 1,
        "status": "screened",
        "event_name": "State of the Map Kenya",
        "country": "KE",
        "hub": "esa",
        "hub_name": "Open Mapping Hub - Eastern and Southern Africa",
        "scope": "regional",
        "format": "conference",
        "start_date": "2022-10-10",
        "submitted_at": item["submitted_at"],
        "verdict": kenyan.screening.verdict,
        "review_count": 0,
        "score": None,
        "score_spread": None,
        "page_url": "http://testserver/staff/calls/hot-summit-2022/applications/1/",
    }
    assert item["submitted_at"].startswith(kenyan.submitted_at.date().isoformat())


def test_filters_by_status_and_hub(client, staff, call_2022, kenyan, filipino, bearer):
    ApplicationFactory(
        call=call_2022, event_name="Open Data Day", country="FR", status="in_conversation"
    )
    auth = bearer(staff.working_group)

    assert _numbers(client.get(f"{LIST}?status=in_conversation", headers=auth)) == [3]
    assert _numbers(client.get(f"{LIST}?hub=ap", headers=auth)) == [2]
    assert _numbers(client.get(f"{LIST}?hub=-", headers=auth)) == [3]
    assert client.get(f"{LIST}?status=nonsense", headers=auth).status_code == 422


def test_pages_by_limit_and_offset(client, staff, kenyan, filipino, bearer):
    response = client.get(f"{LIST}?limit=1&offset=1", headers=bearer(staff.working_group))

    assert response.json()["count"] == 2
    assert _numbers(response) == [2]


def test_scores_show_only_where_the_rulebook_allows(client, staff, kenyan, bearer):
    reviews.review_save(
        application=kenyan, reviewer=staff.working_group, scores=SCORES, comment="", submit=True
    )

    def score(user) -> tuple:
        [item] = client.get(LIST, headers=bearer(user)).json()["items"]
        detail = client.get(f"{LIST}/1", headers=bearer(user)).json()
        assert detail["score"] == item["score"]
        return item["review_count"], item["score"], item["score_spread"]

    # Before their own review, a hub manager sees that there is one, not its score.
    assert score(staff.hub_esa) == (1, None, None)
    assert score(staff.working_group) == (1, 100.0, 0.0)
    assert score(staff.call_admin) == (1, 100.0, 0.0)
    reviews.review_save(
        application=kenyan,
        reviewer=staff.hub_esa,
        scores=dict.fromkeys(SCORES, 1),
        comment="",
        submit=True,
    )
    assert score(staff.hub_esa) == (2, 50.0, 100.0)
    reviews.conflict_declare(application=kenyan, user=staff.call_admin, reason="my event")
    assert score(staff.call_admin) == (2, None, None)


def test_detail_has_the_document_and_the_screening(client, staff, kenyan, bearer):
    screening_refresh(application=kenyan)

    response = client.get(f"{LIST}/1", headers=bearer(staff.hub_esa))

    assert response.status_code == 200
    body = response.json()
    assert body["ref"] == "HOT-SUMMIT-2022-0001"
    assert body["document"]["contacts"] == [{"name": "Wanjiru", "email": "wanjiru@example.org"}]
    assert body["document"]["event_name"] == "State of the Map Kenya"
    screening = body["screening"]
    assert screening["verdict"] == kenyan.screening.verdict
    criteria = {c["id"]: c for c in screening["criteria"]}
    assert len(criteria) == 11
    assert criteria["FORMAT"] == {
        "id": "FORMAT",
        "title": "A conference-type event",
        "result": "pass",
        "computed": "pass",
        "reason": "A conference is the kind of event this call is for.",
        "code": "format.conference",
        "override_reason": "",
        "override_by": "",
    }


def test_detail_before_screening_has_no_screening(client, staff, kenyan, bearer):
    body = client.get(f"{LIST}/1", headers=bearer(staff.working_group)).json()

    assert (body["verdict"], body["screening"]) == (None, None)


def test_reasons_come_in_the_requests_language(client, staff, kenyan, bearer):
    screening_refresh(application=kenyan)

    body = client.get(f"{LIST}/1", headers=bearer(staff.working_group, **{"Accept-Language": "fr"}))

    assert body["Content-Language"] == "fr"
    criteria = {c["id"]: c for c in body.json()["screening"]["criteria"]}
    assert criteria["FORMAT"]["title"] == "Un événement de type conférence"
    assert criteria["FORMAT"]["reason"] == (
        "Une conférence est bien le type d'événement visé par cet appel."
    )


@pytest.mark.parametrize("number", [1, 3, 99])
def test_an_application_one_may_not_see_answers_as_if_it_did_not_exist(
    client, staff, call_2022, kenyan, filipino, bearer, number
):
    ApplicationFactory(call=call_2022, status="draft")  # number 3

    response = client.get(f"{LIST}/{number}", headers=bearer(staff.hub_ap))

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"There is no application {number} in this call that you may see."
    }


def _fill(call, count: int, reviewer) -> None:
    for n in range(count):
        application = ApplicationFactory(call=call, country="KE" if n % 2 == 0 else "PH")
        screening_refresh(application=application)
        reviews.review_save(
            application=application, reviewer=reviewer, scores=SCORES, comment="", submit=n % 2 == 0
        )


@pytest.mark.parametrize("count", [2, 6])
@pytest.mark.parametrize("who", ["working_group", "hub_esa", "call_admin"])
def test_the_list_takes_the_same_number_of_queries_whatever_its_size(
    client, staff, call_2022, bearer, count, who, django_assert_num_queries
):
    _fill(call_2022, count, staff.working_group)
    auth = bearer(getattr(staff, who))
    # token, its calls, its last use, call, two-factor calls, memberships, count, page
    # numbers, rows, the rulebook's facts of the rows, hub names
    with django_assert_num_queries(11):
        response = client.get(LIST, headers=auth)

    expected = count if who != "hub_esa" else count // 2
    assert len(_numbers(response)) == expected


def test_the_calls_a_token_may_read_are_its_owners(client, staff, bearer):
    mine = client.get("/api/v1/staff/calls", headers=bearer(staff.hub_esa)).json()
    outsider = client.get("/api/v1/staff/calls", headers=bearer(staff.outsider)).json()

    assert mine == [
        {
            "slug": "hot-summit-2022",
            "title": "HOT Summit 2022: collaborations with conferences",
            "is_practice": False,
            "two_factor_required": False,
            "questions": [],
            "extra_criteria": [],
        }
    ]
    assert [(c["slug"], c["is_practice"]) for c in outsider] == [("hot-summit-2022-practice", True)]
