"""The selection weighs the preferences the screening engine stored, nothing else
(issue 11, item 3): one event per scope, each built so that judging the document
again with the old rule (priority country or online part, whatever the scope) would
give another value."""

import pytest

from opencall.screening.models import ScreeningResult
from opencall.screening.services import screening_refresh
from opencall.selection import selectors, services
from opencall.selection.models import Scenario
from opencall.selection.texts import Text
from tests.factories import ApplicationFactory
from tests.fixtures.selection import reviewed

pytestmark = pytest.mark.django_db

SCORE = 80
PRIORITY, ACCESSIBLE = 0.25, 0.10  # calls/hot-summit-2022.toml [selection]
TWO_OFFERS = [{"type": "editorial"}, {"type": "comms_promotion"}]
ONE_OFFER = [{"type": "editorial"}]

# Every event is in Kenya (a priority country) or South Africa (not one, but in the
# Eastern and Southern Africa hub's region), and most have an online part.
EVENTS = {
    "national": dict(scope="national", country="KE", virtual_component=True, offers=ONE_OFFER),
    "regional": dict(scope="regional", country="KE", virtual_component=True, offers=TWO_OFFERS),
    "regional_elsewhere": dict(
        scope="regional",
        country="ZA",
        city="Cape Town",
        serves_countries=["KE"],
        virtual_component=True,
        open_publication=True,
        offers=ONE_OFFER,
    ),
    "international": dict(
        scope="international", country="KE", virtual_component=True, offers=TWO_OFFERS
    ),
    "international_closed": dict(
        scope="international", country="KE", virtual_component=False, offers=ONE_OFFER
    ),
}
# What the engine decides for each: {preference: met}, and the value that follows.
EXPECTED = {
    "national": ({}, SCORE),
    "regional": ({"regional_in_priority_country": True}, SCORE * (1 + PRIORITY)),
    "regional_elsewhere": ({"regional_in_priority_country": False}, SCORE),
    "international": ({"international_accessible": True}, SCORE * (1 + ACCESSIBLE)),
    "international_closed": ({"international_accessible": False}, SCORE),
}


@pytest.fixture
def events(shortlist, call_2022, people):
    made = {}
    for key, fields in EVENTS.items():
        application = ApplicationFactory(
            call=call_2022, status="shortlisted", event_name=f"Event {key}", **fields
        )
        screening_refresh(application=application)
        reviewed(application, people.working_group, SCORE)
        made[key] = application
    return made


def _candidates(call, events):
    by_ref = {c.application.ref: c for c in selectors.candidates(call=call)}
    return {key: by_ref[application.ref] for key, application in events.items()}


def _stored(application):
    return ScreeningResult.objects.get(application=application).result["preferences"]


def test_each_scope_gets_exactly_the_preferences_the_engine_stored(events, call_2022):
    for key, candidate in _candidates(call_2022, events).items():
        stored = _stored(events[key])
        assert {p["id"]: p["met"] for p in stored} == EXPECTED[key][0], key
        assert [(p.id, p.met, p.code, p.params) for p in candidate.preferences] == [
            (p["id"], p["met"], p["code"], p["params"]) for p in stored
        ], key
        assert candidate.problem is None
        assert candidate.value == pytest.approx(EXPECTED[key][1]), key


def test_a_national_event_gets_no_priority_bonus_and_a_regional_one_no_accessibility_bonus(
    events, call_2022
):
    found = _candidates(call_2022, events)
    national, regional = found["national"], found["regional"]
    # In a priority country, with an online part: neither is a preference for its scope.
    assert (national.priority, national.accessible, national.value) == (False, False, SCORE)
    assert (regional.priority, regional.accessible) == (True, False)
    assert regional.value == SCORE * (1 + PRIORITY)
    elsewhere = found["regional_elsewhere"]
    assert (elsewhere.priority, elsewhere.accessible, elsewhere.value) == (False, False, SCORE)
    international = found["international"]
    assert (international.priority, international.accessible) == (False, True)


def test_the_optimisers_instance_carries_the_values_of_the_stored_preferences(events, call_2022):
    found = _candidates(call_2022, events)
    instance = selectors.build_instance(
        call=call_2022,
        candidates=list(found.values()),
        params=selectors.default_params(call=call_2022),
    )
    by_ref = {application.ref: application for application in instance.applications}
    for key, application in events.items():
        offers = by_ref[application.ref].offers
        value = EXPECTED[key][1]
        assert [offer.value for offer in offers] == [
            pytest.approx(round(value / len(offers), 2))
        ] * len(EVENTS[key]["offers"]), key


def _codes(texts):
    return [
        (text.code, *(v[0].code for v in text.params.values() if isinstance(v, tuple)))
        for text in texts
    ]


