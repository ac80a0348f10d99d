"""The example responses file (invented people) as CSV, and the same as XLSX, made from
the CSV with real dates and times in the cells, as a spreadsheet keeps them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
CSV_FILE = DATA / "responses-2022.csv"
MAPPING_FILE = DATA / "mapping-2022.json"
DATE_COLUMNS = ("First day", "Last day")


def _cell(header: str, text: str) -> object:
    """Timestamps and day-first dates as the datetimes a spreadsheet stores."""
    if not text:
        return None
    if header == "Timestamp":
        return dt.datetime.strptime(text, "%d/%m/%Y %H:%M:%S")
    if header in DATE_COLUMNS and "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%Y")
    return text


def xlsx_from_csv(content: bytes) -> bytes:
    import openpyxl

    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form responses 1"
    headers = rows[0]
    sheet.append(headers)
    for row in rows[1:]:
        sheet.append([_cell(header, text) for header, text in zip(headers, row, strict=True)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def responses_csv() -> bytes:
    return CSV_FILE.read_bytes()


@pytest.fixture
def responses_xlsx(responses_csv) -> bytes:
    return xlsx_from_csv(responses_csv)


@pytest.fixture
def mapping_2022() -> dict:
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def importer(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("importer", first_name="Ines")
