"""Staff take applications out of opencall: a spreadsheet, and the interchange JSON
that the `screen` command reads back."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model

from opencall.screening.cli import run
from tests.factories import ApplicationFactory
from tests.fixtures.data import CALL_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(admin)
    return client


def _download(client, action: str, *applications):
    return client.post(
        "/admin/applications/application/",
        {"action": action, "_selected_action": [a.pk for a in applications]},
    )


def test_the_spreadsheet_has_a_row_per_application_and_no_formulas(admin_client, call_2022):
    kenya = ApplicationFactory(call=call_2022)
    tricky = ApplicationFactory(call=call_2022, event_name='=HYPERLINK("http://x")')
    response = _download(admin_client, "download_csv", kenya, tricky)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["ref"] for row in rows] == [kenya.ref, tricky.ref]
    assert rows[0]["country"] == "KE"
    assert rows[0]["contact_email"] == "wanjiru@example.org"
    assert rows[0]["offers"] == "scholarships"
    assert rows[1]["event_name"] == '\'=HYPERLINK("http://x")'


def test_the_json_download_is_what_the_screen_command_reads(admin_client, call_2022, tmp_path):
    kenya = ApplicationFactory(call=call_2022)
    response = _download(admin_client, "download_json", kenya)
    documents = json.loads(response.content)
    assert documents[0]["ref"] == kenya.ref
    path = tmp_path / "applications.json"
    path.write_bytes(response.content)
    out, err = io.StringIO(), io.StringIO()
    assert run(str(CALL_FILE), str(path), stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())[0]["ref"] == kenya.ref
