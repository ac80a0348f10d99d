"""The version of what a call's public pages show, for the caches that keep them.

Every change a public page of the call shows (the call and its texts, its offers, the
reference data, the supported events) bumps the call's `page_version` in the same
transaction as the change, so a reader that sees the new version also sees the new
data. The pages' caches put the version in their key and their ETag
(`core/pagecache.py`): an edit is served at the next request, whichever process
answers it, since the version lives in the database, not in a per-process cache.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils import timezone

from opencall.calls.models import Call


@dataclass(frozen=True)
class PageStamp:
    """What decides whether a cached page is still right: versions and the call's phase."""

    key: str  # versions and phases of the calls the page shows
    changed_at: dt.datetime | None  # the latest change, for Last-Modified
    valid_until: dt.datetime | None  # the next opening or closing: the page changes then


def call_page_changed(*, call_ids: Iterable[int]) -> None:
    ids = list(call_ids)
    if ids:
        Call.objects.filter(pk__in=ids).update(
            page_version=F("page_version") + 1, page_changed_at=timezone.now()
        )


def call_pages_changed_all() -> None:
    """For a change every call's pages may show (the reference data)."""
    Call.objects.update(page_version=F("page_version") + 1, page_changed_at=timezone.now())


def _stamp(rows: list[tuple[int, int, dt.datetime | None, dt.datetime, dt.datetime]]) -> PageStamp:
    now = timezone.now()
    parts, changed, boundaries = [], [], []
    for pk, version, changed_at, opens_at, closes_at in rows:
        phase = "before" if now < opens_at else "open" if now <= closes_at else "closed"
        parts.append(f"{pk}.{version}.{phase}")
        changed += [changed_at] if changed_at else []
        boundaries += [moment for moment in (opens_at, closes_at) if moment > now]
    return PageStamp(
        key="-".join(parts),
        changed_at=max(changed, default=None),
        valid_until=min(boundaries, default=None),
    )


_FIELDS = ("page_version", "page_changed_at", "opens_at", "closes_at")  # after the pk


@functools.cache
def _select(vendor: str, where_field: str | None) -> str:
    """The stamp's query for one backend: of the calls whose `where_field` is the
    parameter, or of every call in order."""
    quote = connection.ops.quote_name
    fields = [Call._meta.pk, *(Call._meta.get_field(name) for name in _FIELDS)]
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"SELECT {columns} FROM {quote(Call._meta.db_table)}"  # noqa: S608
    if where_field is None:
        return f"{sql} ORDER BY {quote(Call._meta.pk.column)}"
    return f"{sql} WHERE {quote(Call._meta.get_field(where_field).column)} = %s"


def _rows(where_field: str | None = None, params: tuple = ()) -> list[tuple]:
    """The stamp's columns, read with plain SQL: every public page asks on every
    request, and building the ORM's query cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_select(connection.vendor, where_field), params)
        rows = cursor.fetchall()
    # SQLite hands datetimes back as text: convert them as the ORM would. PostgreSQL's
    # driver returns them converted already (its backend has no such converter).
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    if convert is None:
        return rows
    return [
        (pk, version, *(convert(value, None, connection) for value in moments))
        for pk, version, *moments in rows
    ]


def call_page_stamp(*, slug: str) -> PageStamp | None:
    """One small query; None when there is no such call."""
    rows = _rows("slug", (slug,))
    return _stamp(rows) if rows else None


def call_list_stamp() -> PageStamp:
    """For the start page, which shows every call."""
    return _stamp(_rows())
