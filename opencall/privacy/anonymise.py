"""Anonymise one application: what names or reaches a person goes, what the figures
count stays (call, number, status, hub, country, scope, format, dates, offers and their
amounts, the event's own name and answers).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction

from opencall.applications.models import Application, CoOrganiser
from opencall.applications.personal import personal_question_ids, personal_values
from opencall.applications.uploads import delete_upload, file_answer
from opencall.privacy.sweep import pattern, replace_in, sweep


def whole_values(application: Application) -> set[str]:
    """The whole values (addresses, full names, personal answers) to sweep everywhere."""
    document = application.document or {}
    found = {application.email} if application.email else set()
    for contact in document.get("contacts") or ():
        if isinstance(contact, Mapping):
            found.update(str(contact[k]) for k in ("name", "email") if contact.get(k))
    for co in application.co_organisers.all():
        found.update((co.name, co.email))
    answers = document.get("answers") or {}
    for qid in personal_question_ids(application.call.own_questions):
        value = answers.get(qid) if isinstance(answers, Mapping) else None
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            found.update(item for item in value if isinstance(item, str))
    return {value for value in found if value.strip()}


def _document(application: Application) -> dict[str, Any]:
    document = dict(application.document or {})
    personal_ids = personal_question_ids(application.call.own_questions)
    values = personal_values(document, personal_ids=personal_ids, email=application.email or "")
    document["contacts"] = []
    answers = document.get("answers")
    if isinstance(answers, Mapping):
        kept = {}
        for qid, value in answers.items():
            if answer := file_answer(value):
                # An uploaded file may name anyone: it goes, whatever it was; once the
                # erasure is committed, so a rolled-back one leaves the file in place.
                transaction.on_commit(partial(delete_upload, answer["key"]))
            elif qid not in personal_ids:
                kept[qid] = value
        document["answers"] = kept
    found = pattern(values)
    return replace_in(document, found) if found else document


def application_anonymise(*, application: Application) -> int:
    """Remove the application's personal data here and wherever it was copied.
    Returns the number of other rows changed."""
    values = whole_values(application)
    application.document = _document(application)
    application.email = ""
    # Not save(): updated_at keeps the last change a person made.
    Application.objects.filter(pk=application.pk).update(document=application.document, email="")
    # Their links end with them: nobody is left to open them.
    CoOrganiser.objects.filter(application=application).delete()
    return sweep(values, applications={application.pk})


def co_organiser_anonymise(*, application: Application, email: str) -> int:
    """A co-organiser's own data goes (their link, their name and address wherever the
    application's rows copied them); the application itself is the first contact's and
    stays. Returns the number of other rows changed."""
    mine = [co for co in application.co_organisers.all() if co.email.strip().lower() == email]
    values = {value for co in mine for value in (co.name, co.email) if value.strip()}
    CoOrganiser.objects.filter(pk__in=[co.pk for co in mine]).delete()
    return sweep(values, applications={application.pk}) if values else 0
