"""Writes of imports: bring in a submission made elsewhere (`application_upsert`, which
the write API shares), import a whole file (`import_file`), undo an import, save a
mapping. Each is atomic and audited: the batch says who imported what and when, the
applications' timelines say what each one received.

A submission brought in is submitted with its own moment (DEADLINE judges it) through
`screening.services.application_submit_and_screen`, like every submission, and
screened on commit like any other. The applicant is not mailed: they were answered
where they applied (the Google Form's own confirmation); a screening that sends them to
their hub still mails, as for any application.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import (
    Arrival,
    IncompleteApplication,
    application_create_arrived,
    application_replace_arrived,
    token_data,
)
from opencall.applications.workflow import Status
from opencall.calls.answers import AnswerError, clean_answers
from opencall.calls.models import Call
from opencall.conversations.models import Message
from opencall.imports import mapping as mappings
from opencall.imports.convert import Converted, RowError, convert_sheet
from opencall.imports.models import ImportBatch, ImportChange, ImportedRow, ImportMapping
from opencall.imports.problems import Problem, Problems
from opencall.imports.reading import Sheet, read_file
from opencall.imports.selectors import call_targets
from opencall.reviews.models import Assignment, Note, Review
from opencall.screening.models import Override
from opencall.screening.preferences import document_digest
from opencall.screening.services import application_submit_and_screen, screen_on_commit

# Once an application is decided (or withdrawn), a newer copy of its submission no
# longer changes it: the decision was taken on the answers it had.
FROZEN = frozenset(
    {
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.DECLINED,
        Status.NOTIFIED,
        Status.COLLABORATION,
        Status.CLOSED,
        Status.WITHDRAWN,
    }
)


class UpsertRefused(Exception):
    """The submission cannot be brought in or updated; the message says why."""


class InvalidAnswers(UpsertRefused):
    """Answers to the call's own questions that the questions refuse, by question id."""

    def __init__(self, errors: dict[str, AnswerError]):
        self.errors = errors
        super().__init__(
            "; ".join(f"answers.{qid}: {error.message()}" for qid, error in errors.items())
        )


@dataclass(frozen=True)
class Upserted:
    application: Application
    outcome: str  # "imported" | "updated" | "unchanged"
    changed: tuple[str, ...] = field(default=())


def _source(key: str, batch: ImportBatch | None) -> str:
    if batch is None and key.startswith("api:"):
        return "api"
    return "import"


def application_upsert(
    *,
    call: Call,
    document: ApplicationDocument,
    key: str,
    by: AbstractBaseUser | None,
    batch: ImportBatch | None = None,
    submitted_at: dt.datetime | None = None,
    line: int | None = None,
    via: str = "",
) -> Upserted:
    """Bring in one submission made elsewhere, idempotently by `key` (unique per call).

    - A new key: the application is created and submitted at `submitted_at` (else the
      document's, else now), even after the call has closed, then screened on commit
      like any other; "imported". No mail to the applicant.
    - A known key whose document is the same as last time: nothing changes; "unchanged".
    - A known key with a different document: the answers are replaced, the status kept,
      the timeline names what changed, the application is screened again; "updated".
      A decided or withdrawn application is not changed: UpsertRefused.

    The call's own answers are checked by the call's questions (InvalidAnswers); a
    document lacking what a submission needs raises applications' IncompleteApplication.
    `via`: the API token the submission came through, named on the timeline.
    """
    document, digest, moment = _prepared(call, document, submitted_at)
    try:
        with transaction.atomic():
            return _upsert(call, document, key, by, batch, moment, digest, line, via)
    except IntegrityError:
        # The same key was brought in at the same moment by another request: it holds
        # the row now, and this one reads it.
        with transaction.atomic():
            return _upsert(call, document, key, by, batch, moment, digest, line, via)


def _prepared(
    call: Call, document: ApplicationDocument, submitted_at: dt.datetime | None
) -> tuple[ApplicationDocument, str, dt.datetime]:
    """The document as it will be stored, its fingerprint and its moment."""
    moment = submitted_at or document.submitted_at or timezone.now()
    cleaned, errors = clean_answers(call.own_questions, document.answers)
    if errors:
        raise InvalidAnswers(errors)
    document = document.updated(submitted_at=moment, answers=cleaned)
    return document, document_digest(document.to_json()), moment


def _arrival(
    key: str,
    by: AbstractBaseUser | None,
    batch: ImportBatch | None,
    moment: dt.datetime,
    via: str = "",
) -> Arrival:
    data: dict = {"key": key, **token_data(via)}
    if batch is not None:
        data |= {"batch": batch.pk, "file": batch.file_name}
    return Arrival(submitted_at=moment, by=by, source=_source(key, batch), data=data)


