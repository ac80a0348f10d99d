"""Screening a whole call again after its reference data changed, in batches."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opencall.reference.models import Country
from opencall.screening import services
from opencall.screening.models import ScreeningResult
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _national_kenya(call, **columns):
    """Eligible while Kenya is a priority country: a national event serving no other."""
    day = call.event_window_end.isoformat()
    document = {
        "scope": "national",
        "serves_countries": [],
        "start_date": day,
        "end_date": day,
        "programme_url": "https://sotm.or.ke/programme",
        "registration": "open",
        "community_value": "Kenyan mappers meet their local authorities.",
        "code_of_conduct": "in_place",
        "submitted_at": (timezone.now() - dt.timedelta(days=1)).isoformat(),
    }
    return ApplicationFactory(call=call, document=document, **columns)


def _screened(call, count):
    applications = [_national_kenya(call) for _ in range(count)]
    for application in applications:
        services.screening_refresh(application=application)
    return applications


def _kenya_no_longer_a_priority(call):
    """As the admin changes it: a save, which the call's pages and screener hear."""
    kenya = Country.objects.get(version=call.reference_version, iso2="KE")
    kenya.priority = False
    kenya.save()


def _stored(application):
    stored = ScreeningResult.objects.get(application=application)
    outcomes = sorted(stored.outcomes.values_list("criterion", "computed", "effective"))
    timeline = list(application.events.filter(kind="screened").values_list("old", "new"))
    return (
        stored.verdict,
        stored.computed_verdict,
        stored.result,
        stored.reference_key,
        stored.document_digest,
        outcomes,
        timeline,
    )


def test_the_call_is_screened_again_as_each_application_would_be_alone(open_call):
    first, overridden = _screened(open_call, 2)
    services.screening_override(
        application=overridden,
        criterion="GEO",
        result="pass",
        reason="Kenya stays a priority for this event: agreed with the hub.",
        user=get_user_model().objects.create_user("reviewer", password="x" * 12),
    )
    _kenya_no_longer_a_priority(open_call)

    assert services.screening_refresh_call(call=open_call) == 2

    after_batch = [_stored(first), _stored(overridden)]
    assert after_batch[0][0:2] == ("ineligible", "ineligible")
    assert after_batch[0][2]["criteria"]["GEO"]["result"] == "fail"
    assert ("GEO", "fail", "fail") in after_batch[0][5]
    assert after_batch[0][6] == [("", "eligible"), ("eligible", "ineligible")]
    # The reviewer's judgement survives: GEO passes in effect, the verdict stays eligible.
    assert after_batch[1][0:2] == ("eligible", "ineligible")
    assert ("GEO", "fail", "pass") in after_batch[1][5]
    assert after_batch[1][6] == [("", "eligible")]
    for application in (first, overridden):
        services.screening_refresh(application=application)
    assert [_stored(first), _stored(overridden)] == after_batch


def test_an_application_never_screened_is_screened_and_moves_on(open_call):
    waiting = _national_kenya(open_call, status="submitted")
    assert services.screening_refresh_call(call=open_call) == 1
    waiting.refresh_from_db()
    assert waiting.status == "screened"
    assert ScreeningResult.objects.get(application=waiting).verdict == "eligible"


def test_drafts_are_left_alone(open_call):
    draft = _national_kenya(open_call, status="draft")
    assert services.screening_refresh_call(call=open_call) == 0
    assert not ScreeningResult.objects.filter(application=draft).exists()


def test_the_queries_do_not_grow_with_the_applications(open_call):
    def queries(count):
        applications = _screened(open_call, count)
        with CaptureQueriesContext(connection) as captured:
            services.screening_refresh_call(call=open_call)
        ScreeningResult.objects.filter(application__in=applications).delete()
        for application in applications:
            application.delete()
        return len(captured)

    _kenya_no_longer_a_priority(open_call)
    assert queries(2) == queries(6)


def test_each_application_screened_again_is_announced_to_the_calls_webhooks(
    open_call, django_capture_on_commit_callbacks
):
    from opencall.webhooks.models import Delivery, Webhook

    applications = _screened(open_call, 3)
    Webhook.objects.create(
        call=open_call,
        url="https://hooks.example.org/opencall",
        events=["application.screened"],
        secret="s" * 40,
    )
    _kenya_no_longer_a_priority(open_call)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.screening_refresh_call(call=open_call)
    for callback in callbacks:  # the batch's announcement; not the sends it queues in turn
        callback()
    sent = Delivery.objects.filter(event="application.screened")
    assert sorted(d.payload["data"]["verdict"] for d in sent) == ["ineligible"] * 3
    assert {d.payload["application"]["number"] for d in sent} == {a.number for a in applications}


def test_an_excluded_format_is_redirected_to_its_hub_once(
    open_call, django_capture_on_commit_callbacks
):
    from opencall.mail.models import OutgoingMail

    mapathon = _national_kenya(open_call, format="mapathon")
    services.screening_refresh(application=mapathon)

    def screen_the_call_again():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.screening_refresh_call(call=open_call)
        for callback in callbacks:  # the batch's announcement, not the sends it queues
            callback()

    screen_the_call_again()
    screen_the_call_again()
    sent = OutgoingMail.objects.filter(application=mapathon, key="hub_redirect")
    assert [mail.dedupe_key for mail in sent] == [f"hub_redirect:{mapathon.pk}"]


def test_only_the_outcomes_that_changed_are_written_again(open_call):
    moved, stays = _screened(open_call, 2)
    # Kenya's change reaches `moved` only: `stays` is a national event in Uganda.
    document = {**stays.document, "country": "UG"}
    type(stays).objects.filter(pk=stays.pk).update(document=document, country="UG")
    stays.refresh_from_db()
    services.screening_refresh(application=stays)
    rows_before = {
        a.pk: set(ScreeningResult.objects.get(application=a).outcomes.values_list("pk", flat=True))
        for a in (moved, stays)
    }
    _kenya_no_longer_a_priority(open_call)

    services.screening_refresh_call(call=open_call)

    stored = {a.pk: ScreeningResult.objects.get(application=a) for a in (moved, stays)}
    assert set(stored[stays.pk].outcomes.values_list("pk", flat=True)) == rows_before[stays.pk]
    assert not set(stored[moved.pk].outcomes.values_list("pk", flat=True)) & rows_before[moved.pk]
    assert ("GEO", "fail", "fail") in stored[moved.pk].outcomes.values_list(
        "criterion", "computed", "effective"
    )
    alone = _stored(stays)  # as the single refresh would store it
    services.screening_refresh(application=stays)
    assert _stored(stays) == alone
