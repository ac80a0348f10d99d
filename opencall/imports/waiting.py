"""An uploaded responses file, kept between the import pages' steps (upload, mapping,
preview, start) in the private `uploads` storage, under the call, the person and an
unguessable token (never in the session): nobody uploads twice, and nobody else reaches
it. A file whose person never finished is removed by the scheduler after a day."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.text import get_valid_filename

STORAGE = "uploads"
ROOT = "imports"
KEPT_FOR = dt.timedelta(days=1)


def _folder(call_id: int, user_id: int, token: str) -> str:
    return f"{ROOT}/{call_id}/{user_id}/{token}"


def upload_keep(*, call_id: int, user_id: int, name: str, content: bytes) -> str:
    token = secrets.token_urlsafe(18)
    name = get_valid_filename(PurePath(name).name)[:120] or "responses.csv"
    storages[STORAGE].save(f"{_folder(call_id, user_id, token)}/{name}", ContentFile(content))
    return token


def upload_kept(*, call_id: int, user_id: int, token: str) -> tuple[str, bytes] | None:
    """The file kept under this token for this person, or None."""
    storage = storages[STORAGE]
    folder = _folder(call_id, user_id, token)
    try:
        names = storage.listdir(folder)[1]
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not names:
        return None
    with storage.open(f"{folder}/{names[0]}", "rb") as handle:
        return names[0], handle.read()


def upload_drop(*, call_id: int, user_id: int, token: str) -> None:
    _delete_files(_folder(call_id, user_id, token))


def _delete_files(folder: str, *, before: dt.datetime | None = None) -> int:
    storage = storages[STORAGE]
    try:
        names = storage.listdir(folder)[1]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    deleted = 0
    for name in names:
        path = f"{folder}/{name}"
        if before is None or storage.get_modified_time(path) < before:
            storage.delete(path)
            deleted += 1
    return deleted


def _subfolders(folder: str) -> list[str]:
    try:
        return [f"{folder}/{name}" for name in storages[STORAGE].listdir(folder)[0]]
    except (FileNotFoundError, NotADirectoryError):
        return []


def uploads_clear_stale(*, now: dt.datetime) -> int:
    """Remove the files of imports that were uploaded over a day ago and never started
    (a started import keeps its own copy on its batch). Returns how many were removed."""
    before = now - KEPT_FOR
    return sum(
        _delete_files(token, before=before)
        for call in _subfolders(ROOT)
        for person in _subfolders(call)
        for token in _subfolders(person)
    )
