"""POST /api/v1/calls/{slug}/check: the call's rules on a document, in the reader's language."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.screening.models import ScreeningResult
from tests.api.conftest import CRITERIA
from tests.screening.documents import ELIGIBLE

pytestmark = pytest.mark.django_db

URL = "/api/v1/calls/hot-summit-2022/check"
# A mapathon in Kinshasa: not for this call; the Eastern and Southern Africa hub is.
MAPATHON = {**ELIGIBLE, "format": "mapathon", "city": "Kinshasa", "country": "CD"}


def check(client, document, url=URL, **headers):
    return client.post(url, document, content_type="application/json", **headers)


def criterion(judgement, key):
    return next(line for line in judgement["criteria"] if line["id"] == key)


def test_an_eligible_document_is_eligible_on_every_criterion(client, call_2022):
    response = check(client, ELIGIBLE)

    assert response.status_code == 200
    judgement = response.json()
    assert judgement["verdict"] == "eligible"
    assert [line["id"] for line in judgement["criteria"]] == CRITERIA
    assert {line["result"] for line in judgement["criteria"]} == {"pass"}
    assert criterion(judgement, "FORMAT") == {
        "id": "FORMAT",
        "title": "A conference-type event",
        "result": "pass",
        "reason": "A conference is the kind of event this call is for.",
        "code": "format.conference",
    }
    assert criterion(judgement, "GEO")["reason"] == (
        "A national event in Peru, one of HOT's priority countries."
    )
    assert (judgement["preferences"], judgement["conditions"], judgement["redirect"]) == (
        [],
        [],
        None,
    )


def test_a_check_stores_nothing(client, call_2022):
    check(client, ELIGIBLE)

    assert Application.objects.count() == 0
    assert ScreeningResult.objects.count() == 0


def test_a_mapathon_fails_format_and_is_sent_to_its_hub(client, call_2022):
    judgement = check(client, MAPATHON).json()

    assert judgement["verdict"] == "ineligible"
    assert [line["id"] for line in judgement["criteria"] if line["result"] == "fail"] == ["FORMAT"]
    assert criterion(judgement, "FORMAT")["code"] == "format.excluded.mapathon"
    assert criterion(judgement, "FORMAT")["reason"] == (
        "Mapathons are not part of this call: supporting them is the daily work of the "
        "Open Mapping Hubs and of HOT's community team. Please contact Open Mapping Hub - "
        "Eastern and Southern Africa (esahub@hotosm.org): they are glad to hear about your event."
    )
    assert judgement["redirect"] == {
        "kind": "hub",
        "name": "Open Mapping Hub - Eastern and Southern Africa",
        "email": "esahub@hotosm.org",
        "url": "https://www.hotosm.org/hubs/open-mapping-hub-eastern-and-southern-africa/",
        "reason": (
            "Mapathons, training sessions and community meetups are the daily work of the "
            "Open Mapping Hub - Eastern and Southern Africa: contact them at "
            "esahub@hotosm.org about your event."
        ),
        "code": "redirect.hub",
    }


def test_reasons_are_in_french_when_the_request_asks_for_french(client, call_2022):
    response = check(client, MAPATHON, HTTP_ACCEPT_LANGUAGE="fr")

    judgement = response.json()
    assert response["Content-Language"] == "fr"
    assert criterion(judgement, "FORMAT")["title"] == "Un événement de type conférence"
    assert criterion(judgement, "FORMAT")["reason"].startswith(
        "Les mapathons ne font pas partie de cet appel"
    )
    # Country names follow the reader's language too.
    assert criterion(judgement, "WHEN_WHERE")["reason"].endswith(
        "à Kinshasa (République démocratique du Congo)."
    )
    assert judgement["redirect"]["reason"].startswith(
        "Les mapathons, les sessions de formation et les rencontres communautaires"
    )


def test_preferences_and_conditions_are_listed(client, call_2022):
    document = {
        **ELIGIBLE,
        "scope": "international",
        "virtual_component": True,
        "code_of_conduct": "planned",
        "code_of_conduct_url": None,
    }

    judgement = check(client, document).json()

    assert judgement["verdict"] == "eligible"
    assert judgement["preferences"] == [
        {
            "id": "international_accessible",
            "met": True,
            "reason": (
                "The event has a virtual component, which makes it accessible to people who "
                "cannot travel, as preferred for international events."
            ),
            "code": "preference.international_accessible.virtual",
        }
    ]
    assert judgement["conditions"] == [
        {
            "code": "condition.code_of_conduct",
            "reason": (
                "Before the collaboration goes ahead, the event publishes its code of conduct "
                "and shares the link with HOT."
            ),
        }
    ]


def test_a_document_not_yet_sent_is_judged_as_if_sent_now(client, call_2022):
    unsent = {**ELIGIBLE, "submitted_at": None}

    closed = check(client, unsent).json()
    assert criterion(closed, "DEADLINE")["result"] == "fail"
    assert criterion(closed, "DEADLINE")["code"] == "deadline.closed"

    now = timezone.now()
    Call.objects.filter(pk=call_2022.pk).update(
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1)
    )
    still_open = check(client, unsent).json()
    assert criterion(still_open, "DEADLINE")["result"] == "pass"
    assert criterion(still_open, "DEADLINE")["code"] == "deadline.open"
    assert still_open["verdict"] == "eligible"


def test_a_missing_answer_is_unclear_not_an_error(client, call_2022):
    sent = ELIGIBLE["submitted_at"]

    judgement = check(client, {"format": "conference", "submitted_at": sent}).json()

    assert judgement["verdict"] == "needs_review"
    assert criterion(judgement, "FORMAT")["result"] == "pass"
    assert criterion(judgement, "PROGRAMME")["result"] == "unclear"


def test_a_wrong_field_is_422_naming_its_path(client, call_2022):
    response = check(client, {**ELIGIBLE, "start_date": "not a date"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "document", "start_date"]
    assert error["type"] == "date_from_datetime_parsing"
    assert error["msg"].startswith("Input should be a valid date")


def test_a_wrong_nested_field_and_an_unknown_field_are_each_named(client, call_2022):
    document = {**ELIGIBLE, "contacts": [{"email": "not-an-address"}], "colour": "blue"}

    response = check(client, document)

    assert response.status_code == 422
    locations = [error["loc"] for error in response.json()["detail"]]
    assert locations == [
        ["body", "document", "contacts", 0, "email"],
        ["body", "document", "colour"],
    ]


def test_an_end_before_the_start_names_the_end_date(client, call_2022):
    response = check(client, {**ELIGIBLE, "start_date": "2022-09-12"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "document", "end_date"]
    assert error["type"] == "end_before_start"


def test_malformed_json_is_400(client, call_2022):
    response = check(client, '{"format": "conference",')

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_a_body_that_is_not_an_object_is_422(client, call_2022):
    response = check(client, "[]")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "document"]


def test_an_unknown_or_practice_call_is_404(client, call_2022, open_call):
    unknown = check(client, ELIGIBLE, url="/api/v1/calls/nope/check")
    practice = check(client, ELIGIBLE, url=f"/api/v1/calls/{open_call.slug}/check")

    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "There is no call 'nope'."}
    assert practice.status_code == 404


def test_an_anonymous_post_needs_no_csrf_token(call_2022):
    client = Client(enforce_csrf_checks=True)

    response = check(client, ELIGIBLE)

    assert response.status_code == 200
    assert response.json()["verdict"] == "eligible"
