"""Applications out of opencall: a spreadsheet for people, the interchange JSON for
tools (the `screen` command reads it back).

Both carry the answers to each call's own questions, and neither ever carries the
answer to a question the call marks private: those stay on the staff's pages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from django.utils.translation import get_language

from opencall.applications.answers import question_rows
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.calls.questions import Question
from opencall.core.spreadsheet import safe_cell

COLUMNS = (
    "ref",
    "status",
    "event_name",
    "format",
    "scope",
    "start_date",
    "end_date",
    "city",
    "country",
    "online_only",
    "organisation",
    "contact_email",
    "registration",
    "code_of_conduct",
    "themes",
    "offers",
    "language",
    "submitted_at",
)


def _public_questions(applications: list[Application]) -> dict[int, tuple[Question, ...]]:
    """Each call's own questions that may leave opencall (never the private ones)."""
    calls = {application.call_id: application.call for application in applications}
    return {pk: tuple(q for q in call.own_questions if not q.private) for pk, call in calls.items()}


def applications_csv(applications: Iterable[Application], *, language: str | None = None) -> str:
    """One row per application; after the columns every call has, one per own question
    of the calls in it (headed by its label in `language`, the answer worded)."""
    language = language or get_language() or "en"
    applications = list(applications)
    questions = _public_questions(applications)
    headers: dict[str, str] = {}  # question id -> column header, in the calls' order
    for asked in questions.values():
        for question in asked:
            headers.setdefault(question.id, question.label_in(language))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, *(safe_cell(header) for header in headers.values())])
    for application in applications:
        document = ApplicationDocument.model_validate(application.document)
        rows = question_rows(questions[application.call_id], document.answers, language=language)
        answers = {row.question.id: row.text if row.answered else "" for row in rows}
        row = {
            **document.model_dump(mode="json"),
            "ref": application.ref,
            "status": application.status,
            "contact_email": document.contact_email,
            "themes": " ".join(document.themes),
            "offers": " ".join(offer.type for offer in document.offers),
        }
        writer.writerow(
            [
                *(safe_cell(row.get(column)) for column in COLUMNS),
                *(safe_cell(answers.get(qid, "")) for qid in headers),
            ]
        )
    return out.getvalue()


def applications_json(applications: Iterable[Application]) -> str:
    """A JSON array of application documents, in the interchange format, without the
    answers to private questions."""
    applications = list(applications)
    questions = _public_questions(applications)
    documents = []
    for application in applications:
        document = ApplicationDocument.model_validate(application.document)
        shared = {q.id for q in questions[application.call_id]}
        answers = {qid: v for qid, v in document.answers.items() if qid in shared}
        documents.append(document.updated(ref=application.ref, answers=answers).to_json())
    return json.dumps(documents, ensure_ascii=False, indent=2)
