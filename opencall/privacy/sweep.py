"""Replace a person's data wherever the database holds it as text.

Personal data is copied into many places (the document, the timeline's data, messages,
the outbox's address and body, imported rows, webhook bodies, stored screenings' reasons,
the admin's log). Rather than a list that drifts as apps are added, the sweep reads every
model through django.apps and, in each text, JSON and binary column, replaces each value
where it stands as a whole word. Only values long enough to be the person's (an address,
a whole name) are swept this way; the parts of a name are replaced only inside the
application's own texts (anonymise.py).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

ERASED = "[erased]"
SHORTEST_SWEPT = 5  # a shorter value ("Li", "Ana") would hit other people's words
# Rows that must not change: the audit of erasures itself (it keeps only hashes), the
# call's own texts and reference data, the staff's accounts, Django's bookkeeping.
LEFT_ALONE = frozenset({"privacy", "calls", "reference", "contenttypes", "auth", "accounts"})
TEXT_FIELDS = (models.CharField, models.TextField)


def swept_values(values: Iterable[str]) -> tuple[str, ...]:
    kept = {value.strip() for value in values if len(value.strip()) >= SHORTEST_SWEPT}
    return tuple(sorted(kept, key=lambda value: (-len(value), value)))


def pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    values = tuple(values)
    if not values:
        return None
    either = "|".join(re.escape(value) for value in values)
    return re.compile(rf"(?<!\w)(?:{either})(?!\w)", flags=re.IGNORECASE)


def replace_in(value: Any, found: re.Pattern[str]) -> Any:
    """A value with every match replaced: strings, and strings inside JSON."""
    if isinstance(value, str):
        return found.sub(ERASED, value)
    if isinstance(value, list):
        return [replace_in(item, found) for item in value]
    if isinstance(value, dict):
        return {key: replace_in(item, found) for key, item in value.items()}
    return value


def _unique_names(model: type[models.Model]) -> set[str]:
    names = {field.name for field in model._meta.fields if getattr(field, "unique", False)}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (*TEXT_FIELDS, models.JSONField, models.BinaryField))
        and not field.primary_key
    ]


def _matches(field: models.Field, values: tuple[str, ...]) -> Q:
    query = Q()
    for value in values:
        query |= Q(**{f"{field.attname}__icontains": value})
        if isinstance(field, models.JSONField):
            # JSON text may hold the value with its non-ASCII letters escaped.
            escaped = json.dumps(value)[1:-1]
            if escaped != value:
                query |= Q(**{f"{field.attname}__icontains": escaped})
    return query


def _new_value(field: models.Field, value: Any, found: re.Pattern[str], unique: bool) -> Any:
    if isinstance(field, models.BinaryField):
        text = bytes(value).decode("utf-8", errors="surrogateescape")
        return found.sub(ERASED, text).encode("utf-8", errors="surrogateescape")
    if isinstance(field, models.EmailField) and found.fullmatch(value or ""):
        return ""
    new = replace_in(value, found)
    if isinstance(field, TEXT_FIELDS) and new != value:
        if unique:  # two rows erased alike must stay two
            new = f"{new} {secrets.token_hex(4)}"
        if field.max_length:
            new = new[: field.max_length]
    return new


def _scoped(model: type[models.Model], applications: frozenset[int]) -> Q:
    """Rows of other applications are theirs: the same person's accepted application
    of another call keeps its address when a declined one is anonymised."""
    if model._meta.label == "applications.Application":
        return Q(pk__in=applications)
    query = Q()
    for field in model._meta.concrete_fields:
        related = getattr(field, "related_model", None)
        if related is not None and related._meta.label == "applications.Application":
            query &= Q(**{f"{field.attname}__in": applications}) | Q(
                **{f"{field.attname}__isnull": True}
            )
    return query


def sweep(values: Iterable[str], *, applications: Iterable[int]) -> int:
    """Replace the values in every column of every model but those LEFT_ALONE; in
    rows that belong to an application, only those of `applications`.
    Returns the number of rows changed."""
    applications = frozenset(applications)
    values = swept_values(values)
    found = pattern(values)
    if found is None:
        return 0
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label in LEFT_ALONE or model._meta.proxy or not model._meta.managed:
            continue
        unique = _unique_names(model)
        scope = _scoped(model, applications)
        for field in _columns(model):
            rows = model._default_manager.filter(scope)
            if isinstance(field, models.BinaryField):
                rows = rows.exclude(**{field.attname: b""})
            else:
                rows = rows.filter(_matches(field, values))
            for pk, value in rows.values_list("pk", field.attname).iterator():
                if value is None:
                    continue
                new = _new_value(field, value, found, field.name in unique)
                if new != value:
                    model._default_manager.filter(pk=pk).update(**{field.attname: new})
                    changed += 1
    return changed


def found_anywhere(values: Iterable[str]) -> list[str]:
    """Where the values still are: "app.Model.column" for each column that holds one
    (the tests' check, and the dry run's)."""
    values = tuple(value for value in values if value)
    places = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in _columns(model):
            if isinstance(field, models.BinaryField):
                continue
            if model._default_manager.filter(_matches(field, values)).exists():
                places.append(f"{model._meta.label}.{field.attname}")
    return places
