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
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.applications.services import (
    Arrival,
    application_create_arrived,
    application_replace_arrived,
)
from opencall.applications.workflow import Status
from opencall.calls.answers import AnswerError, clean_answers
from opencall.calls.models import Call
from opencall.imports.models import ImportBatch, ImportChange, ImportedRow
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
    """
    moment = submitted_at or document.submitted_at or timezone.now()
    cleaned, errors = clean_answers(call.own_questions, document.answers)
    if errors:
        raise InvalidAnswers(errors)
    document = document.updated(submitted_at=moment, answers=cleaned)
    digest = document_digest(document.to_json())
    try:
        with transaction.atomic():
            return _upsert(call, document, key, by, batch, moment, digest, line)
    except IntegrityError:
        # The same key was brought in at the same moment by another request: it holds
        # the row now, and this one reads it.
        with transaction.atomic():
            return _upsert(call, document, key, by, batch, moment, digest, line)


def _arrival(
    key: str, by: AbstractBaseUser | None, batch: ImportBatch | None, moment: dt.datetime
) -> Arrival:
    data: dict = {"key": key}
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
) -> Upserted:
    arrival = _arrival(key, by, batch, moment)
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
        raise UpsertRefused(
            _("%(ref)s is already %(status)s: a newer copy of its submission no longer changes it.")
            % {"ref": application.ref, "status": Status(application.status).label.lower()}
        )
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
