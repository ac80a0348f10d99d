"""A call definition is loaded into its rows once, by `load_call`; `--update` makes the
rows those of the file unless final decisions or scored reviews forbid it, and then
changes nothing; `export_call` reads the rows back out."""

import tomllib
from decimal import Decimal

import pytest
import tomli_w
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from opencall.calls.models import Call
from opencall.reviews.models import RubricCriterion
from opencall.reviews.services import review_save
from opencall.selection.models import (
    HubBound,
    OfferCost,
    OfferRequirement,
    ResourcePool,
    SelectionSettings,
)
from tests.fixtures.data import CALL_FILE, REFERENCE
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
SCORES = {
    "community_value": 4,
    "themes_fit": 4,
    "priority_reach": 4,
    "accessibility": 4,
    "feasibility": 4,
}


def _definition() -> dict:
    data = tomllib.loads(CALL_FILE.read_text())
    data["reference"] = str(REFERENCE)
    return data


def _write(tmp_path, data: dict, name: str = "call.toml"):
    path = tmp_path / name
    path.write_text(tomli_w.dumps(data))
    return str(path)


def _pool(code: str, call_slug: str = SLUG) -> ResourcePool:
    return ResourcePool.objects.get(call__slug=call_slug, code=code)


def _criteria(call) -> list[tuple[str, Decimal]]:
    return list(RubricCriterion.objects.filter(call=call).values_list("code", "weight"))


def test_loading_installs_the_rubric_and_the_selection_rows(call_2022):
    assert [code for code, _weight in _criteria(call_2022)] == list(SCORES)
    assert _pool("scholarships_usd").capacity == 15000
    assert SelectionSettings.objects.get(call=call_2022).max_events == 12
    assert HubBound.objects.filter(call=call_2022).count() == len(_definition()["hub_bounds"])
    # The rows are the configuration: the call's own row keeps none of it.
    assert not {"rubric", "pools", "selection"} & set(call_2022.extra)


def test_update_changes_the_rubric_and_the_pool_capacities(call_2022, tmp_path, capsys):
    data = _definition()
    data["rubric"] = [item for item in data["rubric"] if item["id"] != "accessibility"]
    data["rubric"][0]["weight"] = 4
    data["rubric"].append(
        {"id": "openness", "label": {"en": "Open data", "fr": "Données ouvertes"}, "weight": 1}
    )
    for pool in data["pools"]:
        if pool["code"] == "scholarships_usd":
            pool["capacity"] = 18000
    data["pools"] = [pool for pool in data["pools"] if pool["code"] != "logistics_hours"]
    data["offer_costs"] = [c for c in data["offer_costs"] if "logistics_hours" not in str(c)]
    data["selection"]["max_events"] = 10

    call_command("load_call", _write(tmp_path, data), "--update")

    assert _criteria(call_2022) == [
        ("community_value", Decimal(4)),
        ("themes_fit", Decimal(2)),
        ("priority_reach", Decimal(2)),
        ("feasibility", Decimal(2)),
        ("openness", Decimal(1)),
    ]
    assert _pool("scholarships_usd").capacity == 18000
    assert not ResourcePool.objects.filter(call=call_2022, code="logistics_hours").exists()
    assert not OfferCost.objects.filter(call=call_2022, pool__code="logistics_hours").exists()
    assert SelectionSettings.objects.get(call=call_2022).max_events == 10
    said = capsys.readouterr().out
    assert "Call hot-summit-2022: updated." in said
    assert "pools: 'scholarships_usd' capacity 15000 -> 18000" in said
    assert "rubric: criterion 'accessibility' removed" in said
    assert "selection: max_events 12 -> 10" in said


def test_loading_again_without_update_keeps_the_rows_as_staff_edited_them(call_2022):
    ResourcePool.objects.filter(call=call_2022, code="editorial_hours").update(capacity=95)
    call_command("load_call", str(CALL_FILE))
    assert _pool("editorial_hours").capacity == 95


def test_an_update_final_decisions_forbid_names_why_and_changes_nothing(
    shortlist, people, tmp_path
):
    kenya = shortlist["kenya"]
    review_save(
        application=kenya, reviewer=people.working_group, scores=SCORES, comment="", submit=True
    )
    decide(kenya, people, "accepted", offers=["scholarships"])  # commits 4000 USD
    call = kenya.call
    data = _definition()
    data["texts"]["en"]["title"] = "A new title that must not be stored"
    data["rubric"] = [item for item in data["rubric"] if item["id"] != "themes_fit"]
    for pool in data["pools"]:
        if pool["code"] == "scholarships_usd":
            pool["capacity"] = 3000
        if pool["code"] == "editorial_hours":
            pool["capacity"] = 10  # allowed alone: nothing is committed from it
    data["selection"]["max_events"] = 0
    before = (call.title_en, _criteria(call), list(ResourcePool.objects.values_list()))

    with pytest.raises(CommandError) as refused:
        call_command("load_call", _write(tmp_path, data), "--update")

    message = str(refused.value)
    assert "update refused, nothing was changed" in message
    assert "pools: the capacity of 'scholarships_usd' cannot go down to 3000" in message
    assert "final decisions committed 4000" in message
    assert "rubric: criterion 'themes_fit' cannot be removed: reviews already scored it" in message
    assert "selection: max_events cannot go down to 0: 1 events are accepted" in message
    call.refresh_from_db()
    assert (call.title_en, _criteria(call), list(ResourcePool.objects.values_list())) == before


