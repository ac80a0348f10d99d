"""What a delivery says: small, and nothing the staff API does not show already (no
contact, no answer, no private question). docs/webhooks.md lists every field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse

from opencall.applications.models import Application


def application_part(application: Application, *, call_slug: str | None = None) -> dict[str, Any]:
    slug = call_slug or application.call.slug
    page = reverse("staff:application", kwargs={"slug": slug, "number": application.number})
    return {
        "ref": f"{slug.upper()}-{application.number:04d}",  # Application.ref, without a query
        "number": application.number,
        "status": application.status,
        "url": settings.SITE_URL + page,
    }


def payload(
    *,
    event: str,
    event_id: str,
    call_slug: str,
    created: dt.datetime,
    application: Application | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": event_id,
        "event": event,
        "created": created.isoformat(),
        "call": call_slug,
    }
    if application is not None:
        body["application"] = application_part(application, call_slug=call_slug)
    if data:
        body["data"] = data
    return body