def _upsert(
    call: Call,
    document: ApplicationDocument,
    key: str,
    by: AbstractBaseUser | None,
    batch: ImportBatch | None,
    moment: dt.datetime,
    digest: str,
    line: int | None,
    via: str = "",
) -> Upserted:
    arrival = _arrival(key, by, batch, moment, via)
    row = (
        ImportedRow.objects.select_for_update()
        .select_related("application")
        .filter(call=call, key=key)
        .first()
    )
    if row is None:
        draft = application_create_arrived(call=call, document=document, arrival=arrival)
        first_event = draft.events.order_by("id").values_list("id", flat=True).first()
        application = application_submit_and_screen(application=draft, arrival=arrival)
        ImportedRow.objects.create(
            call=call, key=key, application=application, batch=batch, digest=digest
        )
        if batch is not None:
            ImportChange.objects.create(
                batch=batch,
                application=application,
                outcome=ImportChange.Outcome.IMPORTED,
                line=line,
                first_event_id=first_event,
            )
        return Upserted(application, "imported")
    if row.digest == digest:
        return Upserted(row.application, "unchanged")
    application = Application.objects.select_for_update().get(pk=row.application_id)
    if application.status in FROZEN:
        raise UpsertRefused(_frozen(application))
    previous = (application.document, application.submitted_at, row.digest, row.batch_id)
    updated, changed = application_replace_arrived(
        application=application, document=document, arrival=arrival
    )
    row.digest = digest
    row.batch = batch if batch is not None else row.batch
    row.save(update_fields=["digest", "batch", "updated_at"])
    if not changed:
        return Upserted(updated, "unchanged")
    if updated.status != Status.DRAFT:
        screen_on_commit(application=updated)
    if batch is not None:
        ImportChange.objects.create(
            batch=batch,
            application=updated,
            outcome=ImportChange.Outcome.UPDATED,
            line=line,
            previous_document=previous[0],
            previous_submitted_at=previous[1],
            previous_digest=previous[2],
            previous_batch_id=previous[3],
            first_event_id=updated.events.order_by("-id").values_list("id", flat=True).first(),
        )
    return Upserted(updated, "updated", tuple(changed))


# -- a whole file -----------------------------------------------------------------------


