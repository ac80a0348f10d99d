"""A row read with another one: the pages that show several one-to-one parts of a row
read them with it, in one query (select_related); the functions that show one part
read it themselves when it did not come with the row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model

Row = TypeVar("Row", bound=Model)


def read_with(instance: Model, name: str, query: Callable[[], Row | None]) -> Row | None:
    """The one-to-one row `name` of `instance` as the caller read it with the instance
    (None when there is none), else `query()`, which reads it now."""
    if getattr(type(instance), name).is_cached(instance):
        found: Any = getattr(instance, name, None)  # none there: cached as missing
        return found
    return query()
