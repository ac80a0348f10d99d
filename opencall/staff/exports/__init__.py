"""The staff lists as files (CSV and XLSX): one module per list builds its `Table` from
what the page reads, in the reader's language; this module sends it.

The tables live here, in the front end, because their columns and words are the
pages': the reads under them are the domain's selectors, which the API shares.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from opencall.calls.models import Call
from opencall.core.countries import country_name
from opencall.core.spreadsheet import Table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SheetFormat:
    """The `<sheet:format>` of an export's address: csv or xlsx."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def file_name(call: Call, name: str, extension: str, *parts: str) -> str:
    """`hot-summit-2022-queue-2022-06-01.xlsx`: the call, the list, any filter, the day."""
    words = [call.slug, name, *(slugify(part) or "-" for part in parts if part)]
    return f"{'-'.join(words)}-{timezone.localdate().isoformat()}.{extension}"


def download(table: Table, *, call: Call, name: str, format: str, parts=()) -> HttpResponse:
    if format not in CONTENT_TYPES:
        raise Http404
    body = table.as_xlsx() if format == "xlsx" else table.as_csv()
    response = HttpResponse(body, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name(call, name, format, *parts)}"'
    )
    # What a reader may see changes with their roles: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def country(code: str, language: str) -> str:
    return country_name(code, language) if code else ""


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
