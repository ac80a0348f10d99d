"""The audit timeline as people read it: one line per entry, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.workflow import STATUS_LABELS, Status


@dataclass(frozen=True)
class Entry:
    event: ApplicationEvent
    who: str
    change: str


def _label(value: str) -> str:
    try:
        return str(STATUS_LABELS[Status(value)])
    except ValueError:
        return value


def _who(event: ApplicationEvent) -> str:
    if event.user_id:
        return event.user.get_full_name() or event.user.get_username()
    return event.get_actor_display()


def _change(event: ApplicationEvent) -> str:
    old, new = event.old, event.new
    if event.kind == ApplicationEvent.Kind.STATUS:
        old, new = _label(old), _label(new)
    if event.kind == ApplicationEvent.Kind.REVIEW and event.data.get("state") == "draft":
        return _("draft saved")
    if old and new:
        return f"{old} → {new}"
    return new or (_("removed: %(old)s") % {"old": old} if old else "")


def entries(*, application: Application) -> list[Entry]:
    events = application.events.select_related("user").order_by("at", "id")
    return [Entry(event, _who(event), _change(event)) for event in events]
