"""One table per criterion: which answers pass, fail or stay unclear, and why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from opencall.screening.engine import Criterion, Outcome, Verdict, screen
from tests.screening.documents import call_2022, eligible

PASS, FAIL, UNCLEAR = Outcome.PASS, Outcome.FAIL, Outcome.UNCLEAR
Case = tuple[dict[str, Any], Outcome, str]


def judged(criterion: Criterion, changes: dict[str, Any], now: dt.datetime | None = None):
    return screen(call_2022(), eligible(**changes), now=now).criteria[criterion]


def cases(table: dict[str, Case]) -> Any:
    return pytest.mark.parametrize(("changes", "outcome", "code"), table.values(), ids=table)


@cases(
    {
        "conference": ({"format": "conference"}, PASS, "format.conference"),
        "mapathon": ({"format": "mapathon"}, FAIL, "format.excluded.mapathon"),
        "training": ({"format": "training"}, FAIL, "format.excluded.training"),
        "meetup": ({"format": "meetup"}, FAIL, "format.excluded.meetup"),
        "other kind": ({"format": "other"}, UNCLEAR, "format.other"),
        "not given": ({"format": None}, UNCLEAR, "format.missing"),
    }
)
def test_format_excludes_mapathons_trainings_and_meetups(changes, outcome, code):
    result = judged(Criterion.FORMAT, changes)
    assert (result.result, result.code) == (outcome, code)


@cases(
    {
        "dates and place": ({}, PASS, "when_where.place"),
        "online only": (
            {"online_only": True, "city": None, "country": None},
            PASS,
            "when_where.online",
        ),
        "no start": ({"start_date": None}, UNCLEAR, "when_where.dates_missing"),
        "no end": ({"end_date": None}, UNCLEAR, "when_where.dates_missing"),
        "no city": ({"city": None}, UNCLEAR, "when_where.place_missing"),
        "no country": ({"country": None}, UNCLEAR, "when_where.place_missing"),
        "nothing": (
            {"start_date": None, "end_date": None, "city": None},
            UNCLEAR,
            "when_where.missing",
        ),
    }
)
def test_when_where_needs_dates_and_a_place_or_online(changes, outcome, code):
    result = judged(Criterion.WHEN_WHERE, changes)
    assert (result.result, result.code) == (outcome, code)


def test_when_where_reason_says_when_and_where():
    result = judged(Criterion.WHEN_WHERE, {})
    assert result.reason == "The event takes place from 2022-09-10 to 2022-09-11 in Lima, Peru."
    assert result.params == {
        "start": "2022-09-10",
        "end": "2022-09-11",
        "city": "Lima",
        "country": "Peru",
        "country_code": "PE",
    }


@cases(
    {
        "link given": ({}, PASS, "programme.published"),
        "no link": ({"programme_url": None}, UNCLEAR, "programme.missing"),
    }
)
def test_programme_needs_a_published_agenda_link(changes, outcome, code):
    result = judged(Criterion.PROGRAMME, changes)
    assert (result.result, result.code) == (outcome, code)


@cases(
    {
        "organisation and contact": ({}, PASS, "team.ok"),
        "no organisation": ({"organisation": None}, UNCLEAR, "team.organisation_missing"),
        "no contact": ({"contacts": []}, UNCLEAR, "team.contact_missing"),
        "neither": ({"organisation": None, "contacts": []}, UNCLEAR, "team.missing"),
    }
)
def test_team_needs_an_organisation_and_a_contact(changes, outcome, code):
    result = judged(Criterion.TEAM, changes)
    assert (result.result, result.code) == (outcome, code)


@cases(
    {
        "open with link": ({}, PASS, "public_tickets.open"),
        "open without link": (
            {"registration_url": None},
            PASS,
            "public_tickets.open_no_link",
        ),
        "invite only": ({"registration": "invite_only"}, FAIL, "public_tickets.invite_only"),
        "undecided": ({"registration": "unknown"}, UNCLEAR, "public_tickets.unknown"),
        "not given": ({"registration": None}, UNCLEAR, "public_tickets.missing"),
    }
)
def test_public_tickets_excludes_invite_only_events(changes, outcome, code):
    result = judged(Criterion.PUBLIC_TICKETS, changes)
    assert (result.result, result.code) == (outcome, code)


@cases(
    {
        "argued": ({}, PASS, "community_value.argued"),
        "exactly 20 characters": ({"community_value": "x" * 20}, PASS, "community_value.argued"),
        "19 characters": ({"community_value": "x" * 19}, UNCLEAR, "community_value.too_short"),
        "one word": ({"community_value": "Yes"}, UNCLEAR, "community_value.too_short"),
        "not given": ({"community_value": None}, UNCLEAR, "community_value.missing"),
    }
)
def test_community_value_passes_when_argued_and_reviewers_judge_it(changes, outcome, code):
    result = judged(Criterion.COMMUNITY_VALUE, changes)
    assert (result.result, result.code) == (outcome, code)


@cases(
    {
        "in place with link": ({}, PASS, "code_of_conduct.in_place"),
        "in place without link": (
            {"code_of_conduct_url": None},
            PASS,
            "code_of_conduct.in_place_no_link",
        ),
        "planned": ({"code_of_conduct": "planned"}, PASS, "code_of_conduct.planned"),
        "none and none planned": ({"code_of_conduct": "none"}, FAIL, "code_of_conduct.none"),
        "not given": ({"code_of_conduct": None}, UNCLEAR, "code_of_conduct.missing"),
    }
)
def test_code_of_conduct_in_place_or_planned(changes, outcome, code):
    result = judged(Criterion.CODE_OF_CONDUCT, changes)
    assert (result.result, result.code) == (outcome, code)


def test_planned_code_of_conduct_passes_with_a_follow_up_condition():
    result = screen(call_2022(), eligible(code_of_conduct="planned"))
    assert result.verdict is Verdict.ELIGIBLE
    assert [condition.code for condition in result.conditions] == ["condition.code_of_conduct"]


def test_code_of_conduct_in_place_sets_no_condition():
    assert screen(call_2022(), eligible()).conditions == ()


@cases(
    {
        "one theme": ({"themes": ["disaster"]}, PASS, "themes.touched"),
        "none chosen on the content step": ({"themes": []}, FAIL, "themes.none_selected"),
        "none chosen, only the programme answered": (
            {"themes": [], "community_value": None},
            FAIL,
            "themes.none_selected",
        ),
        "content step not reached": (
            {"themes": [], "community_value": None, "programme_url": None},
            UNCLEAR,
            "themes.missing",
        ),
    }
)
def test_themes_fail_only_when_the_content_step_was_answered_without_one(changes, outcome, code):
    result = judged(Criterion.THEMES, changes)
    assert (result.result, result.code) == (outcome, code)


@cases(
    {
        "national in a priority country": ({}, PASS, "geo.national_priority"),
        "national elsewhere": ({"country": "FR"}, FAIL, "geo.national_not_priority"),
        "national, no country": ({"country": None}, UNCLEAR, "geo.country_missing"),
        "national online, no country": (
            {"country": None, "city": None, "online_only": True},
            UNCLEAR,
            "geo.online_unplaced",
        ),
        "regional in a priority country": (
            {"scope": "regional", "country": "PH"},
            PASS,
            "geo.regional_priority",
        ),
        "regional serving priority countries": (
            {"scope": "regional", "country": "TH", "serves_countries": ["MY", "KH"]},
            PASS,
            "geo.regional_serves_priority",
        ),
        "regional serving no priority country": (
            {"scope": "regional", "country": "TH", "serves_countries": ["MN", "SG"]},
            FAIL,
            "geo.regional_serves_no_priority",
        ),
        "regional, served countries not given": (
            {"scope": "regional", "country": "TH"},
            UNCLEAR,
            "geo.regional_serves_unknown",
        ),
        "regional outside every hub region": (
            {"scope": "regional", "country": "IT", "serves_countries": ["KE"]},
            FAIL,
            "geo.regional_outside_hubs",
        ),
        "regional, no country": (
            {"scope": "regional", "country": None},
            UNCLEAR,
            "geo.country_missing",
        ),
        "international anywhere": (
            {"scope": "international", "country": "FR"},
            PASS,
            "geo.international",
        ),
        "audience not given": ({"scope": None}, UNCLEAR, "geo.scope_missing"),
    }
)
def test_geography_depends_on_the_events_audience(changes, outcome, code):
    result = judged(Criterion.GEO, changes)
    assert (result.result, result.code) == (outcome, code)


CLOSES = dt.datetime(2022, 6, 1, 11, 59, 59, tzinfo=dt.UTC)  # 31 May 23:59:59 at UTC-12


@cases(
    {
        "well before": ({}, PASS, "deadline.on_time"),
        "at the last second": ({"submitted_at": CLOSES.isoformat()}, PASS, "deadline.on_time"),
        "1 June in Europe is still 31 May in UTC-12": (
            {"submitted_at": "2022-06-01T09:30:00+02:00"},
            PASS,
            "deadline.on_time",
        ),
        "a second late": (
            {"submitted_at": (CLOSES + dt.timedelta(seconds=1)).isoformat()},
            FAIL,
            "deadline.late",
        ),
        "without offset, read as UTC": (
            {"submitted_at": "2022-06-01T12:00:00"},
            FAIL,
            "deadline.late",
        ),
        "a draft, no moment to judge": ({"submitted_at": None}, UNCLEAR, "deadline.not_submitted"),
    }
)
def test_deadline_is_the_end_of_31_may_anywhere_on_earth(changes, outcome, code):
    result = judged(Criterion.DEADLINE, changes)
    assert (result.result, result.code) == (outcome, code)


@pytest.mark.parametrize(
    ("now", "outcome", "code"),
    [
        (dt.datetime(2022, 5, 30, tzinfo=dt.UTC), PASS, "deadline.open"),
        (CLOSES, PASS, "deadline.open"),
        (CLOSES + dt.timedelta(minutes=1), FAIL, "deadline.closed"),
        (dt.datetime(2022, 5, 30), PASS, "deadline.open"),  # naive: UTC
    ],
)
def test_a_draft_checked_live_is_judged_at_now(now, outcome, code):
    result = judged(Criterion.DEADLINE, {"submitted_at": None}, now=now)
    assert (result.result, result.code) == (outcome, code)


def test_now_does_not_override_a_submission_time():
    late_now = CLOSES + dt.timedelta(days=30)
    assert judged(Criterion.DEADLINE, {}, now=late_now).code == "deadline.on_time"


def test_deadline_reason_shows_times_in_the_calls_time_zone():
    result = judged(Criterion.DEADLINE, {"submitted_at": "2022-06-01T12:30:00Z"})
    assert result.reason == (
        "The expression of interest arrived on 2022-06-01 00:30 UTC-12:00, after the call "
        "closed (2022-05-31 23:59 UTC-12:00)."
    )


@cases(
    {
        "inside 2022": ({}, PASS, "period.in_window"),
        "first and last day of the year": (
            {"start_date": "2022-01-01", "end_date": "2022-12-31"},
            PASS,
            "period.in_window",
        ),
        "starts in 2021": (
            {"start_date": "2021-12-30", "end_date": "2022-01-02"},
            FAIL,
            "period.outside_window",
        ),
        "ends in 2023": (
            {"start_date": "2022-12-30", "end_date": "2023-01-02"},
            FAIL,
            "period.outside_window",
        ),
        "only a start, in 2023": (
            {"start_date": "2023-03-01", "end_date": None},
            FAIL,
            "period.outside_window",
        ),
        "only a start, in 2022": ({"end_date": None}, UNCLEAR, "period.dates_missing"),
        "no dates": ({"start_date": None, "end_date": None}, UNCLEAR, "period.dates_missing"),
    }
)
def test_period_is_the_year_2022(changes, outcome, code):
    result = judged(Criterion.PERIOD, changes)
    assert (result.result, result.code) == (outcome, code)


def test_period_reason_names_the_dates_outside_the_window():
    result = judged(Criterion.PERIOD, {"start_date": "2022-12-30", "end_date": "2023-01-02"})
    assert result.reason == (
        "The event must take place between 2022-01-01 and 2022-12-31, and its dates "
        "(2022-12-30 – 2023-01-02) fall outside that period."
    )


@pytest.mark.parametrize(
    ("changes", "verdict"),
    [
        ({}, Verdict.ELIGIBLE),
        ({"programme_url": None}, Verdict.NEEDS_REVIEW),
        ({"programme_url": None, "registration": "invite_only"}, Verdict.INELIGIBLE),
    ],
)
def test_verdict_is_ineligible_on_any_fail_else_needs_review_on_any_unclear(changes, verdict):
    assert screen(call_2022(), eligible(**changes)).verdict is verdict


def test_every_criterion_is_reported_in_policy_order():
    result = screen(call_2022(), eligible())
    assert list(result.criteria) == list(Criterion)
    assert result.failed == ()
    assert result.unclear == ()


def test_failed_and_unclear_list_the_criteria_concerned():
    result = screen(call_2022(), eligible(format="meetup", programme_url=None))
    assert result.failed == (Criterion.FORMAT,)
    assert result.unclear == (Criterion.PROGRAMME,)
