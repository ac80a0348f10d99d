"""The staff home page (issue 12): per call, what waits for me (reviews to write,
decisions to sign off), the applications I may see by status and hub, and the call's
dates in words; all through the rulebook, so a hub manager sees their hub only."""

import datetime as dt

import pytest
from django.test import Client

from opencall.accounts.queue import hub_counts, reviews_waiting, status_counts
from opencall.applications.workflow import Status
from opencall.reviews import services as reviews
from opencall.selection import services
from opencall.selection.waiting import sign_offs_waiting
from opencall.staff.templatetags.staff_tags import from_today

pytestmark = pytest.mark.django_db

HOME = "/staff/"


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _propose(application, people):
    return services.decision_propose(
        application=application,
        outcome="accepted",
        offers=[application.document["offers"][0]["type"]],
        reason="A strong regional programme.",
        user=people.working_group,
    )


def test_counts_follow_the_rulebook_a_hub_manager_counts_their_hub_only(
    shortlist, call_2022, people
):
    assert status_counts(user=people.working_group, call=call_2022) == [(Status.SHORTLISTED, 3)]
    assert hub_counts(user=people.working_group, call=call_2022) == [
        ("ap", 1),
        ("esa", 1),
        ("", 1),
    ]
    assert status_counts(user=people.hub_esa, call=call_2022) == [(Status.SHORTLISTED, 1)]
    assert hub_counts(user=people.hub_esa, call=call_2022) == [("esa", 1)]
    assert hub_counts(user=people.outsider, call=call_2022) == []


def test_reviews_waiting_are_my_assignments_without_a_submitted_review_or_conflict(
    shortlist, call_2022, people
):
    kenya, manila, paris = shortlist["kenya"], shortlist["manila"], shortlist["paris"]
    for application in (kenya, manila, paris):
        reviews.assignment_add(
            application=application, reviewer=people.hub_ap, by=people.call_admin
        )
    # Kenya and Paris are outside the AP hub: the assignment lets its manager see them.
    reviews.conflict_declare(application=paris, user=people.hub_ap, reason="I organise it")
    assert [a.pk for a in reviews_waiting(user=people.hub_ap, call=call_2022)] == [
        kenya.pk,
        manila.pk,
    ]
    # The working group member reviewed Kenya already and is assigned nothing.
    assert reviews_waiting(user=people.working_group, call=call_2022) == []
    reviews.assignment_add(application=kenya, reviewer=people.working_group, by=people.call_admin)
    assert reviews_waiting(user=people.working_group, call=call_2022) == []


def test_sign_offs_waiting_follow_the_rulebook_and_leave_given_ones_out(
    shortlist, call_2022, people
):
    kenya, manila = shortlist["kenya"], shortlist["manila"]
    decision = _propose(kenya, people)
    _propose(manila, people)

    def waiting(user):
        return [
            (w.decision.application.pk, w.roles)
            for w in sign_offs_waiting(user=user, call=call_2022)
        ]

    assert waiting(people.working_group) == [
        (kenya.pk, ("working_group",)),
        (manila.pk, ("working_group",)),
    ]
    assert waiting(people.hub_esa) == [(kenya.pk, ("hub_manager",))]
    assert waiting(people.hub_ap) == [(manila.pk, ("hub_manager",))]
    assert waiting(people.call_admin) == []  # administrators decide, the two sign
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    assert waiting(people.working_group) == [(manila.pk, ("working_group",))]
    assert waiting(people.hub_esa) == [(kenya.pk, ("hub_manager",))]
    services.decision_sign_off(decision=decision, role="hub_manager", user=people.hub_esa)
    assert waiting(people.hub_esa) == []  # final: nothing more to sign


def test_the_home_page_shows_what_waits_for_me_counts_and_dates(shortlist, call_2022, people):
    kenya = shortlist["kenya"]
    _propose(kenya, people)
    reviews.assignment_add(
        application=shortlist["manila"], reviewer=people.hub_ap, by=people.call_admin
    )
    html = _home(people.hub_esa)
    assert "1 decision to sign off:" in html
    assert f'/applications/{kenya.number}/decision/">#{kenya.number:04d} {kenya.event_name}' in html
    assert "as Hub community manager" in html
    assert "Eastern and Southern Africa</span> <strong>1</strong>" in html
    assert "Asia Pacific" not in html  # not their hub
    assert "Shortlisted <strong>1</strong>" in html
    assert "Applications close" in html and "Decisions by" in html
    assert call_2022.decision_date.strftime("%Y") in html

    html = _home(people.hub_ap)
    assert "1 review to write:" in html
    assert "to sign off" not in html  # Manila has no decision yet
    assert f'/applications/{shortlist["manila"].number}/#review"' in html


def test_the_home_page_with_nothing_waiting_says_so(shortlist, people):
    html = _home(people.call_admin)
    assert "Nothing waits for you on this call." in html
    assert "Shortlisted <strong>3</strong>" in html


def test_a_day_is_said_against_today():
    today = dt.date(2022, 5, 20)
    assert from_today(dt.date(2022, 5, 20), today) == "today"
    assert from_today(dt.date(2022, 5, 21), today) == "tomorrow"
    assert from_today(dt.date(2022, 5, 31), today) == "in 11 days"
    assert from_today(dt.date(2022, 5, 18), today) == "2 days ago"


@pytest.mark.parametrize("extra", [0, 2])
def test_the_home_page_takes_the_same_queries_whatever_waits(
    shortlist, call_2022, people, extra, django_assert_num_queries
):
    from tests.factories import ApplicationFactory

    _propose(shortlist["kenya"], people)
    for _n in range(extra):
        application = ApplicationFactory(call=call_2022, status="shortlisted")
        reviews.assignment_add(
            application=application, reviewer=people.working_group, by=people.call_admin
        )
        _propose(application, people)
    client = Client()
    client.force_login(people.working_group)
    # session, user, calls, memberships, two-factor calls; per call: reviews waiting,
    # decisions, their sign-offs, the rulebook's facts of them all, overdue deliverables
    # and commitments, statuses, hubs, hub names
    with django_assert_num_queries(14):
        response = client.get(HOME)
    html = response.content.decode()
    assert f"{1 + extra} decision" in html
    if extra:
        assert f"{extra} reviews to write:" in html
