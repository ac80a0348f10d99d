"""The outcome report's per-event table as a file: CSV and XLSX, the same columns.

Text goes through `safe_cell` (a cell a spreadsheet would run as a formula is written
as text); counts and amounts stay numbers, each amount's unit in its column's name.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, pgettext

from opencall.collaborations.outcome import EventRow, Outcome
from opencall.core.spreadsheet import safe_cell


def _dates(event: EventRow) -> str:
    if not event.start:
        return ""
    start = event.start.isoformat()
    if event.end and event.end != event.start:
        return f"{start} – {event.end.isoformat()}"
    return start


def header(outcome: Outcome) -> list[str]:
    columns = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Open Mapping Hub"),
        gettext("Country"),
        gettext("Dates"),
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


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def rows(outcome: Outcome) -> list[list[Any]]:
    """Each event's cells: text made safe, numbers as numbers (None: not known yet)."""
    table = []
    for event in outcome.events:
        cells: list[Any] = [
            safe_cell(event.ref),
            safe_cell(event.name),
            safe_cell(event.hub),
            safe_cell(event.country),
            _dates(event),
            safe_cell(event.scope_label),
            event.in_person,
            event.online,
            event.scholarships_used,
            event.deliverables.done,
            event.deliverables.dropped,
            event.commitments.done,
        ]
        for figures in outcome.pools:
            code = figures.pool.code
            cells.append(_number(event.committed.get(code, Decimal(0))))
            cells.append(_number(event.spent.get(code, Decimal(0))))
        cells.append(safe_cell(" ".join(event.links)))
        table.append(cells)
    return table


def as_csv(outcome: Outcome) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(title) for title in header(outcome)])
    for cells in rows(outcome):
        writer.writerow(["" if cell is None else cell for cell in cells])
    return out.getvalue()


def as_xlsx(outcome: Outcome, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    # A sheet's name: at most 31 characters, none of []:*?/\
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Outcome"
    sheet.append([safe_cell(title) for title in header(outcome)])
    for cells in rows(outcome):
        sheet.append(cells)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