def test_a_scored_criterion_keeps_its_scale_and_weight(shortlist, people, tmp_path):
    review_save(
        application=shortlist["kenya"],
        reviewer=people.working_group,
        scores=SCORES,
        comment="",
        submit=True,
    )
    data = _definition()
    data["rubric"][1]["weight"] = 5
    with pytest.raises(CommandError, match="scale or weight of criterion 'themes_fit'"):
        call_command("load_call", _write(tmp_path, data), "--update")
    data["rubric"][1]["weight"] = 2
    data["rubric"][1]["label"]["en"] = "Fits the themes"  # wording may change
    call_command("load_call", _write(tmp_path, data), "--update")
    themes_fit = RubricCriterion.objects.get(call__slug=SLUG, code="themes_fit")
    assert themes_fit.label["en"] == "Fits the themes"


def test_a_malformed_section_is_named_and_nothing_is_stored(reference_version, tmp_path):
    data = _definition()
    data["offer_costs"][0] = {"offer": "scholarships", "from_amount": "no_such_pool"}
    with pytest.raises(CommandError, match="offer_costs\\[0\\]: unknown pool 'no_such_pool'"):
        call_command("load_call", _write(tmp_path, data))
    assert not Call.objects.exists()


def test_the_update_is_in_the_admin_history_when_a_person_is_named(call_2022, people, tmp_path):
    data = _definition()
    data["pools"][0]["capacity"] = 21000
    call_command("load_call", _write(tmp_path, data), "--update", "--by", "root")
    entry = LogEntry.objects.get(object_id=str(call_2022.pk))
    assert entry.user == people.site_admin
    assert "pools: 'sponsorship_usd' capacity 20000 -> 21000" in entry.change_message
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("load_call", _write(tmp_path, data), "--update", "--by", "ghost")


def test_export_then_load_round_trips_through_the_rows(call_2022, tmp_path):
    ResourcePool.objects.filter(call=call_2022, code="editorial_hours").update(capacity=95)
    RubricCriterion.objects.filter(call=call_2022, code="feasibility").update(weight=3)
    first = tmp_path / "first.toml"
    call_command("export_call", SLUG, output=str(first))
    data = tomllib.loads(first.read_text())
    data["slug"] = "copy"
    data["reference"] = str(REFERENCE)
    call_command("load_call", _write(tmp_path, data, "copy.toml"))

    second = tmp_path / "second.toml"
    call_command("export_call", "copy", output=str(second))
    again = tomllib.loads(second.read_text())
    again["slug"], again["reference"] = data["slug"], data["reference"]
    assert again == data
    assert _pool("editorial_hours", "copy").capacity == 95
    assert {item["id"]: item["weight"] for item in again["rubric"]}["feasibility"] == 3


def test_a_call_loaded_before_gets_its_rows_from_the_data_migrations(call_2022):
    """An install upgraded from when the sections lived in Call.extra and rows came on
    first read: the migrations fill the rows, then drop the sections from extra."""
    from importlib import import_module

    from django.apps import apps

    data = _definition()
    sections = {key: data[key] for key in ("rubric", "pools", "offer_costs", "hub_bounds")}
    sections |= {"offer_requires": data["offer_requires"], "selection": data["selection"]}
    for model in (RubricCriterion, OfferCost, OfferRequirement, HubBound, ResourcePool):
        model.objects.filter(call=call_2022).delete()
    SelectionSettings.objects.filter(call=call_2022).delete()
    Call.objects.filter(pk=call_2022.pk).update(extra={**sections, "mail": {"x": 1}})

    for name in (
        "opencall.reviews.migrations.0002_rubric_rows_from_call_extra",
        "opencall.selection.migrations.0003_selection_rows_from_call_extra",
    ):
        import_module(name).fill(apps, None)

    call_2022.refresh_from_db()
    assert call_2022.extra == {"mail": {"x": 1}}
    assert [code for code, _weight in _criteria(call_2022)] == list(SCORES)
    assert _pool("scholarships_usd").capacity == 15000
    assert _pool("scholarships_usd").label == "Scholarships (USD)"
    assert SelectionSettings.objects.get(call=call_2022).max_events == 12
    assert OfferCost.objects.filter(call=call_2022).count() > 0
