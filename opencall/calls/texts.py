"""A call's dates in words and its texts with their placeholders filled, in the
reader's language (the one active for the request).

The key dates a page lists and the dates its texts name are worded here, from the
same values, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from opencall.calls.placeholders import fill
from opencall.core.templatetags.opencall import markdown

if TYPE_CHECKING:
    from opencall.calls.models import Call

# Stands for the deadline while the Markdown is rendered and cleaned; replaced after by
# the <time> element the deadline script reads (which the cleaner would strip). Letters
# only, so Markdown leaves it as it is.
_DEADLINE_MARK = "OpencallDeadlineMarkQv7"


def date_in_words(value: dt.date | None) -> str:
    """A day as people write it: "31 May 2022", "31 mai 2022"."""
    if value is None:
        return ""
    # Translators: a date in words, in the letters of Django's date filter (j: day,
    # F: month's name, Y: year). Spanish and Portuguese: j \d\e F \d\e Y.
    return dateformat.format(value, gettext("j F Y"))


def moment_in_words(value: dt.datetime, call: Call) -> str:
    """A moment in the call's own time zone, with the zone named:
    "31 May 2022 at 23:59 (UTC−12:00)"."""
    local = value.astimezone(call.tzinfo)
    return pgettext("a moment: date, time and time zone", "%(date)s at %(time)s (%(zone)s)") % {
        "date": date_in_words(local.date()),
        "time": dateformat.format(local, "H:i"),
        "zone": call.timezone_label,
    }


@dataclass(frozen=True)
class CallDates:
    """The dates a call's texts may name (calls/placeholders.py), in words."""

    deadline: str
    decision_date: str
    opens_on: str
    event_window_start: str
    event_window_end: str


def call_dates(call: Call) -> CallDates:
    return CallDates(
        deadline=moment_in_words(call.closes_at, call),
        decision_date=date_in_words(call.decision_date),
        opens_on=date_in_words(call.opens_at.astimezone(call.tzinfo).date()),
        event_window_start=date_in_words(call.event_window_start),
        event_window_end=date_in_words(call.event_window_end),
    )


def summary_text(call: Call) -> str:
    """The call's summary as plain text, its dates filled."""
    return fill(call.summary or "", asdict(call_dates(call)))


def body_html(call: Call) -> SafeString:
    """The call's text: Markdown cleaned of anything unsafe, its dates filled. The
    deadline is a <time> element, which the deadline script rewrites in the reader's
    own time zone."""
    values = asdict(call_dates(call))
    deadline = values.pop("deadline")
    html = markdown(fill(call.body or "", {**values, "deadline": _DEADLINE_MARK}))
    element = format_html(
        '<time datetime="{}" data-local-time>{}</time>', call.closes_at.isoformat(), deadline
    )
    return mark_safe(html.replace(_DEADLINE_MARK, element))  # noqa: S308 (both parts are safe)


def privacy_html(call: Call) -> SafeString:
    """The call's privacy notice: Markdown cleaned of anything unsafe, its dates filled."""
    return markdown(fill(call.privacy_notice or "", asdict(call_dates(call))))


def body_markdown(call: Call) -> str:
    """The call's text as Markdown with its dates filled (for the API)."""
    return fill(call.body or "", asdict(call_dates(call)))
