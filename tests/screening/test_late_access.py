"""DEADLINE judged against a late access a call administrator granted (plain data)."""

from __future__ import annotations

import datetime as dt

import pytest

from opencall.screening.engine import Criterion, Outcome, Verdict, screen
from tests.screening.documents import call_2022, eligible

CLOSES = dt.datetime(2022, 6, 1, 11, 59, 59, tzinfo=dt.UTC)  # 31 May 23:59:59 at UTC-12
UNTIL = CLOSES + dt.timedelta(days=2)
FAIL = Outcome.FAIL


def deadline(submitted_at: dt.datetime | None, until: dt.datetime | None, now=None):
    document = eligible(submitted_at=submitted_at.isoformat() if submitted_at else None)
    return screen(call_2022(), document, now=now, extended_until=until)


@pytest.mark.parametrize(
    ("arrived", "until", "outcome", "code"),
    [
        (CLOSES + dt.timedelta(days=1), UNTIL, Outcome.PASS, "deadline.extended"),
        (UNTIL, UNTIL, Outcome.PASS, "deadline.extended"),
        (UNTIL + dt.timedelta(seconds=1), UNTIL, Outcome.FAIL, "deadline.late"),
        (CLOSES + dt.timedelta(days=1), None, Outcome.FAIL, "deadline.late"),
        (CLOSES, UNTIL, Outcome.PASS, "deadline.on_time"),
        # An "extension" that ends before the close extends nothing.
        (UNTIL - dt.timedelta(days=1), CLOSES - dt.timedelta(hours=1), FAIL, "deadline.late"),
    ],
    ids=["within", "at the last second", "a second after", "none", "on time", "before close"],
)
def test_a_late_arrival_passes_within_the_extension_only(arrived, until, outcome, code):
    item = deadline(arrived, until).criteria[Criterion.DEADLINE]
    assert (item.result, item.code) == (outcome, code)


def test_the_reason_says_the_extension_was_granted_by_the_calls_team():
    result = deadline(CLOSES + dt.timedelta(hours=13), UNTIL)
    assert result.verdict == Verdict.ELIGIBLE
    assert result.criteria[Criterion.DEADLINE].reason == (
        "The expression of interest arrived on 2022-06-01 12:59 UTC-12:00, after the call "
        "closed (2022-05-31 23:59 UTC-12:00) but within the extension to 2022-06-02 23:59 "
        "UTC-12:00 granted by the call's team."
    )
    assert result.criteria[Criterion.DEADLINE].params["until"] == "2022-06-02 23:59 UTC-12:00"


@pytest.mark.parametrize(
    ("now", "code"),
    [
        (CLOSES + dt.timedelta(days=1), "deadline.extended_open"),
        (UNTIL + dt.timedelta(minutes=1), "deadline.closed"),
        (CLOSES - dt.timedelta(days=1), "deadline.open"),
    ],
)
def test_a_draft_checked_live_is_judged_against_the_extension(now, code):
    assert deadline(None, UNTIL, now=now).criteria[Criterion.DEADLINE].code == code
