"""Storage for files that must never have a public address (applicants' uploads)."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no URL: a view that checks permissions serves each one.

    FileSystemStorage falls back on MEDIA_URL when it has no base URL of its own, so
    `url()` would name an address; here it refuses, and nothing can link to a file.
    """

    def url(self, name: str | None) -> str:
        raise ValueError("Uploaded files have no public address; a staff view serves them.")
