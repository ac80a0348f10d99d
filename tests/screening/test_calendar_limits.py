"""Dates at the calendar's limits: the document refuses them with a message naming the
field, and the engine gives a verdict on any date it is handed all the same."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opencall.applications.document import ApplicationDocument
from opencall.screening.cli import main
from opencall.screening.engine import Criterion, Screener, Verdict
from tests.screening.documents import CALL_FILE, ELIGIBLE, call_2022, eligible
from tests.screening.test_cli import applications

LIMITS = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "1999-12-31T23:59:59+00:00"]


@pytest.mark.parametrize("moment", LIMITS)
def test_a_submission_moment_outside_2000_to_2100_is_refused_naming_the_field(moment):
    with pytest.raises(ValidationError) as caught:
        ApplicationDocument.model_validate({**ELIGIBLE, "submitted_at": moment})

    (error,) = caught.value.errors()
    assert (error["type"], error["loc"]) == ("date_out_of_range", ("submitted_at",))
    assert error["msg"] == "submitted_at must be between 2000-01-01 and 2100-12-31"


@pytest.mark.parametrize(
    ("field", "day"),
    [("start_date", "0001-01-01"), ("end_date", "9999-12-31"), ("start_date", "2101-01-01")],
)
def test_an_event_date_outside_2000_to_2100_is_refused_naming_the_field(field, day):
    record = {**ELIGIBLE, "start_date": "2022-09-10", "end_date": "2022-09-11", field: day}
    record.pop("submitted_at")
    with pytest.raises(ValidationError) as caught:
        ApplicationDocument.model_validate(record)

    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
        ("date_out_of_range", (field,))
    ]


def test_the_window_itself_is_accepted():
    document = ApplicationDocument.model_validate(
        {
            **ELIGIBLE,
            "start_date": "2000-01-01",
            "end_date": "2100-12-31",
            "submitted_at": "2100-12-31T23:59:59-14:00",
        }
    )
    assert document.end_date == dt.date(2100, 12, 31)


# Every moment Python can hold, in any zone or fixed offset (to ±23:59).
offsets = st.timedeltas(
    min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
).map(lambda delta: dt.timezone(delta - dt.timedelta(microseconds=delta.microseconds)))
zones = st.none() | st.timezones() | offsets
# The whole range, with the first and the last days drawn often: that is where
# moving a moment to another offset leaves the calendar.
any_moment = (
    st.datetimes(max_value=dt.datetime(1, 1, 2), timezones=zones)
    | st.datetimes(min_value=dt.datetime(9999, 12, 30), timezones=zones)
    | st.datetimes(timezones=zones)
)


@settings(max_examples=300, deadline=None)
@given(
    submitted=st.none() | any_moment,
    now=st.none() | any_moment,
    start=st.none() | st.dates(),
    end=st.none() | st.dates(),
)
def test_the_engine_gives_a_verdict_on_any_date(submitted, now, start, end):
    # Built without validation: the engine must hold whatever reaches it.
    document = eligible().model_copy(
        update={"submitted_at": submitted, "start_date": start, "end_date": end}
    )

    result = Screener(call_2022()).screen(document, now=now)

    assert isinstance(result.verdict, Verdict)
    assert list(result.criteria) == list(Criterion)
    assert result.criteria[Criterion.DEADLINE].reason


MINUS_14 = dt.timezone(-dt.timedelta(hours=14))


@pytest.mark.parametrize(
    ("moment", "result"),
    [
        (dt.datetime(1, 1, 1, tzinfo=dt.UTC), "pass"),
        (dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=MINUS_14), "fail"),
        (dt.datetime.max, "fail"),
        (dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14))), "pass"),
    ],
)
def test_the_deadline_is_judged_at_the_limits(moment, result):
    document = eligible().model_copy(update={"submitted_at": moment})

    item = Screener(call_2022()).screen(document).criteria[Criterion.DEADLINE]

    assert item.result == result


def test_the_command_line_refuses_such_a_date_naming_record_and_field(tmp_path, capsys):
    path = applications(tmp_path, [{**ELIGIBLE, "submitted_at": "0001-01-01T00:00:00Z"}])

    code = main([str(CALL_FILE), path])

    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert (
        "record [0] (ref 'HOT-2022-001'), field 'submitted_at': "
        "submitted_at must be between 2000-01-01 and 2100-12-31"
    ) in captured.err


def _moment_as_written_before(moment: dt.datetime, zone: dt.tzinfo) -> str:
    # How the engine wrote a moment before it went through isoformat: field by field.
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    try:
        local = aware.astimezone(zone)
    except OverflowError:
        local = aware
    offset = local.utcoffset() or dt.timedelta()
    written = f"{local.date().isoformat()} {local:%H:%M} UTC"
    if not offset:
        return written
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{written}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# Offsets with seconds too (historical local mean times have them), either side of zero.
odd_offsets = st.timedeltas(
    min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
).map(dt.timezone)


@settings(max_examples=500, deadline=None)
@given(
    moment=any_moment | st.datetimes(timezones=st.none() | odd_offsets),
    zone=st.timezones() | offsets | odd_offsets,
)
def test_a_moment_is_written_as_it_was_field_by_field(moment, zone):
    from opencall.screening.engine import _moment

    assert _moment(moment, zone) == _moment_as_written_before(moment, zone)