def test_the_explanation_names_the_stored_preferences_and_their_bonus(events, call_2022):
    found = _candidates(call_2022, events)
    assert _codes(found["national"].explanation) == [("value.formula",), ("value.no_preference",)]
    assert _codes(found["regional"].explanation) == [
        ("value.formula",),
        ("value.preference_met", "preference.regional_in_priority_country"),
    ]
    assert _codes(found["regional_elsewhere"].explanation) == [
        ("value.formula",),
        ("value.preference_not_met", "preference.regional_in_priority_country"),
    ]
    assert _codes(found["international"].explanation) == [
        ("value.formula",),
        ("value.preference_met", "preference.international_accessible"),
    ]
    assert _codes(found["international_closed"].explanation) == [
        ("value.formula",),
        ("value.preference_not_met", "preference.international_accessible"),
    ]
    assert list(found["regional"].explanation) == [
        "value 100: review score 80 × 1.25, split evenly over the offers it asks for (2): 50 each",
        "regional event in a HOT priority country: met, bonus +0.25",
    ]
    assert list(found["national"].explanation) == [
        "value 80: review score 80 × 1, split evenly over the offers it asks for (1): 80 each",
        "no preference of the call applies to an event of its scope",
    ]


def test_the_stored_result_is_what_counts_not_the_document(events, call_2022):
    # A reviewer cannot change preferences, but the point stands: the selection reads
    # the stored judgement and does not judge the document again by itself.
    stored = ScreeningResult.objects.get(application=events["regional"])
    stored.result["preferences"][0]["met"] = False
    stored.save(update_fields=["result"])
    regional = _candidates(call_2022, events)["regional"]
    assert (regional.priority, regional.value) == (False, SCORE)


def _problem(call, application):
    (candidate,) = [
        c for c in selectors.candidates(call=call) if c.application.pk == application.pk
    ]
    return candidate


def test_an_unscreened_candidate_is_named_and_the_selection_refuses_to_run(
    shortlist, call_2022, people
):
    unscreened = ApplicationFactory(call=call_2022, status="shortlisted")
    reviewed(unscreened, people.working_group, SCORE)
    candidate = _problem(call_2022, unscreened)
    assert (candidate.value, candidate.preferences) == (None, ())
    assert candidate.problem == Text("screening.missing", ref=unscreened.ref)
    assert list(candidate.explanation) == [f"{unscreened.ref} has not been screened"]
    with pytest.raises(selectors.ScreeningOutOfDate) as refused:
        selectors.build_instance(
            call=call_2022,
            candidates=selectors.candidates(call=call_2022),
            params=selectors.default_params(call=call_2022),
        )
    assert f"{unscreened.ref} has not been screened" in str(refused.value)
    assert shortlist["kenya"].ref not in str(refused.value)
    scenario = services.scenario_run(
        scenario=Scenario.objects.create(
            call=call_2022,
            name="test",
            params=selectors.default_params(call=call_2022),
            created_by=people.working_group,
        )
    )
    assert scenario.state == Scenario.State.FAILED
    assert f"{unscreened.ref} has not been screened" in scenario.error
    assert "Screen them again" in scenario.error
    screening_refresh(application=unscreened)
    assert _problem(call_2022, unscreened).problem is None


def test_a_result_for_another_document_is_stale(shortlist, call_2022):
    from opencall.applications.models import Application

    kenya = shortlist["kenya"]
    changed = {**kenya.document, "scope": "international"}
    Application.objects.filter(pk=kenya.pk).update(document=changed)
    candidate = _problem(call_2022, kenya)
    assert candidate.problem == Text("screening.document", ref=kenya.ref)
    assert candidate.value is None
    screening_refresh(application=kenya)
    candidate = _problem(call_2022, kenya)
    assert candidate.problem is None
    # Screened again as international, with its online part: the accessibility bonus.
    assert (candidate.priority, candidate.accessible) == (False, True)
    assert candidate.value == pytest.approx(70 * (1 + ACCESSIBLE))


def test_a_result_against_other_reference_data_is_stale(shortlist, call_2022):
    kenya = shortlist["kenya"]
    ScreeningResult.objects.filter(application=kenya).update(reference_key="hot-2021")
    candidate = _problem(call_2022, kenya)
    current = call_2022.reference_version.key
    assert candidate.problem == Text(
        "screening.reference", ref=kenya.ref, stored="hot-2021", current=current
    )
    assert str(candidate.problem) == (
        f"{kenya.ref} was screened against reference data hot-2021, but the call now uses {current}"
    )


PAGE = "/staff/calls/hot-summit-2022/selection/"


def _page(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_the_selection_page_explains_each_value_and_names_a_stale_screening(
    events, call_2022, people
):
    html = _page(people.call_admin)
    assert "regional event in a HOT priority country: met, bonus +0.25" in html
    assert "no preference of the call applies to an event of its scope" in html
    unscreened = ApplicationFactory(call=call_2022, status="shortlisted")
    html = _page(people.call_admin)
    assert f"{unscreened.ref} has not been screened" in html
    with pytest.raises(services.SelectionRefused, match=f"{unscreened.ref} has not been"):
        services.scenario_create(
            call=call_2022,
            name="refused",
            params=selectors.default_params(call=call_2022),
            user=people.call_admin,
        )
    assert not Scenario.objects.filter(name="refused").exists()
