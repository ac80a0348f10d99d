"""Two pages saving one application at once: what each changed is kept.

A step's page builds the whole document from the row it read when the request began.
If another page (a second tab, a co-organiser) saved in between, writing that document
as it stands would undo the other page's changes. So the save merges three documents,
as JSON: the one the page read (`base`), the page's (`mine`) and the one stored now,
read under the save's lock (`theirs`). A field the page changed takes the page's
value; any other keeps the stored one. The call's own answers merge question by
question. Pure: no Django.
"""

from __future__ import annotations

from typing import Any

_ABSENT = object()


def merge_edits(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    """`theirs` with what `mine` changed from `base` (both edits kept when they differ
    in fields; the page's edit wins when both changed the same one)."""
    merged: dict[str, Any] = {}
    for key in [*mine, *(key for key in theirs if key not in mine)]:
        was, now, stored = base.get(key, _ABSENT), mine.get(key, _ABSENT), theirs.get(key, _ABSENT)
        if key == "answers" and isinstance(now, dict) and isinstance(stored, dict):
            value: Any = merge_edits(was if isinstance(was, dict) else {}, now, stored)
        else:
            value = now if now != was else stored
        if value is not _ABSENT:
            merged[key] = value
    return merged
