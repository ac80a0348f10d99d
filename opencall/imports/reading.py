"""Reading a responses spreadsheet (CSV or XLSX) into a header and rows, each row with
its line number as a spreadsheet shows it (the header is line 1).

Pure Python (no Django). CSV: the delimiter is sniffed (comma, semicolon, tab), UTF-8
with or without a byte-order mark, else Windows-1252 / Latin-1 with a note saying so.
XLSX: the first sheet, read only; dates come as real datetimes. Blank rows are kept
aside as skipped, by line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from opencall.imports.problems import Problem

Cell = str | int | float | dt.datetime | dt.date | dt.time | bool | None
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[Cell, ...]

    def get(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class Sheet:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    blank: tuple[int, ...] = ()  # lines of the blank rows
    notes: tuple[Problem, ...] = field(default=())  # read, but the reader should know

    def column(self, header: str) -> int | None:
        try:
            return self.headers.index(header)
        except ValueError:
            return None


def _blank(cells: tuple[Cell, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _sheet(name: str, lines: list[tuple[Cell, ...]], notes: tuple[Problem, ...] = ()) -> Sheet:
    if not lines:
        raise Problem("empty_file", name=name)
    header_cells = lines[0]
    headers = tuple("" if cell is None else str(cell).strip() for cell in header_cells)
    while headers and not headers[-1]:
        headers = headers[:-1]
    if not headers:
        raise Problem("no_header", name=name)
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise Problem("duplicate_header", column=header)
        seen.add(header)
    rows, blank = [], []
    for line, cells in enumerate(lines[1:], start=2):
        if _blank(cells):
            blank.append(line)
        else:
            rows.append(Row(line=line, cells=tuple(cells)))
    # Blank lines at the very end are a spreadsheet's tail, not skipped rows.
    last = rows[-1].line if rows else 1
    return Sheet(headers, tuple(rows), tuple(b for b in blank if b < last), notes)


def _decode(name: str, content: bytes) -> tuple[str, tuple[Problem, ...]]:
    try:
        return content.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), (Problem("not_utf8", name=name, encoding="Windows-1252"),)
    except UnicodeDecodeError:
        return content.decode("latin-1"), (Problem("not_utf8", name=name, encoding="Latin-1"),)


def _delimiter(sample: str) -> str:
    """The delimiter that splits the first rows into the most columns, the same number in
    each (a header's quoted commas do not fool it, unlike a guess from one line)."""
    best, score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:20]
        except csv.Error:
            continue
        rows = [row for row in rows if any(cell.strip() for cell in row)][:-1] or rows[:1]
        if not rows:
            continue
        width = len(rows[0])
        steady = sum(1 for row in rows if len(row) == width)
        if (steady, width) > score and width > 1:
            best, score = delimiter, (steady, width)
    return best


def read_csv(content: bytes, name: str = "responses.csv") -> Sheet:
    text, notes = _decode(name, content)
    if not text.strip():
        raise Problem("empty_file", name=name)
    delimiter = _delimiter(text[: 64 * 1024])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        lines = [tuple(cells) for cells in reader]
    except csv.Error as exc:
        raise Problem("bad_csv", name=name, why=exc) from exc
    return _sheet(name, lines, notes)


def read_xlsx(content: bytes, name: str = "responses.xlsx") -> Sheet:
    import openpyxl  # only when a workbook is read

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Problem("bad_xlsx", name=name, why=exc.__class__.__name__) from exc
    try:
        sheet = workbook.worksheets[0]
        lines = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _sheet(name, lines)


def read_file(name: str, content: bytes) -> Sheet:
    """A CSV or XLSX file by its name (or, nameless, by its content: a zip is XLSX)."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")) or (
        not lower.endswith((".csv", ".tsv", ".txt")) and content[:2] == b"PK"
    ):
        return read_xlsx(content, name)
    if lower.endswith((".csv", ".tsv", ".txt")) or b"\x00" not in content[:4096]:
        return read_csv(content, name)
    raise Problem("not_spreadsheet", name=name)
