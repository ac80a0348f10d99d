"""The check refuses dates outside 2000-2100 with a 422 naming the field: such dates once
made the engine overflow (a 500 anyone could cause)."""

import pytest

from tests.screening.documents import ELIGIBLE

pytestmark = pytest.mark.django_db

URL = "/api/v1/calls/hot-summit-2022/check"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("submitted_at", "0001-01-01T00:00:00Z"),
        ("submitted_at", "9999-12-31T23:59:59-14:00"),
        ("start_date", "9999-12-31"),
    ],
)
def test_a_date_outside_the_window_is_422_naming_the_field(client, call_2022, field, value):
    document = {**ELIGIBLE, "end_date": None, field: value}

    response = client.post(URL, document, content_type="application/json")

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("date_out_of_range", ["body", "document", field])
    assert error["msg"] == f"{field} must be between 2000-01-01 and 2100-12-31"


def test_the_schema_states_the_window(client):
    schema = client.get("/api/v1/openapi.json").json()

    fields = schema["components"]["schemas"]["ApplicationDocument"]["properties"]
    for name in ("start_date", "end_date", "submitted_at"):
        assert fields[name]["description"] == "Between 2000-01-01 and 2100-12-31."
