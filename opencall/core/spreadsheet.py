"""Tables for people who open them in a spreadsheet: one way to write CSV and XLSX.

A `Table` is headers and rows of plain values; `as_csv()` and `as_xlsx()` write the
same cells. Text a spreadsheet would run as a formula (CSV injection: it begins with
`=`, `+`, `-`, `@`, a tab or a carriage return) stays text: in CSV behind a leading
apostrophe (`safe_cell`), in XLSX as a text cell marked as such (the value unchanged).
Numbers stay numbers and dates stay dates in XLSX; CSV writes dates as ISO 8601
(`2022-05-31`), which every spreadsheet reads as a date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

Cell = str | int | float | Decimal | dt.date | dt.datetime | None

RISKY = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 refuses these control characters: openpyxl would raise on them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
WIDEST = 60  # characters: a long answer wraps in its cell rather than widening the sheet
DATE_FORMAT = "d mmm yyyy"  # month names in the reader's spreadsheet's own language
DATETIME_FORMAT = "d mmm yyyy hh:mm"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is written as text (CSV injection).
    return "'" + text if text[:1] in RISKY else text


def _plain(value: Cell) -> Cell:
    """Decimals as int or float (a spreadsheet has one kind of number); aware times in
    the site's time zone, without it (XLSX has no time zones)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        raise TypeError("write yes/no as words: a spreadsheet shows TRUE/FALSE in English")
    return value


def _csv_text(value: Cell) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return safe_cell(value)


def _sheet_title(title: str) -> str:
    # A sheet's name: at most 31 characters, none of []:*?/\
    cleaned = "".join(c for c in _ILLEGAL.sub("", title) if c not in "[]:*?/\\").strip("'")
    return cleaned[:31] or "Sheet"


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 17
    if isinstance(value, dt.date):
        return 12
    longest = max((len(line) for line in str(value).splitlines()), default=0)
    return min(longest, WIDEST)


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    title: str = ""  # the XLSX sheet's name
    frozen_columns: int = 0  # columns that stay in view when the sheet scrolls sideways

    def as_csv(self) -> bytes:
        """UTF-8 with a byte-order mark: without it, Excel reads "é" as "Ã©"."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([safe_cell(header) for header in self.headers])
        for row in self.rows:
            writer.writerow([_csv_text(value) for value in row])
        return out.getvalue().encode("utf-8-sig")

    def as_xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        sheet = book.active
        sheet.title = _sheet_title(self.title)
        widths = [max(_width(header), 8) for header in self.headers]
        for column, header in enumerate(self.headers, start=1):
            self._text(sheet.cell(row=1, column=column), header)
            sheet.cell(row=1, column=column).font = Font(bold=True)
        for number, row in enumerate(self.rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                value = _plain(value)
                if isinstance(value, str):
                    self._text(cell, value)
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif value is not None:
                    cell.value = value
                    if isinstance(value, dt.datetime):
                        cell.number_format = DATETIME_FORMAT
                    elif isinstance(value, dt.date):
                        cell.number_format = DATE_FORMAT
                if column <= len(widths):
                    widths[column - 1] = max(widths[column - 1], _width(value))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width + 2
        sheet.freeze_panes = sheet.cell(row=2, column=self.frozen_columns + 1)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    @staticmethod
    def _text(cell, text: str) -> None:
        """Text as a text cell: openpyxl would store "=..." as a formula otherwise."""
        cell.value = _ILLEGAL.sub("", text)
        cell.data_type = "s"
        if text[:1] in RISKY:
            # What Excel sets when someone types '=...: shown as typed, never run.
            cell.quotePrefix = True
