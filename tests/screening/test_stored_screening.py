"""Screening inside opencall: stored on submission, live on the form, overridden by reviewers."""

import pytest
from django.contrib.auth import get_user_model

from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.reference.models import Country
from opencall.screening import services
from opencall.screening.models import Override, ScreeningResult
from tests.applications.walk import AUDIENCE, fill_all, start

# Screening and mail run on commit, as in production: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def _submitted(client, call, **audience):
    base, draft = start(client, call)
    day = call.event_window_end.isoformat()
    fill_all(client, base, dates=(day, day))
    if audience:
        client.post(f"{base}audience/", {**AUDIENCE, **audience})
    client.post(f"{base}submit/")
    return base, Application.objects.get(pk=draft.pk)


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_user("reviewer", password="x" * 12)


def test_a_submitted_application_is_screened_and_moves_to_screened(client, open_call):
    _base, application = _submitted(client, open_call)
    stored = ScreeningResult.objects.get(application=application)
    assert application.status == Status.SCREENED
    # Regional event in Kenya serving Kenya and Uganda, code of conduct only planned.
    assert stored.result["criteria"]["GEO"]["result"] == "pass"
    assert stored.result["criteria"]["CODE_OF_CONDUCT"]["result"] == "pass"
    assert [c["code"] for c in stored.result["conditions"]] != []
    assert stored.verdict == "eligible"
    assert application.events.filter(kind="screened", new="eligible").exists()


def test_the_applicant_sees_the_reasons_of_the_stored_result(client, open_call):
    base, _application = _submitted(client, open_call)
    page = client.get(base).content.decode()
    assert "Eligibility check" in page
    assert "meets every rule of the call" in page


def test_an_edit_after_submission_screens_again(client, open_call):
    base, application = _submitted(client, open_call)
    client.post(f"{base}audience/", {**AUDIENCE, "scope": "national", "serves_countries": []})
    stored = ScreeningResult.objects.get(application=application)
    # Kenya is a priority country: a national event there passes.
    assert stored.result["criteria"]["GEO"]["result"] == "pass"
    client.post(f"{base}when-where/", {"city": "Paris", "country": "FR"})
    stored.refresh_from_db()
    assert stored.result["criteria"]["GEO"]["result"] == "fail"
    assert stored.verdict == "ineligible"


def test_a_reviewer_override_is_kept_audited_and_survives_recomputation(
    client, open_call, reviewer
):
    _base, application = _submitted(client, open_call, scope="national", serves_countries=[])
    services.screening_override(
        application=application,
        criterion="PROGRAMME",
        result="fail",
        reason="The agenda link shows last year's event.",
        user=reviewer,
    )
    services.screening_refresh(application=application)

    stored = ScreeningResult.objects.get(application=application)
    assert stored.result["criteria"]["PROGRAMME"]["result"] == "pass"
    assert stored.outcomes.get(criterion="PROGRAMME").effective == "fail"
    assert stored.verdict == "ineligible"
    assert stored.computed_verdict == "eligible"
    event = application.events.get(kind="override")
    assert (event.old, event.new, event.user) == ("PROGRAMME: pass", "PROGRAMME: fail", reviewer)
    assert event.reason == "The agenda link shows last year's event."


def test_an_override_needs_a_written_reason(client, open_call, reviewer):
    _base, application = _submitted(client, open_call)
    with pytest.raises(services.OverrideRefused):
        services.screening_override(
            application=application, criterion="GEO", result="fail", reason="  ", user=reviewer
        )
    assert not Override.objects.exists()


def test_removing_an_override_goes_back_to_the_computed_result(client, open_call, reviewer):
    _base, application = _submitted(client, open_call)
    services.screening_override(
        application=application,
        criterion="GEO",
        result="fail",
        reason="Wrong region",
        user=reviewer,
    )
    services.screening_override_remove(
        application=application, criterion="GEO", reason="Checked again", user=reviewer
    )
    stored = ScreeningResult.objects.get(application=application)
    assert stored.verdict == "eligible"
    assert [e.new for e in application.events.filter(kind="override")] == ["GEO: fail", "GEO: pass"]


def test_a_change_of_reference_data_screens_the_calls_applications_again(
    client, open_call, immediate_tasks
):
    _base, application = _submitted(client, open_call, scope="national", serves_countries=[])
    assert ScreeningResult.objects.get(application=application).verdict == "eligible"
    kenya = Country.objects.get(version=open_call.reference_version, iso2="KE")
    kenya.priority = False
    kenya.save()
    stored = ScreeningResult.objects.get(application=application)
    assert stored.result["criteria"]["GEO"]["result"] == "fail"


def test_the_live_check_endpoint_judges_unsaved_answers(client, open_call):
    base, draft = start(client, open_call)
    response = client.post(f"{base}audience/check/", {"scope": "national"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="live-check"' in html
    assert "result-" in html
    # Nothing was saved.
    assert Application.objects.get(pk=draft.pk).document["scope"] is None


def test_the_first_step_check_works_before_any_draft_exists(client, open_call):
    response = client.post(f"/calls/{open_call.slug}/check/", {"format": "training"})
    assert response.status_code == 200
    assert "info@hotosm.org" in response.content.decode()
    assert not Application.objects.exists()


def test_country_names_in_the_reasons_follow_the_readers_language(client, open_call):
    base, _application = _submitted(client, open_call)
    english = client.get(base).content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    french = client.get(base).content.decode()
    assert "Nairobi, Kenya" in english
    # The engine's reasons name countries in English; readers of French get French names.
    assert "Ouganda" in french
    assert "Uganda" not in french


def test_hub_names_in_the_reasons_follow_the_readers_language(client, open_call):
    base, _application = _submitted(client, open_call)
    english = client.get(base).content.decode()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    spanish = client.get(base).content.decode()
    # The engine names the hub as the reference data does; hubs.csv gives its Spanish name.
    assert "Open Mapping Hub - Eastern and Southern Africa" in english
    assert "Open Mapping Hub de África Oriental y Austral" in spanish
    assert "Eastern and Southern Africa" not in spanish


def test_a_mapathon_organiser_reading_french_is_sent_to_the_hub_by_its_french_name(
    client, open_call
):
    client.cookies["django_language"] = "fr"
    page = client.post(
        f"/calls/{open_call.slug}/check/", {"format": "mapathon", "country": "KE"}
    ).content.decode()
    assert "Centre de cartographie ouverte Afrique de l&#x27;Est et australe" in page
    assert "esahub@hotosm.org" in page


def test_the_audience_step_groups_countries_under_regions_named_in_the_readers_language(
    client, open_call
):
    base, _draft = start(client, open_call)
    client.cookies["django_language"] = "pt"
    page = client.get(f"{base}audience/").content.decode()
    assert "<summary>África Oriental e Austral</summary>" in page
    assert "Eastern and Southern Africa" not in page


def test_loading_the_reference_again_refreshes_the_hub_names_and_nothing_else(
    reference_version,
):
    from opencall.reference.models import Hub
    from opencall.reference.services import reference_load
    from tests.fixtures.data import REFERENCE

    hub = reference_version.hubs.get(code="esa")
    assert hub.name_in("fr") == "Centre de cartographie ouverte Afrique de l'Est et australe"
    assert hub.name_in("sw") == hub.name  # a language the file does not give: English
    Hub.objects.filter(pk=hub.pk).update(names={}, region="edited by staff")
    _version, created = reference_load(folder=REFERENCE)
    hub.refresh_from_db()
    assert not created
    assert hub.region_in("es") == "África Oriental y Austral"
    assert hub.region == "edited by staff"  # a fact the screening reads: left as it is
