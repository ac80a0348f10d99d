"""The blind review is a setting of the call file (`[review] blind = true`), stored in
the call's staff settings, written back by `export_call`; the 2022 call has none."""

import tomllib

import pytest
import tomli_w
from django.core.management import call_command
from django.core.management.base import CommandError

from opencall.accounts.models import CallStaffSettings
from opencall.calls.models import Call
from tests.fixtures.data import CALL_FILE, REFERENCE

pytestmark = pytest.mark.django_db


def _definition(**changes) -> dict:
    data = tomllib.loads(CALL_FILE.read_text())
    data["reference"] = str(REFERENCE)
    return {**data, **changes}


def _write(tmp_path, data: dict, name: str = "call.toml") -> str:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(data))
    return str(path)


def _blind(slug: str) -> bool:
    return CallStaffSettings.objects.filter(call__slug=slug, blind_review=True).exists()


def test_the_2022_call_is_not_blind_and_its_export_says_nothing_of_it(call_2022, tmp_path):
    assert not _blind("hot-summit-2022")
    out = tmp_path / "out.toml"
    call_command("export_call", "hot-summit-2022", output=str(out))
    assert "review" not in tomllib.loads(out.read_text())


def test_the_setting_round_trips_through_the_rows(reference_version, tmp_path):
    call_command("load_call", _write(tmp_path, _definition(review={"blind": True})))
    assert _blind("hot-summit-2022")
    first = tmp_path / "first.toml"
    call_command("export_call", "hot-summit-2022", output=str(first))
    data = tomllib.loads(first.read_text())
    assert data["review"] == {"blind": True}
    data.update(slug="copy", reference=str(REFERENCE))
    call_command("load_call", _write(tmp_path, data, "copy.toml"))
    assert _blind("copy")


def test_an_update_without_the_section_makes_the_review_open_again(reference_version, tmp_path):
    call_command("load_call", _write(tmp_path, _definition(review={"blind": True})))
    call_command("load_call", _write(tmp_path, _definition(), "open.toml"), "--update")
    assert not _blind("hot-summit-2022")


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ({"blind": "yes"}, "review.blind: must be true or false ('yes')"),
        ({"blind": True, "until": "all"}, "review: unknown key(s) until"),
    ],
)
def test_a_malformed_section_is_named_and_nothing_is_stored(
    reference_version, tmp_path, section, named
):
    with pytest.raises(CommandError) as refused:
        call_command("load_call", _write(tmp_path, _definition(review=section)))
    assert named in str(refused.value)
    assert not Call.objects.exists()


def test_the_admin_lists_and_edits_the_setting(client, call_2022, staff):
    client.force_login(staff.site_admin)
    response = client.post(
        "/admin/accounts/callstaffsettings/add/",
        {"call": call_2022.pk, "blind_review": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _blind("hot-summit-2022")
    listing = client.get("/admin/accounts/callstaffsettings/").content.decode()
    assert "blind review" in listing.lower()


def test_a_call_administrator_turns_it_on_and_off_on_the_settings_page(client, call_2022, staff):
    from django.contrib.admin.models import LogEntry

    client.force_login(staff.call_admin)
    page = client.get("/staff/calls/hot-summit-2022/assignments/").content.decode()
    assert "Hide the applicants' names and contacts from reviewers" in page
    response = client.post("/staff/calls/hot-summit-2022/blind-review/", {"blind_review": "on"})
    assert response.status_code == 302 and _blind("hot-summit-2022")
    page = client.get("/staff/calls/hot-summit-2022/assignments/").content.decode()
    assert 'name="blind_review" checked' in page
    client.post("/staff/calls/hot-summit-2022/blind-review/", {})
    assert not _blind("hot-summit-2022")
    assert list(LogEntry.objects.values_list("change_message", flat=True)) == [
        "blind review off",
        "blind review on",
    ]


def test_a_reviewer_may_not_change_it(client, call_2022, staff):
    client.force_login(staff.working_group)
    response = client.post("/staff/calls/hot-summit-2022/blind-review/", {"blind_review": "on"})
    assert response.status_code == 403 and not _blind("hot-summit-2022")
