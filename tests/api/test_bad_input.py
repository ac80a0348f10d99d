"""Bad input on the API is a 422 naming the parameter, never a 500: numbers beyond the
database's integers, NUL bytes (PostgreSQL refuses them in text), unknown codes."""

import pytest

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/calls/hot-summit-2022/applications"
HUGE = "9223372036854775808"  # 2**63: beyond every database's integers


def _problem(response) -> list:
    assert response.status_code == 422, response.content
    return [error["loc"] for error in response.json()["detail"]]


@pytest.mark.parametrize(
    ("query", "where"),
    [
        (f"offset={HUGE}", ["query", "offset"]),
        ("offset=-1", ["query", "offset"]),
        (f"limit={HUGE}", ["query", "limit"]),
        ("limit=0", ["query", "limit"]),
        ("hub=%00", ["query", "hub"]),
        ("hub=" + "e" * 21, ["query", "hub"]),
        ("status=%00", ["query", "status"]),
    ],
)
def test_a_bad_query_on_the_staff_list_is_422(client, staff, kenyan, bearer, query, where):
    response = client.get(f"{LIST}?{query}", headers=bearer(staff.working_group))

    assert _problem(response) == [where]


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/api/v1/staff/calls/hot%00summit/applications", ["path", "slug"]),
        (f"{LIST}/{HUGE}", ["path", "number"]),
        ("/api/v1/staff/calls/hot-summit-2022/applications/0", ["path", "number"]),
    ],
)
def test_a_bad_path_on_the_staff_api_is_422(client, staff, kenyan, bearer, path, where):
    response = client.get(path, headers=bearer(staff.working_group))

    assert _problem(response) == [where]


@pytest.mark.parametrize("path", ["/api/v1/calls/hot%00summit", "/api/v1/calls/%C3%A9t%C3%A9"])
def test_a_bad_slug_on_the_public_api_is_422(client, call_2022, path):
    assert _problem(client.get(path)) == [["path", "slug"]]


def test_a_bad_slug_on_the_check_is_422(client, call_2022):
    response = client.post("/api/v1/calls/x%00/check", {}, content_type="application/json")

    assert _problem(response) == [["path", "slug"]]


def test_the_largest_page_still_answers(client, staff, kenyan, bearer):
    response = client.get(f"{LIST}?offset=1000000&limit=500", headers=bearer(staff.working_group))

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}
