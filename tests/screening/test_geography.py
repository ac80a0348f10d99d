"""Geography, preferences and redirects against the shipped 2022 reference data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from opencall.calls.definition import CallDefinition
from opencall.screening.engine import Criterion, Outcome, Preference, Verdict, screen
from tests.screening.documents import call_2022, eligible


def lac_hub_from(day: dt.date) -> CallDefinition:
    """The 2022 call with the Latin America and Caribbean hub active from `day`."""
    call = call_2022()
    hubs = tuple(
        replace(hub, active_from=day) if hub.code == "lac" else hub for hub in call.reference.hubs
    )
    return replace(call, reference=replace(call.reference, hubs=hubs))


def preference(result_preferences: tuple[Preference, ...]) -> tuple[str, bool, str]:
    (only,) = result_preferences
    return only.id, only.met, only.code


def test_national_event_in_a_priority_country_is_eligible():
    result = screen(call_2022(), eligible(scope="national", country="PE", city="Lima"))
    assert result.verdict is Verdict.ELIGIBLE
    assert result.criteria[Criterion.GEO].reason == (
        "A national event in Peru, one of HOT's priority countries."
    )
    assert result.hub_code == "lac"
    assert result.preferences == ()


def test_national_event_outside_priority_country_is_ineligible():
    result = screen(call_2022(), eligible(scope="national", country="FR", city="Paris"))
    assert result.verdict is Verdict.INELIGIBLE
    assert result.failed == (Criterion.GEO,)
    assert result.criteria[Criterion.GEO].reason == (
        "National events are accepted only in HOT's priority countries, and France is not one "
        "of them."
    )
    assert result.hub_code is None


def test_regional_event_in_a_priority_country_is_eligible_and_meets_the_preference():
    result = screen(call_2022(), eligible(scope="regional", country="PH", city="Manila"))
    assert result.verdict is Verdict.ELIGIBLE
    assert result.criteria[Criterion.GEO].code == "geo.regional_priority"
    assert result.hub_code == "ap"
    assert preference(result.preferences) == (
        "regional_in_priority_country",
        True,
        "preference.regional_in_priority_country.met",
    )


def test_regional_event_in_thailand_serving_priority_countries_is_eligible():
    # Thailand is in the Asia Pacific hub's region but is not a priority country.
    document = eligible(
        scope="regional", country="TH", city="Bangkok", serves_countries=["KH", "LA"]
    )
    result = screen(call_2022(), document)
    assert result.verdict is Verdict.ELIGIBLE
    geo = result.criteria[Criterion.GEO]
    assert geo.code == "geo.regional_serves_priority"
    assert geo.params == {
        "country": "Thailand",
        "country_code": "TH",
        "hub": "Open Mapping Hub - Asia Pacific",
        "hub_code": "ap",
        "served": "Cambodia, Lao People's Democratic Republic",
        "served_codes": "KH,LA",
    }
    assert preference(result.preferences) == (
        "regional_in_priority_country",
        False,
        "preference.regional_in_priority_country.not_met",
    )


def test_regional_event_outside_every_hub_region_is_ineligible():
    document = eligible(scope="regional", country="IT", city="Rome", serves_countries=["KE"])
    result = screen(call_2022(), document)
    assert result.verdict is Verdict.INELIGIBLE
    assert result.failed == (Criterion.GEO,)
    assert result.criteria[Criterion.GEO].code == "geo.regional_outside_hubs"


def test_regional_event_serving_no_priority_country_is_ineligible():
    document = eligible(scope="regional", country="ZA", city="Cape Town", serves_countries=["BW"])
    result = screen(call_2022(), document)
    assert result.criteria[Criterion.GEO].code == "geo.regional_serves_no_priority"
    assert result.verdict is Verdict.INELIGIBLE


def test_international_event_with_a_virtual_component_meets_the_preference():
    document = eligible(scope="international", country="FR", city="Paris", virtual_component=True)
    result = screen(call_2022(), document)
    assert result.verdict is Verdict.ELIGIBLE
    assert result.criteria[Criterion.GEO].code == "geo.international"
    assert preference(result.preferences) == (
        "international_accessible",
        True,
        "preference.international_accessible.virtual",
    )


def test_international_event_without_virtual_component_is_eligible_but_not_preferred():
    document = eligible(scope="international", country="FR", city="Paris", virtual_component=False)
    result = screen(call_2022(), document)
    assert result.verdict is Verdict.ELIGIBLE
    assert preference(result.preferences) == (
        "international_accessible",
        False,
        "preference.international_accessible.not_met",
    )


def test_international_event_publishing_openly_meets_the_preference():
    document = eligible(scope="international", virtual_component=None, open_publication=True)
    result = screen(call_2022(), document)
    assert preference(result.preferences)[1:] == (
        True,
        "preference.international_accessible.open_publication",
    )


def test_hub_active_only_after_the_closing_day_does_not_count():
    call = lac_hub_from(dt.date(2023, 1, 1))
    result = screen(call, eligible(scope="regional", country="PE"))
    assert result.criteria[Criterion.GEO].result is Outcome.FAIL
    assert result.criteria[Criterion.GEO].code == "geo.regional_outside_hubs"
    assert result.hub_code == "lac"  # reviewers still find it under its region's hub


def test_hub_active_on_the_closing_day_counts():
    call = lac_hub_from(call_2022().closing_day)
    result = screen(call, eligible(scope="regional", country="PE"))
    assert result.criteria[Criterion.GEO].code == "geo.regional_priority"


def test_national_rule_does_not_depend_on_hub_activity():
    call = lac_hub_from(dt.date(2023, 1, 1))
    result = screen(call, eligible(scope="national", country="PE"))
    assert result.criteria[Criterion.GEO].code == "geo.national_priority"


def test_mapathon_in_kenya_is_sent_to_the_eastern_and_southern_africa_hub():
    result = screen(call_2022(), eligible(format="mapathon", country="KE", city="Nairobi"))
    assert result.verdict is Verdict.INELIGIBLE
    assert result.redirect is not None
    assert (result.redirect.kind, result.redirect.email) == ("hub", "esahub@hotosm.org")
    assert result.redirect.name == "Open Mapping Hub - Eastern and Southern Africa"
    assert result.criteria[Criterion.FORMAT].reason == (
        "Mapathons are not part of this call: supporting them is the daily work of the Open "
        "Mapping Hubs and of HOT's community team. Please contact Open Mapping Hub - Eastern "
        "and Southern Africa (esahub@hotosm.org): they are glad to hear about your event."
    )


def test_mapathon_in_france_is_sent_to_the_community_team():
    result = screen(call_2022(), eligible(format="mapathon", country="FR", city="Paris"))
    assert result.redirect is not None
    assert (result.redirect.kind, result.redirect.name, result.redirect.email) == (
        "community_team",
        "HOT Community Team",
        "info@hotosm.org",
    )
    assert "HOT Community Team (info@hotosm.org)" in result.criteria[Criterion.FORMAT].reason


def test_training_with_no_country_is_sent_to_the_community_team():
    result = screen(call_2022(), eligible(format="training", country=None))
    assert result.redirect is not None
    assert result.redirect.kind == "community_team"


def test_mapathon_where_the_hub_is_not_active_yet_is_sent_to_the_community_team():
    call = lac_hub_from(dt.date(2023, 1, 1))
    result = screen(call, eligible(format="mapathon", country="PE"))
    assert result.redirect is not None
    assert result.redirect.kind == "community_team"


def test_conference_gets_no_redirect():
    assert screen(call_2022(), eligible()).redirect is None
