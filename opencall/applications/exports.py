"""Applications out of opencall: a spreadsheet for people, the interchange JSON for
tools (the `screen` command reads it back)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.core.spreadsheet import safe_cell

COLUMNS = (
    "ref",
    "status",
    "event_name",
    "format",
    "scope",
    "start_date",
    "end_date",
    "city",
    "country",
    "online_only",
    "organisation",
    "contact_email",
    "registration",
    "code_of_conduct",
    "themes",
    "offers",
    "language",
    "submitted_at",
)


def applications_csv(applications: Iterable[Application]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for application in applications:
        document = ApplicationDocument.model_validate(application.document)
        row = {
            **document.model_dump(mode="json"),
            "ref": application.ref,
            "status": application.status,
            "contact_email": document.contact_email,
            "themes": " ".join(document.themes),
            "offers": " ".join(offer.type for offer in document.offers),
        }
        writer.writerow([safe_cell(row.get(column)) for column in COLUMNS])
    return out.getvalue()


def applications_json(applications: Iterable[Application]) -> str:
    """A JSON array of application documents, in the interchange format."""
    documents = []
    for application in applications:
        document = ApplicationDocument.model_validate(application.document)
        documents.append(document.updated(ref=application.ref).to_json())
    return json.dumps(documents, ensure_ascii=False, indent=2)
