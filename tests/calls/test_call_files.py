"""Calls and reference data are data: loaded from files with their sources, edited in the admin."""

import datetime as dt

import pytest
import tomli_w
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from opencall.calls.definition import CallDefinitionError, load_definition
from opencall.calls.models import Call
from opencall.calls.services import call_export
from opencall.reference.models import Country, Hub
from tests.fixtures.data import CALL_FILE, REFERENCE

pytestmark = pytest.mark.django_db


def test_the_2022_call_loads_with_its_dates_offers_and_texts(call_2022):
    assert call_2022.closes_at == dt.datetime(2022, 6, 1, 11, 59, 59, tzinfo=dt.UTC)
    assert call_2022.decision_date == dt.date(2022, 6, 30)
    assert (call_2022.event_window_start, call_2022.event_window_end) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
    )
    assert [offer.code for offer in call_2022.offers.all()] == [
        "content_codesign",
        "networking_cohost",
        "editorial",
        "scholarships",
        "comms_promotion",
        "logistics",
        "sponsorship_funding",
        "volunteer_recruitment",
    ]
    assert call_2022.title_fr.startswith("HOT Summit 2022")
    assert not call_2022.is_practice


def test_reference_data_keeps_every_rows_source(reference_version):
    assert reference_version.countries.count() == 120
    assert reference_version.countries.filter(priority=True).count() == 94
    peru = Country.objects.get(version=reference_version, iso2="PE")
    assert (peru.hub_region, peru.priority, peru.confidence) == (
        "Latin America and Caribbean",
        True,
        "stated",
    )
    assert "Priority_countries" in peru.source
    wna = Hub.objects.get(version=reference_version, code="wna")
    assert wna.active_from == dt.date(2022, 3, 1)
    assert "allafrica.com" in wna.source


def test_the_practice_copy_opens_today_for_thirty_days_and_says_so(open_call):
    today = dt.datetime.now(dt.UTC).date()
    assert open_call.slug == "hot-summit-2022-practice"
    assert open_call.is_practice
    assert open_call.opens_at.date() == today
    assert open_call.closes_at.date() == today + dt.timedelta(days=29)
    assert open_call.is_open()
    assert open_call.title_en.startswith("Practice copy: ")
    assert open_call.title_fr.startswith("Copie d'entraînement : ")
    assert open_call.title_es.startswith("Copia de práctica: HOT Summit 2022: ")


def test_loading_again_keeps_what_staff_edited(call_2022):
    call_2022.title_en = "Edited by staff"
    call_2022.save()
    call_command("load_call", str(CALL_FILE))
    assert Call.objects.get(slug="hot-summit-2022").title_en == "Edited by staff"


def test_export_then_load_gives_the_same_call(call_2022, tmp_path):
    exported = call_export(call=call_2022)
    exported["slug"] = "copy"
    exported["reference"] = str(REFERENCE)
    path = tmp_path / "copy.toml"
    path.write_text(tomli_w.dumps(exported))
    definition = load_definition(path)
    assert definition.closes_at == call_2022.closes_at
    assert [offer.code for offer in definition.offers] == list(
        call_2022.offers.values_list("code", flat=True)
    )
    assert definition.title["fr"] == call_2022.title_fr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "'Mars/Olympus' is not a time zone name"),
        ({"closes_at": dt.datetime(2022, 5, 1, tzinfo=dt.UTC)}, "'closes_at' must come after"),
        ({"event_window": {"start": dt.date(2022, 1, 1)}}, "event_window: 'end' is missing"),
        (
            {"closes_at": dt.datetime(2022, 6, 1)},
            "'closes_at' must be a date and time with its UTC",
        ),
    ],
)
def test_a_broken_call_file_gets_a_message_naming_the_key(tmp_path, change, message):
    import tomllib

    data = tomllib.loads(CALL_FILE.read_text())
    data["reference"] = str(REFERENCE)
    data.update(change)
    path = tmp_path / "broken.toml"
    path.write_text(tomli_w.dumps(data))
    with pytest.raises(CallDefinitionError, match=message):
        load_definition(path)


def test_the_load_command_reports_a_broken_file_without_a_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("slug = [unclosed")
    with pytest.raises(CommandError, match="not valid TOML"):
        call_command("load_call", str(path))


def test_staff_edit_the_call_and_the_reference_data_in_the_admin(client, call_2022):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x" * 12)
    client.force_login(admin)
    assert client.get(f"/admin/calls/call/{call_2022.pk}/change/").status_code == 200
    kenya = Country.objects.get(version=call_2022.reference_version, iso2="KE")
    page = client.get(f"/admin/reference/country/{kenya.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/reference/country/{kenya.pk}/change/",
        {
            "version": kenya.version_id,
            "iso2": "KE",
            "name": "Kenya",
            "hub_region": "Eastern and Southern Africa",
            "priority": "",
            "source": "corrected",
            "confidence": "staff",
        },
    )
    assert response.status_code == 302
    kenya.refresh_from_db()
    assert (kenya.priority, kenya.confidence) == (False, "staff")
    assert client.get("/admin/applications/application/").status_code == 200
