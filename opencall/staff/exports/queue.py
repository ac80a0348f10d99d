"""The queue as filtered and sorted on its page, every matching row (not one page), and
the team's score only where the page shows it."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext

from opencall.accounts.queue import HubLabel, shows_score
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.core.spreadsheet import Cell, Table
from opencall.reviews.aggregate import DISAGREEMENT_POINTS
from opencall.staff.exports import country, yes_no


def hub_name(code: str, hubs: dict[str, HubLabel]) -> str:
    label = hubs.get(code)
    if label is not None:
        return label.full
    return code or pgettext("events by hub", "No hub region")


def my_review(row: Application) -> str:
    """The reader's own review of a queue row, as the page's column says it."""
    if row.conflicted:
        return gettext("conflict")
    if row.my_review == "submitted":
        return pgettext("review state", "submitted")
    if row.my_review == "draft":
        return gettext("draft")
    if row.assigned_to_me:
        return gettext("to do")
    return ""


def offers_asked(row: Application, offers: dict[str, str]) -> str:
    document = ApplicationDocument.model_validate(row.document or {})
    return ", ".join(offers.get(offer.type, offer.type) for offer in document.offers)


def table(
    rows: list[Application],
    *,
    hubs: dict[str, HubLabel],
    offers: dict[str, str],
    is_admin: bool,
    language: str,
    title: str,
) -> Table:
    headers = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Offers asked for"),
        gettext("Sent"),
        gettext("Status"),
        gettext("Screening"),
        gettext("Open Mapping Hub"),
        gettext("Country"),
        gettext("Starts"),
        gettext("My review"),
        gettext("Reviews"),
        gettext("Score (out of 100)"),
        gettext("Disagreement"),
    ]
    cells: list[list[Cell]] = []
    for row in rows:
        shown = shows_score(row, is_admin=is_admin) and bool(row.review_count)
        cells.append(
            [
                row.ref,
                row.event_name,
                offers_asked(row, offers),
                row.submitted_at,
                row.status_label,
                row.screening.get_verdict_display() if hasattr(row, "screening") else "",
                hub_name(row.hub_code, hubs),
                country(row.country, language),
                row.start_date,
                my_review(row),
                row.review_count,
                round(row.score_mean, 1) if shown and row.score_mean is not None else None,
                yes_no((row.score_spread or 0) >= DISAGREEMENT_POINTS) if shown else "",
            ]
        )
    return Table(headers, cells, title=title, frozen_columns=2)