class UnreadableImport(Exception):
    """The file or the mapping cannot be used at all; `problems` say why, each worded."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): the command's JSON (`to_json`),
    plus each good row's outcome and application for the page."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # line, outcome, application
    notes: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.to_json() for error in sorted(self.errors, key=_by_line)],
            "skipped": sorted(self.skipped, key=lambda item: item["line"]),
        }

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _by_line(error: RowError) -> tuple[int, str]:
    return error.line, error.field


@dataclass(frozen=True)
class Prepared:
    sheet: Sheet
    mapping: mappings.Mapping
    targets: mappings.CallTargets


def import_prepare(
    *, call: Call, file_name: str, content: bytes, mapping: dict[str, Any]
) -> Prepared:
    """The file read and the mapping checked against the call and the file's headers,
    or UnreadableImport naming what is wrong. Stores nothing."""
    try:
        sheet = read_file(file_name, content)
    except Problem as problem:
        raise UnreadableImport([problem.message(_)]) from problem
    targets = call_targets(call)
    try:
        parsed = mappings.parse_mapping(mapping, targets)
    except Problems as problems:
        raise UnreadableImport(problems.messages(_)) from problems
    if problems := mappings.check_headers(parsed, sheet.headers):
        raise UnreadableImport([problem.message(_) for problem in problems])
    return Prepared(sheet, parsed, targets)


def _good_rows(converted: list[Converted], report: ImportReport) -> list[Converted]:
    """The rows to bring in, in the file's order. Of rows with the same identity (the
    same response twice), the last one in the file is kept: a copy pasted below is the
    later one; the earlier lines are skipped as duplicates."""
    last: dict[str, int] = {}
    for row in converted:
        if row.errors:
            report.errors.extend(row.errors)
        elif row.key is not None:
            last[row.key] = row.line
    good = []
    for row in converted:
        if row.errors or row.key is None:
            continue
        if last[row.key] != row.line:
            report.skipped.append({"line": row.line, "why": "duplicate"})
        else:
            good.append(row)
    return good


def _refusal_column(prepared: Prepared) -> str:
    return prepared.mapping.key or prepared.mapping.column_of("submitted_at") or ""


def import_file(
    *,
    call: Call,
    file_name: str,
    content: bytes,
    mapping: dict[str, Any],
    by: AbstractBaseUser | None,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
    progress_every: int = 20,
) -> ImportReport:
    """Import a responses file: every row converted and checked, the bad ones reported
    by line and column, the good ones brought in through `application_upsert` (each in
    its own transaction: one refused row does not undo the others), the earlier copies
    of a response skipped as duplicates and blank rows as blank.

    A dry run stores nothing and reports what an import would do. Otherwise the batch
    (given, for a background run, or created here) records who imported what, writes
    its progress as it goes and its report at the end. UnreadableImport when the file
    or the mapping cannot be used."""
    prepared = import_prepare(call=call, file_name=file_name, content=content, mapping=mapping)
    report = ImportReport(notes=[note.message(_) for note in prepared.sheet.notes])
    report.skipped = [{"line": line, "why": "blank"} for line in prepared.sheet.blank]
    good = _good_rows(convert_sheet(prepared.sheet, prepared.mapping, prepared.targets), report)
    if dry_run:
        for row in good:
            _dry_row(call, row, report, prepared)
        return report
    batch = batch or ImportBatch.objects.create(
        call=call,
        by=by,
        file_name=file_name[:255],
        file_digest=hashlib.sha256(content).hexdigest(),
        mapping=prepared.mapping.to_json(),
    )
    _progress(batch, status=ImportBatch.Status.RUNNING, rows_total=len(good), rows_done=0)
    report.batch = batch
    for done, row in enumerate(good, start=1):
        _import_row(call, row, by, batch, report, prepared)
        if done % progress_every == 0:
            _progress(batch, rows_done=done)
    _progress(
        batch,
        status=ImportBatch.Status.DONE,
        rows_done=len(good),
        imported=report.imported,
        updated=report.updated,
        unchanged=report.unchanged,
        errors=len({error.line for error in report.errors}),
        skipped=len(report.skipped),
        report=report.to_json(),
        content=b"",
        finished_at=timezone.now(),
    )
    return report


def _progress(batch: ImportBatch, **fields: Any) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)


def _import_row(
    call: Call,
    row: Converted,
    by: AbstractBaseUser | None,
    batch: ImportBatch,
    report: ImportReport,
    prepared: Prepared,
) -> None:
    assert row.document is not None and row.key is not None
    try:
        upserted = application_upsert(
            call=call,
            document=row.document,
            key=row.key,
            by=by,
            batch=batch,
            submitted_at=row.document.submitted_at,
            line=row.line,
        )
    except (UpsertRefused, IncompleteApplication) as exc:
        report.errors.append(RowError(row.line, _refusal_column(prepared), str(exc)))
        return
    report.count(upserted.outcome)
    report.rows.append(
        {"line": row.line, "outcome": upserted.outcome, "application": upserted.application}
    )


def _dry_row(call: Call, row: Converted, report: ImportReport, prepared: Prepared) -> None:
    assert row.document is not None and row.key is not None
    try:
        _document, digest, _moment = _prepared(call, row.document, row.document.submitted_at)
    except InvalidAnswers as exc:
        report.errors.append(RowError(row.line, _refusal_column(prepared), str(exc)))
        return
    existing = (
        ImportedRow.objects.filter(call=call, key=row.key).select_related("application").first()
    )
    if existing is None:
        outcome, application = "imported", None
    elif existing.digest == digest:
        outcome, application = "unchanged", existing.application
    elif existing.application.status in FROZEN:
        report.errors.append(
            RowError(row.line, _refusal_column(prepared), _frozen(existing.application))
        )
        return
    else:
        outcome, application = "updated", existing.application
    report.count(outcome)
    report.rows.append({"line": row.line, "outcome": outcome, "application": application})


def _frozen(application: Application) -> str:
    return _(
        "%(ref)s is already %(status)s: a newer copy of its submission no longer changes it."
    ) % {"ref": application.ref, "status": str(Status(application.status).label).lower()}


# -- in the background --------------------------------------------------------------------


def import_start(
    *,
    call: Call,
    file_name: str,
    content: bytes,
    mapping: dict[str, Any],
    by: AbstractBaseUser | None,
    enqueue: Callable[[int, str], Any] | None = None,
) -> ImportBatch:
    """Check the file and the mapping now (UnreadableImport), keep them in a waiting
    batch, and run it in the background (`tasks.run_import`) once committed; the batch
    shows its progress meanwhile."""
    prepared = import_prepare(call=call, file_name=file_name, content=content, mapping=mapping)
    batch = ImportBatch.objects.create(
        call=call,
        by=by,
        file_name=file_name[:255],
        file_digest=hashlib.sha256(content).hexdigest(),
        content=content,
        mapping=prepared.mapping.to_json(),
        rows_total=len(prepared.sheet.rows),
    )
    if enqueue is None:
        from opencall.imports.tasks import run_import

        enqueue = run_import.enqueue
    language = get_language() or "en"
    transaction.on_commit(lambda: enqueue(batch.pk, language))
    return batch


def import_run(*, batch: ImportBatch) -> ImportReport | None:
    """Run a waiting batch (the background task's body). A batch already run or running
    is left alone; a run that fails marks the batch failed, with why."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.WAITING).update(
        status=ImportBatch.Status.RUNNING
    )
    if not claimed:
        return None
    batch.refresh_from_db()
    try:
        return import_file(
            call=batch.call,
            file_name=batch.file_name,
            content=bytes(batch.content),
            mapping=batch.mapping,
            by=batch.by,
            batch=batch,
        )
    except UnreadableImport as exc:
        _progress(batch, status=ImportBatch.Status.FAILED, failure=str(exc), content=b"")
        return None
    except Exception as exc:
        _progress(batch, status=ImportBatch.Status.FAILED, failure=repr(exc))
        raise


