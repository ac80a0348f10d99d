"""The reviewer's queue: what it lists, its filters and sorts, and its queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencall.reviews import services as reviews
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/calls/hot-summit-2022/"
SCORES = {
    "community_value": 5,
    "themes_fit": 5,
    "priority_reach": 5,
    "accessibility": 5,
    "feasibility": 5,
}


def _rows(response) -> int:
    return response.content.decode().count('name="selected"')


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(call, count: int, user) -> None:
    for n in range(count):
        application = ApplicationFactory(call=call, country="KE" if n % 2 == 0 else "PH")
        reviews.review_save(
            application=application, reviewer=user, scores=SCORES, comment="", submit=n % 2 == 0
        )
        reviews.assignment_add(application=application, reviewer=user, by=user)


@pytest.mark.parametrize("count", [1, 3, 12])
@pytest.mark.parametrize("who", ["working_group", "hub_esa", "call_admin"])
def test_queue_takes_the_same_number_of_queries_whatever_its_size(
    client, staff, call_2022, count, who, django_assert_num_queries
):
    user = getattr(staff, who)
    _fill(call_2022, count, staff.working_group)
    client.force_login(user)
    # session, user, memberships, two-factor calls, call, hubs, count, page ids, offers, rows
    with django_assert_num_queries(11):  # 11: the countries of the filter
        response = client.get(QUEUE)
    expected = {"working_group": count, "call_admin": count, "hub_esa": (count + 1) // 2}[who]
    assert _rows(response) == expected


def test_htmx_request_gets_only_the_table(client, staff, kenyan):
    client.force_login(staff.working_group)
    response = client.get(QUEUE, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'name="selected" value="1"' in body


def test_filters_by_status_hub_country_and_search(client, staff, call_2022):
    ApplicationFactory(call=call_2022, event_name="FOSS4G Kenya")
    ApplicationFactory(
        call=call_2022, event_name="SotM Asia", country="PH", status="in_conversation"
    )
    ApplicationFactory(call=call_2022, event_name="Open Data Day", country="FR")
    client.force_login(staff.working_group)

    def names(query: str) -> list[str]:
        body = client.get(f"{QUEUE}?{query}").content.decode()
        return [n for n in ("FOSS4G Kenya", "SotM Asia", "Open Data Day") if n in body]

    assert names("status=in_conversation") == ["SotM Asia"]
    assert names("hub=esa") == ["FOSS4G Kenya"]
    assert names("hub=-") == ["Open Data Day"]
    assert names("country=fr") == ["Open Data Day"]
    assert names("q=foss4g") == ["FOSS4G Kenya"]
    assert names("q=HOT-SUMMIT-2022-0002") == ["SotM Asia"]
    assert names("q=%230002") == ["SotM Asia"]  # the short reference staff pages show
    # The country filter offers the countries of the queue, by name in the reader's language.
    client.cookies["django_language"] = "fr"
    page = client.get(QUEUE).content.decode()
    assert '<option value="PH">Philippines</option>' in page
    assert '<option value="KE">Kenya</option>' in page
    assert '<option value="DE">' not in page and "ISO" not in page


def test_a_row_shows_the_short_reference_and_the_hub_by_its_region(client, staff, call_2022):
    application = ApplicationFactory(call=call_2022, event_name="FOSS4G Kenya")
    client.force_login(staff.working_group)
    body = client.get(QUEUE).content.decode()
    assert f'title="{application.ref}">#{application.number:04d}</a>' in body
    assert (
        '<span title="Open Mapping Hub - Eastern and Southern Africa">'
        "Eastern and Southern Africa</span>"
    ) in body
    # Every cell says which column it is, for the cards a phone shows.
    assert 'data-label="Hub"' in body and 'data-label="Starts"' in body


def test_my_review_filter_shows_what_is_left_to_do(client, staff, call_2022):
    todo = ApplicationFactory(call=call_2022, event_name="To do")
    done = ApplicationFactory(call=call_2022, event_name="Done")
    ApplicationFactory(call=call_2022, event_name="Not mine")
    for application in (todo, done):
        reviews.assignment_add(application=application, reviewer=staff.hub_esa, by=staff.call_admin)
    reviews.review_save(
        application=done, reviewer=staff.hub_esa, scores=SCORES, comment="", submit=True
    )
    client.force_login(staff.hub_esa)
    body = client.get(f"{QUEUE}?mine=assigned").content.decode()
    assert ("To do" in body, "Done" in body, "Not mine" in body) == (True, False, False)


def test_sort_by_score_puts_the_best_first_and_unscored_last(client, staff, call_2022):
    low = ApplicationFactory(call=call_2022, event_name="Low one")
    high = ApplicationFactory(call=call_2022, event_name="High one")
    ApplicationFactory(call=call_2022, event_name="Unscored one")
    for application, value in ((low, 1), (high, 5)):
        reviews.review_save(
            application=application,
            reviewer=staff.working_group,
            scores=dict.fromkeys(SCORES, value),
            comment="",
            submit=True,
        )
    client.force_login(staff.call_admin)
    body = client.get(f"{QUEUE}?sort=-score").content.decode()
    assert body.index("High one") < body.index("Low one") < body.index("Unscored one")


def test_score_column_shows_only_after_ones_own_review(client, staff, kenyan):
    reviews.review_save(
        application=kenyan, reviewer=staff.working_group, scores=SCORES, comment="", submit=True
    )
    client.force_login(staff.hub_esa)
    assert "1 review" in client.get(QUEUE).content.decode()
    assert ">100<" not in client.get(QUEUE).content.decode().replace(" ", "")
    reviews.review_save(
        application=kenyan,
        reviewer=staff.hub_esa,
        scores=dict.fromkeys(SCORES, 1),
        comment="",
        submit=True,
    )
    body = client.get(QUEUE).content.decode()
    assert '50 <span class="help">(2, <span class="flag">disagreement</span>)' in body


def test_pages_hold_fifty_rows_and_link_to_the_next(client, staff, call_2022):
    for _n in range(51):
        ApplicationFactory(call=call_2022)
    client.force_login(staff.working_group)
    first = client.get(QUEUE + "?status=screened")
    assert _rows(first) == 50
    assert 'href="?status=screened&amp;page=2"' in first.content.decode()
    assert _rows(client.get(QUEUE + "?status=screened&page=2")) == 1


def test_bulk_move_reports_moved_and_refused(client, staff, call_2022):
    ready = ApplicationFactory(call=call_2022, event_name="Ready")
    stuck = ApplicationFactory(call=call_2022, event_name="Stuck", status="closed")
    client.force_login(staff.working_group)
    response = client.post(
        QUEUE + "bulk-move/",
        {"selected": [ready.number, stuck.number], "target": "in_conversation", "reason": "go"},
        follow=True,
    )
    body = response.content.decode()
    assert "1 application moved." in body
    assert "#0002: An application cannot move from “Closed”" in body
    ready.refresh_from_db()
    stuck.refresh_from_db()
    assert (ready.status, stuck.status) == ("in_conversation", "closed")


def test_staff_home_lists_only_the_users_calls(client, staff, call_2022, open_call):
    client.force_login(staff.hub_esa)
    body = client.get("/staff/").content.decode()
    assert f"/staff/calls/{call_2022.slug}/" in body
    assert f"/staff/calls/{open_call.slug}/" not in body


def test_bulk_move_without_a_target_moves_nothing_and_says_so(client, staff, kenyan):
    client.force_login(staff.working_group)
    response = client.post(
        QUEUE + "bulk-move/", {"selected": [kenyan.number], "target": ""}, follow=True
    )
    assert "Select applications and the status to move them to." in response.content.decode()
    kenyan.refresh_from_db()
    assert kenyan.status == "screened"
