"""The supported events as open data (JSON, CSV) and as a calendar feed (iCalendar)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterable

from icalendar import Calendar, Event

from opencall.core.spreadsheet import safe_cell
from opencall.public.summit import SummitEvent
from opencall.selection.published import SupportedEvent

COLUMNS = tuple(
    field.name for field in dataclasses.fields(SupportedEvent) if field.name != "announced_at"
)


def _record(event: SupportedEvent) -> dict[str, object]:
    data = dataclasses.asdict(event)
    data.pop("announced_at")
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in data.items()
    }


def _placed(item: SummitEvent) -> dict[str, object]:
    """An event with where the map puts it and the content it published openly."""
    return {
        **_record(item.event),
        "latitude": item.place.latitude if item.place else None,
        "longitude": item.place.longitude if item.place else None,
        "content": list(item.links),
    }


def events_json(events: Iterable[SummitEvent], *, call: str) -> str:
    return json.dumps(
        {"call": call, "events": [_placed(item) for item in events]},
        ensure_ascii=False,
        indent=2,
    )


def events_csv(events: Iterable[SupportedEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for event in events:
        record = _record(event)
        record["offers"] = "; ".join(event.offers)
        writer.writerow([safe_cell(record[column]) for column in COLUMNS])
    return out.getvalue()


def events_ics(events: Iterable[SupportedEvent], *, title: str, domain: str) -> bytes:
    """All-day events (the call asks for dates, not times); events without a date are
    left out of the feed but stay on the page and in the data."""
    calendar = Calendar()
    calendar.add("prodid", "-//opencall//supported events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    for item in events:
        if item.start is None:
            continue
        event = Event()
        event.add("uid", f"{item.uid}@{domain}")
        event.add("summary", item.name)
        event.add("dtstart", item.start)
        event.add("dtend", (item.end or item.start) + dt.timedelta(days=1))  # exclusive
        event.add("dtstamp", item.announced_at or dt.datetime.now(dt.UTC))
        place = ", ".join(part for part in (item.city, item.country) if part)
        if place:
            event.add("location", place)
        if item.programme_url:
            event.add("url", item.programme_url)
        if item.offers:
            event.add("description", "; ".join(item.offers))
        calendar.add_component(event)
    return calendar.to_ical()
