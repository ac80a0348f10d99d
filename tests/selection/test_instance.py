"""Reading instance files: defaults, and every error named by its JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from opencall.selection.instance import (
    Application,
    HubBounds,
    Instance,
    InstanceError,
    Offer,
    load_instance,
    parse_instance,
)

GOOD: dict[str, Any] = {
    "pools": {"editorial": 100, "usd": 5000},
    "max_events": 3,
    "hubs": {"esa": {"min": 1, "max": 2}},
    "applications": [
        {
            "ref": "EV-1",
            "hub": "esa",
            "locked": "in",
            "all_or_nothing": True,
            "offers": [
                {"type": "editorial", "value": 12.5, "cost": {"editorial": 40}},
                {"type": "sponsorship_funding", "value": 8, "cost": {"usd": 2000}},
            ],
        },
        {
            "ref": "EV-2",
            "offers": [
                {"type": "editorial", "value": 3, "cost": {"editorial": 10}, "requires": ["x"]}
            ],
        },
    ],
    "time_limit_s": 5,
}


def errors_of(data: Any) -> tuple[str, ...]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return caught.value.errors


def changed(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_good_instance_becomes_dataclasses() -> None:
    instance = parse_instance(GOOD)
    assert instance.pools == {"editorial": 100.0, "usd": 5000.0}
    assert instance.max_events == 3
    assert instance.hubs == {"esa": HubBounds(min=1, max=2)}
    assert instance.time_limit_s == 5.0
    assert instance.applications[0] == Application(
        ref="EV-1",
        hub="esa",
        locked="in",
        all_or_nothing=True,
        offers=(
            Offer(type="editorial", value=12.5, cost={"editorial": 40.0}),
            Offer(type="sponsorship_funding", value=8.0, cost={"usd": 2000.0}),
        ),
    )
    assert instance.applications[1].offers[0].requires == ("x",)


def test_missing_optional_keys_get_their_defaults() -> None:
    instance = parse_instance(
        {"pools": {}, "applications": [{"ref": "A", "offers": [{"type": "t", "value": 1}]}]}
    )
    assert instance == Instance(
        pools={},
        applications=(Application(ref="A", offers=(Offer(type="t", value=1.0),)),),
        max_events=None,
        hubs={},
        time_limit_s=60.0,
    )
    only = instance.applications[0]
    assert (only.hub, only.locked, only.all_or_nothing, only.offers[0].requires) == (
        None,
        None,
        False,
        (),
    )


def test_hub_bounds_default_to_no_minimum_and_no_maximum() -> None:
    assert parse_instance(changed(["hubs"], {"esa": {}})).hubs == {"esa": HubBounds(0, None)}


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        (
            ["applications", 0, "offers", 1, "cost", "usd"],
            -1,
            "applications[0].offers[1].cost.usd: must be a number >= 0",
        ),
        (
            ["applications", 0, "offers", 0, "cost", "travel"],
            5,
            "applications[0].offers[0].cost.travel: unknown pool (not in pools)",
        ),
        (
            ["applications", 1, "ref"],
            "EV-1",
            "applications[1].ref: duplicate ref 'EV-1' (also applications[0])",
        ),
        (["hubs", "esa", "min"], 3, "hubs.esa: min (3) is greater than max (2)"),
        (["pools", "usd"], -10, "pools.usd: capacity must be a number >= 0"),
        (
            ["applications", 0, "locked"],
            "maybe",
            'applications[0].locked: must be "in", "out" or null',
        ),
        (["max_events"], -1, "max_events: must be a whole number >= 0 or null"),
        (["max_events"], 2.5, "max_events: must be a whole number >= 0 or null"),
        (["time_limit_s"], 0, "time_limit_s: must be a number > 0"),
        (
            ["applications", 0, "all_or_nothing"],
            "yes",
            "applications[0].all_or_nothing: must be true or false",
        ),
        (
            ["applications", 1, "offers", 0, "value"],
            True,
            "applications[1].offers[0].value: must be a number >= 0",
        ),
        (
            ["applications", 1, "offers", 0, "value"],
            "high",
            "applications[1].offers[0].value: must be a number >= 0",
        ),
        (
            ["applications", 1, "offers", 0, "requires"],
            "x",
            "applications[1].offers[0].requires: must be a list of offer types",
        ),
        (
            ["applications", 1, "offers", 0, "type"],
            "",
            "applications[1].offers[0].type: must be a non-empty string",
        ),
        (["applications", 1, "offers", 0, "cot"], {}, "applications[1].offers[0].cot: unknown key"),
        (["applications", 1, "offers"], {}, "applications[1].offers: must be a list"),
        (["applications"], {}, "applications: must be a list"),
        (["hubs", "esa"], 3, "hubs.esa: must be an object"),
    ],
)
def test_bad_field_is_named_by_its_json_path(path: list[Any], value: Any, error: str) -> None:
    assert errors_of(changed(path, value)) == (error,)


def test_duplicate_offer_type_in_one_application_is_refused() -> None:
    offers = GOOD["applications"][0]["offers"]
    data = changed(["applications", 0, "offers"], [offers[0], offers[0]])
    assert errors_of(data) == ("applications[0].offers[1].type: duplicate offer type 'editorial'",)


def test_missing_required_keys_are_named() -> None:
    assert errors_of({}) == ("pools: is required", "applications: is required")


def test_every_error_is_reported_not_only_the_first() -> None:
    data = changed(["pools", "usd"], -1)
    data["applications"][1]["offers"][0]["value"] = -2
    assert errors_of(data) == (
        "pools.usd: capacity must be a number >= 0",
        "applications[1].offers[0].value: must be a number >= 0",
    )


def test_top_level_must_be_an_object() -> None:
    assert errors_of([1, 2]) == ("$: must be an object",)


def test_missing_file_is_an_instance_error(tmp_path: Path) -> None:
    with pytest.raises(InstanceError) as caught:
        load_instance(tmp_path / "nope.json")
    assert caught.value.errors == (f"{tmp_path / 'nope.json'}: no such file",)


def test_broken_json_is_an_instance_error_with_the_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"pools": {,}')
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    assert caught.value.errors == (
        f"{path}: not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 12 (char 11)",
    )


def test_nan_is_not_a_json_number(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text('{"pools": {"usd": NaN}, "applications": []}')
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    assert caught.value.errors == (f"{path}: not valid JSON: NaN is not a JSON number",)


def test_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(GOOD))
    assert load_instance(path) == parse_instance(GOOD)
