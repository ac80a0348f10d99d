"""An applicant's edit as staff read it on the timeline: each answer by its label in the
form, with its old and new value where the entry kept them (short answers only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from opencall.applications.document import CodeOfConduct, Format, Registration, Scope, Theme
from opencall.core.countries import country_name, language_name

# The applicant's form asks these questions (cfp/forms.py); the same words, so the
# translations are shared.
LABELS = {
    "event_name": gettext_lazy("Name of the event"),
    "format": gettext_lazy("What kind of event is it?"),
    "organisation": gettext_lazy("Organising team or organisation"),
    "contacts": gettext_lazy("Your email"),
    "language": gettext_lazy("Which language should we write to you in?"),
    "start_date": gettext_lazy("First day"),
    "end_date": gettext_lazy("Last day"),
    "online_only": gettext_lazy("The event is online only"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "expected_attendance": gettext_lazy("How many people do you expect?"),
    "event_languages": gettext_lazy("Languages of the event"),
    "scope": gettext_lazy("Who is the event's audience?"),
    "virtual_component": gettext_lazy("Can people take part online (a virtual component)?"),
    "open_publication": gettext_lazy("Will the content be published openly after the event?"),
    "serves_countries": gettext_lazy("Countries whose community members the event serves"),
    "programme_url": gettext_lazy("Link to the published agenda or call for proposals"),
    "themes": gettext_lazy("Which of these themes does the event touch?"),
    "community_value": gettext_lazy(
        "What value does the event bring to the communities HOT supports?"
    ),
    "registration": gettext_lazy("Can a member of the public buy a ticket or register?"),
    "registration_url": gettext_lazy("Link to registration or tickets"),
    "code_of_conduct": gettext_lazy("Does the event have a code of conduct?"),
    "code_of_conduct_url": gettext_lazy("Link to the code of conduct"),
    "offers": gettext_lazy("Offers requested"),
}
_CHOICES = {
    "format": Format,
    "scope": Scope,
    "registration": Registration,
    "code_of_conduct": CodeOfConduct,
    "themes": Theme,
}


def _one(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in _CHOICES:
        try:
            return _(_CHOICES[name](value).label)
        except ValueError:
            return str(value)
    if name in ("country", "serves_countries"):
        return country_name(value, get_language() or "en")
    if name in ("language", "event_languages"):
        return language_name(value, get_language() or "en")
    return str(value)


def value_text(name: str, value: Any) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_one(name, item) for item in value)
    return _one(name, value)


def edited_text(data: dict[str, Any], new: str) -> str:
    """'City: Nairobi → Kampala; Name of the event' from an edit's data."""
    fields = data.get("fields") or [name for name in new.split(", ") if name]
    values = data.get("values") or {}
    parts = []
    for name in fields:
        label = str(LABELS.get(name, name))
        if name in values:
            old, now = values[name]
            parts.append(
                _("%(field)s: %(old)s → %(new)s")
                % {"field": label, "old": value_text(name, old), "new": value_text(name, now)}
            )
        else:
            parts.append(label)
    return "; ".join(parts)
