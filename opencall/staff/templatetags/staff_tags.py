import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from opencall.applications.personal import Blind
from opencall.selection.amounts import amount_text
from opencall.selection.models import ResourcePool
from opencall.staff import refs

register = template.Library()


@register.filter
def blinded(text: Any, blind: Blind | None) -> str:
    """Free text as a blind reviewer may read it: each name or address of the applicant
    replaced ({{ message.body|blinded:blind|linebreaks }}); unchanged for everyone else."""
    if blind is None:
        return text
    return blind.text(text)


@register.filter
def get_state(states: dict, key: int) -> str:
    """A reviewer's review state from a {user id: state} mapping."""
    return states.get(key, "")


@register.filter
def lookup(mapping: Mapping | None, key: Any) -> Any:
    """mapping[key], or "" ({{ event_names|lookup:row.ref }})."""
    return (mapping or {}).get(key, "")


@register.filter
def in_unit(value: Any, pool: ResourcePool | str) -> str:
    """An amount with its pool's unit: {{ amount|in_unit:pool }} gives "USD 6,000".
    The argument is a pool or a unit code; anything else shows the number alone."""
    if isinstance(pool, ResourcePool):
        return pool.amount_text(value)
    return amount_text(value, pool if isinstance(pool, str) else "")


@register.filter
def by_pool(costs: Mapping[str, Any], pools: Mapping[str, ResourcePool]) -> list[tuple]:
    """{pool code: amount} as (pool, "USD 6,000") pairs, in the pools' order."""
    known = [(pool, pool.amount_text(costs[code])) for code, pool in pools.items() if code in costs]
    unknown = [(code, amount_text(v, "")) for code, v in costs.items() if code not in pools]
    return known + unknown


@register.filter
def named(code: str | None, names: Mapping[str, str]) -> str:
    """A code by its name ({{ application.hub_code|named:hub_names }}); unknown codes as
    they are."""
    if not code:
        return ""
    return names.get(code, code)


@register.filter
def short_ref(value: Any) -> str:
    """The one reference staff pages show: "#0042" (opencall/staff/refs.py)."""
    return refs.short_ref(value)


@register.filter
def short_refs(values: Iterable[Any]) -> list[str]:
    """short_ref of each ({{ o.refs|short_refs|join:", " }})."""
    return [short_ref(value) for value in values or ()]


@register.simple_tag
def hub_label(code: str | None, hubs: Mapping[str, Any]) -> str:
    """A hub by its short name, the full name as a tooltip; "—" without a hub."""
    if not code:
        return "—"
    label = hubs.get(code)
    if label is None:
        return code
    full = getattr(label, "full", str(label))
    return format_html('<span title="{}">{}</span>', full, str(label))


@register.inclusion_tag("staff/includes/bar.html")
def pool_bar(used: Any, capacity: Any, pool: Any) -> dict[str, Any]:
    """A pool's use as a bar drawn on the server (an inline SVG, readable without
    JavaScript), with the amounts as text beside it: "USD 6,000 of USD 8,000 used"."""
    used_f, capacity_f = float(used or 0), float(capacity or 0)
    return {
        **_bar(used_f, capacity_f),
        "used": in_unit(used_f, pool),
        "capacity": in_unit(capacity_f, pool),
    }


@register.inclusion_tag("staff/includes/bar.html")
def count_bar(count: Any, most: Any, text: str) -> dict[str, Any]:
    """The same bar for a count among others (the longest bar is the largest count),
    the count written beside it as `text`: "3 events"."""
    return {**_bar(float(count or 0), float(most or 0)), "state": "", "text": text}


def _bar(value: float, whole: float) -> dict[str, Any]:
    share = min(1.0, value / whole) if whole > 0 else (1.0 if value > 0 else 0.0)
    return {
        "width": f"{share * 100:.1f}",
        "percent": round(share * 100),
        "state": "over" if value > whole else ("full" if share >= 0.999 else ""),
    }


@register.filter
def from_today(day: dt.date | dt.datetime | None, today: dt.date | None = None) -> str:
    """A day as people say it against today: "today", "in 5 days", "3 days ago"."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    days = (day - (today or timezone.localdate())).days
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    if days == -1:
        return gettext("yesterday")
    if days > 0:
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    return ngettext("%(count)d day ago", "%(count)d days ago", -days) % {"count": -days}
