"""Files applicants upload to a call's file questions.

A file is accepted by what it holds, not by what it is called: its content must be one
of the kinds the question accepts (`core.filekinds`), and its name must end as files of
that kind do, so a PNG or a program renamed ".pdf" is refused. Accepted files go to the
`uploads` storage (settings.STORAGES), which has no public address; staff read them
through `staff:answer_file`, which checks the rulebook.

The answer kept in the application document for a file question:
    {"name": "Programme.pdf", "size": 18203, "type": "pdf", "key": "<storage name>"}
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import Any

import filetype
from django.core.files import File
from django.core.files.storage import storages
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from opencall.core.filekinds import KINDS, MB, FileKind

STORAGE = "uploads"

# The same kinds, with labels worded in the reader's language where they are shown.
FILE_KINDS: dict[str, FileKind] = {
    code: kind._replace(label=_(kind.label)) for code, kind in KINDS.items()
}

NAME_LENGTH = 200
QUESTION_ID = re.compile(r"[-a-zA-Z0-9_]+")  # the URL's <slug:question_id>
HEAD_BYTES = 8192  # what filetype reads of a file
ZIP_KINDS = ("docx", "xlsx", "odt", "ods")
# The content type of the main part of an Office Open XML package ([Content_Types].xml).
# Macro-enabled files (.docm, .xlsm) and templates declare others, and are refused.
OOXML_MAIN = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
MEMBER_LIMIT = 1024 * 1024  # the most read of one member of a zip (a zip bomb stops here)


# What the file is ---------------------------------------------------------------------


def content_kind(file: Any) -> str | None:
    """The kind code (core.filekinds) of what the file holds, or None for any other.

    Read from the content alone, never from the name. Office files are zip containers:
    which one a zip is comes from its `mimetype` member (OpenDocument) or its
    `[Content_Types].xml` (Office Open XML), since filetype 1.2.0 takes a Word file whose
    `word/` folder is not among the first members, or an OpenDocument file whose
    `mimetype` is compressed, for a plain zip.
    """
    head = _head(file)
    guess = filetype.guess(head) if head else None
    if guess is None:
        return None
    if guess.extension in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"):
        return _zip_kind(file)
    return {"pdf": "pdf", "png": "png", "jpg": "jpeg"}.get(guess.extension)


def _head(file: Any) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return bytes(head)


def _zip_kind(file: Any) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = (_member(archive, "mimetype") or b"").strip()
                return next((c for c in ("odt", "ods") if declared == KINDS[c].mime.encode()), None)
            if "[Content_Types].xml" in names:
                types = _member(archive, "[Content_Types].xml") or b""
                found = [code for code, main in OOXML_MAIN.items() if main in types]
                return found[0] if len(found) == 1 else None
            return None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        RuntimeError,  # an encrypted member
        NotImplementedError,  # a compression method zipfile does not know
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ):
        return None
    finally:
        file.seek(0)


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    info = archive.getinfo(name)
    if info.file_size > MEMBER_LIMIT:
        return None
    with archive.open(info) as member:
        data = member.read(MEMBER_LIMIT + 1)
    return data if len(data) <= MEMBER_LIMIT else None


def _size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    return int(size)


def _extension(name: str) -> str:
    return os.path.splitext(_basename(name))[1].lower()


def _basename(name: str) -> str:
    return re.split(r"[/\\]", name or "")[-1]


# Whether it may be kept -----------------------------------------------------------------


def megabytes(max_bytes: int) -> str:
    """A limit in MB as people read it in the active language: "10", "2.5", "0.75"."""
    value = (Decimal(max_bytes) / MB).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    value = max(value, Decimal("0.01"))  # a tiny limit still reads as more than nothing
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value)


def kind_labels(kinds: Iterable[str]) -> str:
    return ", ".join(str(FILE_KINDS[code].label) for code in kinds if code in FILE_KINDS)


def upload_problem(file: Any, *, max_bytes: int, kinds: Iterable[str]) -> str | None:
    """Why this file may not be kept as the answer, in the active language; None if it may.

    Refused: an empty file, one larger than `max_bytes`, one whose content is not of one
    of `kinds` (codes of core.filekinds), and one whose name does not end as files of
    its kind do.
    """
    kinds = [code for code in kinds if code in FILE_KINDS]
    size = _size(file)
    if size == 0:
        return gettext("This file is empty. Choose the file again, or another one.")
    if size > max_bytes:
        return gettext("This file is larger than %(limit)s MB, the most this question accepts.") % {
            "limit": megabytes(max_bytes)
        }
    kind = content_kind(file)
    if kind is None or kind not in kinds:
        return ngettext(
            "This file is not of the kind this question accepts: %(kinds)s.",
            "This file is not of a kind this question accepts: %(kinds)s.",
            len(kinds),
        ) % {"kinds": kind_labels(kinds)}
    extensions = FILE_KINDS[kind].extensions
    if _extension(file.name) not in extensions:
        return gettext(
            "Rename this file so that its name ends in %(extension)s (its content is: "
            "%(kind)s), then choose it again."
        ) % {"kind": FILE_KINDS[kind].label, "extension": extensions[0]}
    return None


# Keeping, reading and removing --------------------------------------------------------


def safe_name(name: str) -> str:
    """The file's own name, fit to show and to offer as a download name: no folders,
    control characters or characters file systems refuse; at most NAME_LENGTH
    characters, keeping the extension."""
    name = unicodedata.normalize("NFC", _basename(name))
    name = "".join(_safe_character(ch) for ch in name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, extension = os.path.splitext(name)
    stem = stem or "file"
    extension = extension[:20]
    return stem[: NAME_LENGTH - len(extension)].rstrip(" .") + extension


def _safe_character(ch: str) -> str:
    category = unicodedata.category(ch)
    if ch.isspace() or category.startswith("Z"):  # tabs, line breaks, every kind of space
        return " "
    if category.startswith("C"):  # other controls, format (bidi overrides), unassigned
        return ""
    return "_" if ch in '<>:"|?*' else ch


def store_upload(*, application: Any, question_id: str, file: Any) -> dict[str, Any]:
    """Keep a file `upload_problem` accepted; return the answer for the document.

    Stored as `<call slug>/<application public id>/<question id>/<random><extension>`:
    nothing of the applicant's own name reaches the disk.
    """
    if not QUESTION_ID.fullmatch(question_id):
        raise ValueError(f"not a question id: {question_id!r}")
    kind = content_kind(file)
    if kind is None:
        raise ValueError("store_upload keeps only a file that upload_problem accepted")
    extensions = FILE_KINDS[kind].extensions
    extension = _extension(file.name)
    if extension not in extensions:
        extension = extensions[0]
    size = _size(file)
    name = (
        f"{application.call.slug}/{application.public_id}/{question_id}/"
        f"{secrets.token_hex(16)}{extension}"
    )
    file.seek(0)
    key = storages[STORAGE].save(name, file)
    return {"name": safe_name(file.name), "size": size, "type": kind, "key": key}


def delete_upload(key: str) -> None:
    """Remove a stored file (a replaced or withdrawn answer); a missing one is no error."""
    if key:
        storages[STORAGE].delete(key)


def file_answer(value: Any) -> dict[str, Any] | None:
    """The answer if it is a file answer as `store_upload` made it, else None."""
    if not isinstance(value, dict):
        return None
    if not (isinstance(value.get("key"), str) and value["key"]):
        return None
    if value.get("type") not in FILE_KINDS or not isinstance(value.get("name"), str):
        return None
    return value


def open_upload(answer: dict[str, Any]) -> File:
    """The stored file of a file answer, open for reading (FileNotFoundError if gone)."""
    return storages[STORAGE].open(answer["key"], "rb")