# -- undo ---------------------------------------------------------------------------------


class UndoRefused(Exception):
    """The import cannot be undone; the message says why, naming the applications."""


# What opencall itself does after an import, which does not stop its undo: screening
# (its verdict and its move to "screened") and the mail that follows from it.
_AUTOMATIC = {ApplicationEvent.Kind.SCREENED, ApplicationEvent.Kind.MAIL}


def _touched(change: ImportChange) -> bool:
    """Whether anyone did anything to the application after this batch wrote it."""
    application = change.application
    events = application.events.filter(id__gte=change.first_event_id or 0)
    for event in events:
        if (event.data or {}).get("batch") == change.batch_id:
            continue  # the batch's own entries
        if event.kind in _AUTOMATIC or event.actor == Actor.SYSTEM:
            continue
        if event.kind == ApplicationEvent.Kind.STATUS and event.new == Status.SUBMITTED:
            continue  # the imported submission itself
        return True
    return any(
        model.objects.filter(application=application).exists()
        for model in (Review, Assignment, Note, Message, Override)
    )


@transaction.atomic
def import_undo(*, batch: ImportBatch, by: AbstractBaseUser | None) -> int:
    """Undo a whole import: the applications it created are deleted, those it updated
    get back what they had (and are screened again). Refused (UndoRefused) once anyone
    has touched one of them since (a review, an assignment, a note, a message, an
    override, a move, an edit, a later import) or if the batch has not finished or was
    undone already. Recorded on the batch (who, when). Returns the applications undone."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.undone_at is not None:
        raise UndoRefused(
            _("This import was undone already, on %(date)s.")
            % {"date": formats.date_format(locked.undone_at, "DATETIME_FORMAT")}
        )
    if locked.status != ImportBatch.Status.DONE:
        raise UndoRefused(_("This import has not finished: undo it once it has run."))
    changes = list(locked.changes.select_related("application__call", "application__imported_row"))
    touched = [change.application.ref for change in changes if _touched(change)]
    if touched:
        raise UndoRefused(
            _(
                "This import can no longer be undone: %(refs)s changed since it ran "
                "(reviewed, assigned, moved, written to, edited or imported again). "
                "Withdraw or correct those applications one by one instead."
            )
            % {"refs": ", ".join(touched)}
        )
    for change in reversed(changes):
        application = change.application
        if change.outcome == ImportChange.Outcome.IMPORTED:
            application.delete()
            continue
        _restore(change, by)
    locked.undone_at = timezone.now()
    locked.undone_by = by
    locked.save(update_fields=["undone_at", "undone_by"])
    return len(changes)


def _restore(change: ImportChange, by: AbstractBaseUser | None) -> None:
    application = change.application
    document = ApplicationDocument.model_validate(change.previous_document or {})
    moment = change.previous_submitted_at or application.submitted_at
    restored, changed = application_replace_arrived(
        application=application,
        document=document,
        arrival=Arrival(
            submitted_at=moment,
            by=by,
            source="import",
            data={"undo": change.batch_id},
        ),
    )
    ImportedRow.objects.filter(application=application).update(
        digest=change.previous_digest, batch_id=change.previous_batch_id
    )
    if changed and restored.status != Status.DRAFT:
        screen_on_commit(application=restored)


# -- saved mappings -------------------------------------------------------------------------


@transaction.atomic
def import_mapping_save(
    *, call: Call, name: str, mapping: dict[str, Any], by: AbstractBaseUser | None
) -> ImportMapping:
    """Save (or replace) a named mapping for the call, checked first (UnreadableImport
    naming the columns and fields wrong); who saved it last, and when, is kept."""
    try:
        parsed = mappings.parse_mapping(mapping, call_targets(call))
    except Problems as problems:
        raise UnreadableImport(problems.messages(_)) from problems
    name = name.strip()[:100] or _("Mapping")
    saved, _created = ImportMapping.objects.update_or_create(
        call=call, name=name, defaults={"mapping": parsed.to_json(), "updated_by": by}
    )
    return saved


def import_mapping_delete(*, mapping: ImportMapping) -> None:
    """Forget a saved mapping. Batches keep the mapping they were imported with, so
    nothing imported depends on it."""
    mapping.delete()
