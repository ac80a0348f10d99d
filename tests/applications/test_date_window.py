"""The form holds event dates to 2000-2100 with a message on the field, keeping what
was typed (dates at the calendar's limits once broke the screening and the feeds)."""

import pytest

from opencall.applications.models import Application
from tests.applications.walk import start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "day"), [("start_date", "0001-01-01"), ("end_date", "9999-12-31")]
)
def test_a_date_outside_the_window_is_refused_on_its_field(client, open_call, field, day):
    base, draft = start(client, open_call)
    data = {"start_date": "2026-12-01", "end_date": "2026-12-02", "city": "Nairobi"}
    data[field] = day

    response = client.post(f"{base}when-where/", {**data, "country": "KE"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: ["Enter a date between 2000-01-01 and 2100-12-31."]}
    assert f'value="{day}"' in response.content.decode()
    assert Application.objects.get(pk=draft.pk).document[field] is None
