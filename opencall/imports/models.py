"""Imports of submissions made elsewhere: a batch per file imported, the identity of
every row brought in (so that a second import updates instead of duplicating), what
each batch changed (so that it can be undone), and the mappings staff saved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application
from opencall.calls.models import Call


class ImportBatch(models.Model):
    """One import of one file into one call: who, when, the file, the mapping, what it
    did. A large file runs in the background (`tasks.run_import`), writing its progress
    here; `report` is the command's JSON once it has run."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="import_batches")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_digest = models.CharField(_("file fingerprint"), max_length=64)
    # The file itself, kept until the batch has run (the background task reads it).
    content = models.BinaryField(default=b"", editable=False)
    mapping = models.JSONField(_("mapping"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def progress(self) -> int:
        """Per cent of the rows done."""
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)


class ImportedRow(models.Model):
    """The identity of a submission brought in from elsewhere: its key (the row's
    timestamp and contact email, a key column's value, or "api:<client key>") is unique
    per call, and leads to the one application it made."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="imported_rows")
    key = models.CharField(_("key"), max_length=300)
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="imported_row"
    )
    # The batch that last wrote it (none for the API).
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="rows"
    )
    digest = models.CharField(_("document fingerprint"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported submission")
        verbose_name_plural = _("imported submissions")
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="imported_row_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class ImportChange(models.Model):
    """What one batch did to one application, with what it replaced: the undo reads it."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        UPDATED = "updated", _("Updated")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="import_changes"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    line = models.PositiveIntegerField(null=True, blank=True)
    previous_document = models.JSONField(null=True, blank=True)
    previous_submitted_at = models.DateTimeField(null=True, blank=True)
    previous_digest = models.CharField(max_length=64, blank=True)
    previous_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The timeline entry the batch wrote first for this application: anything a person
    # did after it means the batch can no longer be undone.
    first_event_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.outcome} {self.application_id}"


class ImportMapping(models.Model):
    """A mapping staff saved for a call, to use again on the next file."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="import_mappings")
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["call", "name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="import_mapping_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
