"""load_demo_applications: demo expressions of interest for practice calls only."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from opencall.applications.demo_data import DEMOS
from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.workflow import Status
from opencall.mail.models import OutgoingMail
from opencall.reviews.models import Review
from opencall.screening.models import ScreeningResult

# Screening and mail run on commit, as in production: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def _verdicts(call) -> Counter:
    return Counter(
        ScreeningResult.objects.filter(application__call=call).values_list("verdict", flat=True)
    )


def test_a_real_call_is_refused_and_gets_no_applications(call_2022):
    with pytest.raises(CommandError, match="'hot-summit-2022' is a real call"):
        call_command("load_demo_applications", call_2022.slug)
    assert not Application.objects.filter(call=call_2022).exists()


def test_an_unknown_call_is_refused():
    with pytest.raises(CommandError, match="no call 'nope'"):
        call_command("load_demo_applications", "nope")


def test_the_practice_call_gets_submitted_screened_applications_of_every_verdict(open_call, capsys):
    call_command("load_demo_applications", open_call.slug)

    applications = Application.objects.filter(call=open_call)
    assert applications.count() == len(DEMOS) == 15
    assert _verdicts(open_call) == {"eligible": 10, "ineligible": 4, "needs_review": 1}
    assert not applications.filter(status__in=[Status.DRAFT, Status.SUBMITTED]).exists()
    assert all(
        email.endswith("@example.org") for email in applications.values_list("email", flat=True)
    )
    assert set(OutgoingMail.objects.values_list("to", flat=True)) == set(
        applications.values_list("email", flat=True)
    )
    assert "15 demo applications submitted" in capsys.readouterr().out


def test_the_mapathon_in_ghana_is_sent_to_the_west_and_northern_africa_hub(open_call):
    call_command("load_demo_applications", open_call.slug)

    mapathon = Application.objects.get(call=open_call, format="mapathon", country="GH")
    result = mapathon.screening.result
    assert result["criteria"]["FORMAT"]["result"] == "fail"
    assert result["redirect"]["email"] == "wnahub@hotosm.org"


def test_without_demo_staff_eligible_ones_move_on_unsigned_and_nobody_reviews(open_call):
    call_command("load_demo_applications", open_call.slug)

    assert Application.objects.filter(call=open_call, status=Status.SHORTLISTED).count() == 6
    moves = ApplicationEvent.objects.filter(
        application__call=open_call, kind="status", new=Status.SHORTLISTED
    )
    assert set(moves.values_list("user", flat=True)) == {None}
    assert not Review.objects.exists()


def test_running_it_twice_adds_nothing(open_call, capsys):
    call_command("load_demo_applications", open_call.slug)
    mails = OutgoingMail.objects.count()
    capsys.readouterr()

    call_command("load_demo_applications", open_call.slug)

    assert Application.objects.filter(call=open_call).count() == 15
    assert OutgoingMail.objects.count() == mails
    assert capsys.readouterr().out == (
        "hot-summit-2022-practice has 15 demo applications already: nothing to do.\n"
    )


def test_with_demo_staff_the_shortlisted_ones_have_submitted_reviews(open_call):
    call_command("create_demo_staff", open_call.slug)
    call_command("load_demo_applications", open_call.slug)

    shortlisted = Application.objects.filter(call=open_call, status=Status.SHORTLISTED)
    assert shortlisted.count() == 6
    assert set(shortlisted.values_list("screening__verdict", flat=True)) == {"eligible"}
    moves = ApplicationEvent.objects.filter(
        application__in=shortlisted, kind="status", new=Status.SHORTLISTED
    )
    assert set(moves.values_list("user__username", flat=True)) == {"demo-working-group"}
    reviews = Review.objects.filter(application__call=open_call)
    assert set(reviews.values_list("state", flat=True)) == {Review.State.SUBMITTED}
    assert Counter(reviews.values_list("reviewer__username", flat=True)) == {
        "demo-working-group": 7,
        "demo-hub-esa": 2,
        "demo-hub-ap": 2,
    }
    assert shortlisted.filter(reviews__isnull=False).distinct().count() == 6
    # Hub managers review only their own hub's applications.
    hubs = set(reviews.values_list("reviewer__username", "application__hub_code"))
    assert {hub for name, hub in hubs if name == "demo-hub-esa"} == {"esa"}
    assert {hub for name, hub in hubs if name == "demo-hub-ap"} == {"ap"}
