"""The kinds of file an applicant may upload to a call's "file" question.

Pure Python (no Django import): a call's questions (read from the call file) name the
kinds they accept by these codes, and check them here. Each kind has a label for people
(English and the gettext message id, marked with `core.messages._`; worded in the
reader's language where it is shown, see `applications.uploads.FILE_KINDS`), the MIME
type it is served with, and the extensions a file of that kind may carry. Codes are
stored data (in the call file and in each answer): never rename one.
"""

from __future__ import annotations

from typing import NamedTuple

from opencall.core.messages import _

# One megabyte as limits are stated to people ("at most 10 MB"): 1024 × 1024 bytes,
# as file managers and Django's `filesizeformat` count it.
MB = 1024 * 1024


class FileKind(NamedTuple):
    label: str
    mime: str
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the usual one


KINDS: dict[str, FileKind] = {
    "pdf": FileKind(_("PDF document"), "application/pdf", (".pdf",)),
    "docx": FileKind(
        _("Word document"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "odt": FileKind(_("OpenDocument text"), "application/vnd.oasis.opendocument.text", (".odt",)),
    "xlsx": FileKind(
        _("Excel spreadsheet"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
    ),
    "ods": FileKind(
        _("OpenDocument spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
    ),
    "png": FileKind(_("PNG image"), "image/png", (".png",)),
    "jpeg": FileKind(_("JPEG image"), "image/jpeg", (".jpg", ".jpeg")),
}


def unknown_kinds(codes: tuple[str, ...] | list[str]) -> list[str]:
    """The codes of `codes` that name no kind (for checking a call file)."""
    return [code for code in codes if code not in KINDS]
