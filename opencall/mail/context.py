"""What a mail may say, as plain strings: the standard placeholders and their format.

Templates only ever see strings (and numbers), never model instances: a template
that staff edit cannot reach into the database.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, translation
from django.utils.translation import gettext

from opencall.applications.links import private_url
from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.mail.rendering import Rendered, to_html

# Date and time as people write them in each language; English is the fallback.
_FORMATS = {
    "en": {"date": "j F Y", "time": "H:i", "moment": "{date}, {time}"},
    "fr": {"date": "j F Y", "time": r"H\hi", "moment": "{date} à {time}"},
    "es": {"date": r"j \d\e F \d\e Y", "time": "H:i", "moment": "{date}, a las {time}"},
    "pt": {"date": r"j \d\e F \d\e Y", "time": "H:i", "moment": "{date}, às {time}"},
}


def _formats(language: str) -> dict[str, str]:
    return _FORMATS.get(language, _FORMATS["en"])


def format_day(value: dt.date, language: str) -> str:
    with translation.override(language):
        return dateformat.format(value, _formats(language)["date"])


def _offset(moment: dt.datetime) -> str:
    minutes = int((moment.utcoffset() or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def format_moment(value: dt.datetime, zone: str, language: str) -> str:
    """'31 May 2022, 23:59 (UTC−12:00)'; a named zone is shown too ('Europe/Paris, UTC+02:00')."""
    local = value.astimezone(zoneinfo.ZoneInfo(zone))
    formats = _formats(language)
    with translation.override(language):
        text = formats["moment"].format(
            date=dateformat.format(local, formats["date"]),
            time=dateformat.format(local, formats["time"]),
        )
    named = "/" in zone and not zone.startswith("Etc/")
    where = f"{zone}, {_offset(local)}" if named else _offset(local)
    return f"{text} ({where})"


def as_text(value: Any, language: str) -> str | int:
    """One placeholder value as the template sees it: lists become '- item' lines."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        return format_moment(value, settings.TIME_ZONE, language)
    if isinstance(value, dt.date):
        return format_day(value, language)
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return "\n".join(f"- {item}" for item in (as_text(v, language) for v in value) if item)
    return str(value)


def prepare(values: Mapping[str, Any], language: str) -> dict[str, str | int]:
    return {name: as_text(value, language) for name, value in values.items()}


def call_context(call: Call, language: str) -> dict[str, str]:
    with translation.override(language):
        title = str(call.title)
    return {
        "call_title": title,
        "organiser": call.organiser or title,
        "closes_at": format_moment(call.closes_at, call.timezone, language),
        "decision_date": format_day(call.decision_date, language),
    }


def applicant_name(application: Application) -> str:
    contacts = (application.document or {}).get("contacts") or []
    first = contacts[0] if contacts and isinstance(contacts[0], dict) else {}
    return (first.get("name") or "").strip()


def applicant_context(application: Application, language: str) -> dict[str, str]:
    return {
        **call_context(application.call, language),
        "applicant_name": applicant_name(application),
        "event_name": application.event_name,
        "ref": application.ref,
        "private_link": private_url(application),
    }


def privacy_link(call: Call) -> str:
    """The call's privacy notice, on the public site (cfp:privacy)."""
    return settings.SITE_URL + reverse("cfp:privacy", kwargs={"slug": call.slug})


def with_privacy_footer(rendered: Rendered, *, call: Call, language: str) -> Rendered:
    """Every mail ends with the link to the call's privacy notice, in the mail's language."""
    with translation.override(language):
        line = gettext("How we handle your data, and how to download or erase it: %(link)s")
    footer = line % {"link": privacy_link(call)}
    body = rendered.body_text.rstrip("\n") + "\n\n-- \n" + footer + "\n"
    html = to_html(body, subject=rendered.subject, language=language)
    return Rendered(rendered.subject, body, html)


def admin_link(viewname: str, **kwargs: Any) -> str:
    try:
        return settings.SITE_URL + reverse(viewname, kwargs=kwargs or None)
    except NoReverseMatch:
        return settings.SITE_URL + "/admin/"
