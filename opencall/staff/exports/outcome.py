"""The outcome report's per-event table: counts and amounts stay numbers, each amount's
unit in its column's name."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext, pgettext

from opencall.collaborations.outcome import Outcome
from opencall.core.spreadsheet import Cell, Table


def header(outcome: Outcome) -> list[str]:
    columns = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Open Mapping Hub"),
        gettext("Country"),
        gettext("Starts"),
        gettext("Ends"),
        gettext("Scope"),
        gettext("People in person"),
        gettext("People online"),
        gettext("Scholarships used"),
        gettext("Deliverables delivered"),
        gettext("Deliverables dropped"),
        gettext("Commitments kept"),
    ]
    for figures in outcome.pools:
        unit = figures.pool.get_unit_display()
        words = {"pool": figures.pool.label, "unit": unit}
        columns.append(pgettext("export column", "%(pool)s: committed (%(unit)s)") % words)
        columns.append(pgettext("export column", "%(pool)s: spent (%(unit)s)") % words)
    columns.append(gettext("Content published openly"))
    return columns


def rows(outcome: Outcome) -> list[list[Cell]]:
    """Each event's cells (None: not known yet, such as the people before a report)."""
    table = []
    for event in outcome.events:
        cells: list[Cell] = [
            event.ref,
            event.name,
            event.hub,
            event.country,
            event.start,
            event.end,
            event.scope_label,
            event.in_person,
            event.online,
            event.scholarships_used,
            event.deliverables.done,
            event.deliverables.dropped,
            event.commitments.done,
        ]
        for figures in outcome.pools:
            code = figures.pool.code
            cells.append(event.committed.get(code, Decimal(0)))
            cells.append(event.spent.get(code, Decimal(0)))
        cells.append(" ".join(event.links))
        table.append(cells)
    return table


def table(outcome: Outcome, *, title: str) -> Table:
    return Table(header(outcome), rows(outcome), title=title, frozen_columns=2)
