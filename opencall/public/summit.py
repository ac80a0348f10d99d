"""The distributed Summit as the public reads it: the supported events by region, each
placed on the map and followed by the content it published openly.

Only what `selection.published` lets out (never a contact, score or reason), the
places from `core.places` and the open links from `collaborations.outcome`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext

from opencall.accounts.queue import hub_labels
from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.collaborations.outcome import published_content
from opencall.core.countries import name_sort_key
from opencall.core.places import Place, place_of
from opencall.selection.published import SupportedEvent, supported_events


@dataclass(frozen=True)
class SummitEvent:
    event: SupportedEvent
    place: Place | None  # None: online only, or a country the map does not know
    links: tuple[str, ...]  # its content published openly
    hub_code: str = ""


@dataclass(frozen=True)
class Region:
    name: str
    events: list[SummitEvent]


def summit_events(*, call: Call) -> list[SummitEvent]:
    """The supported events (by date), each with its place and open content."""
    events = supported_events(call=call)
    found = {
        str(public_id): (pk, hub_code)
        for public_id, pk, hub_code in Application.objects.filter(
            call=call, public_id__in=[event.uid for event in events]
        ).values_list("public_id", "pk", "hub_code")
    }
    content = published_content(call=call)
    return [
        SummitEvent(
            event=event,
            place=None if event.online_only else place_of(event.city, event.country_code),
            links=content.get(found.get(event.uid, (None, ""))[0], ()),
            hub_code=found.get(event.uid, (None, ""))[1],
        )
        for event in events
    ]


def by_region(*, call: Call, events: list[SummitEvent]) -> list[Region]:
    """The events grouped by their hub's region, in the reader's language, by name;
    events without a hub last."""
    labels = hub_labels(call=call)
    grouped: dict[str, list[SummitEvent]] = {}
    for item in events:
        name = labels[item.hub_code].short if item.hub_code in labels else ""
        grouped.setdefault(name, []).append(item)
    named = sorted((name for name in grouped if name), key=name_sort_key)
    regions = [Region(name, grouped[name]) for name in named]
    if "" in grouped:
        regions.append(Region(gettext("Other places"), grouped[""]))
    return regions


def _dates(event: SupportedEvent) -> str:
    if event.start is None:
        return ""
    start = date_format(event.start, "DATE_FORMAT")
    if event.end and event.end != event.start:
        return f"{start} – {date_format(event.end, 'DATE_FORMAT')}"
    return start


def map_points(events: list[SummitEvent]) -> list[dict[str, object]]:
    """What the map's script reads (a JSON script tag): the events with a place."""
    return [
        {
            "name": item.event.name,
            "dates": _dates(item.event),
            "place": ", ".join(part for part in (item.event.city, item.event.country) if part),
            "lat": item.place.latitude,
            "lon": item.place.longitude,
            "url": item.event.programme_url,
            "links": list(item.links),
        }
        for item in events
        if item.place is not None
    ]


def tile_settings() -> tuple[str, str]:
    return settings.OPENCALL_MAP_TILES, settings.OPENCALL_MAP_ATTRIBUTION


def tile_origin(url: str) -> str:
    """The CSP source that lets the map's tiles in: the template's scheme and host, a
    `{s}` subdomain as a wildcard ("https://{s}.tile.example.org/..." gives
    "https://*.tile.example.org")."""
    parts = urlsplit(url.replace("{s}", "s-placeholder"))
    host = (parts.netloc or "").replace("s-placeholder", "*")
    if not host or parts.scheme not in ("http", "https"):
        return ""
    return f"{parts.scheme}://{host}"
