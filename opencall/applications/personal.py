"""What in an application names or reaches the applicant as a person, and how a reader
who may not see it yet reads the rest (the blind review, docs/reviewing.md).

Personal: the contacts (names and email addresses), the contact email kept beside the
document, and the answers to the call's own questions of type email or marked
`personal = true` (a phone number, a second organiser's name). The event and its
organisation are not: they are what reviewers judge.

Free text (a message signed with the contact's name, a screening reason that quotes
the contact's address, a staff note) keeps its words, with each occurrence of a
personal value replaced. Who may see the values is the rulebook's
`applications.see_applicant` (accounts/blind.py asks it); this module only hides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from opencall.applications.answers import Row
from opencall.applications.document import ApplicationDocument
from opencall.calls.questions import Question

# In place of a hidden value: words, never a blank or a code.
HIDDEN = _("Hidden until your review is in")
# In place of a hidden value inside a longer text.
HIDDEN_IN_TEXT = _("[hidden]")
# The document's free texts, where an applicant may write a person's name.
FREE_TEXT = ("community_value",)
# A part of a name shorter than this is not hidden on its own ("de", "Li" would hide
# too many other words); the whole name always is.
SHORTEST_NAME_PART = 3


def personal_question_ids(questions: Iterable[Question]) -> frozenset[str]:
    return frozenset(question.id for question in questions if question.names_a_person)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        return [value["name"]]  # a file: its name may carry a person's
    return []


def personal_values(
    document: Mapping[str, Any], *, personal_ids: frozenset[str], email: str = ""
) -> tuple[str, ...]:
    """Every text that names or reaches the applicant: names, their parts, addresses,
    personal answers. Longest first, so that a whole name is replaced before its parts."""
    found: set[str] = {email} if email else set()
    for contact in document.get("contacts") or ():
        if not isinstance(contact, Mapping):
            continue
        for key in ("name", "email"):
            if isinstance(contact.get(key), str):
                found.add(contact[key])
        name = contact.get("name")
        if isinstance(name, str):
            found.update(part for part in name.split() if len(part) >= SHORTEST_NAME_PART)
    answers = document.get("answers") or {}
    if isinstance(answers, Mapping):
        for qid in personal_ids:
            found.update(_strings(answers.get(qid)))
    return tuple(sorted((v.strip() for v in found if v.strip()), key=lambda v: (-len(v), v)))


@dataclass(frozen=True)
class Blind:
    """How one application reads for a reader who may not see the applicant yet."""

    values: tuple[str, ...]
    personal_ids: frozenset[str]

    @classmethod
    def of(cls, application: Any) -> Blind:
        """For an Application (its call's questions, its document and contact email)."""
        ids = personal_question_ids(application.call.own_questions)
        document = dict(application.document or {})
        # Co-organisers (models.CoOrganiser) are contacts too: the timeline names them.
        others = [
            {"name": name, "email": email}
            for name, email in application.co_organisers.values_list("name", "email")
        ]
        if others:
            document["contacts"] = [*(document.get("contacts") or ()), *others]
        values = personal_values(document, personal_ids=ids, email=application.email or "")
        return cls(values=values, personal_ids=ids)

    @property
    def hidden(self) -> str:
        return str(HIDDEN)

    def text(self, text: Any) -> str:
        """The text with each personal value replaced ("Best wishes, [hidden]")."""
        text = "" if text is None else str(text)
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(str(HIDDEN_IN_TEXT), text)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.values:
            return None
        either = "|".join(re.escape(value) for value in self.values)
        return re.compile(rf"(?<!\w)(?:{either})(?!\w)", flags=re.IGNORECASE)

    def rows(self, rows: Iterable[Row]) -> list[Row]:
        """The call's own answers: a personal one reads "Hidden until your review is in"
        (no file link either); the others with personal values replaced."""
        shown = []
        for row in rows:
            if row.question.id in self.personal_ids and row.answered:
                shown.append(replace(row, text=self.hidden, file=None, hidden=True))
            else:
                shown.append(replace(row, text=self.text(row.text)))
        return shown

    def screening(self, screening: Mapping[str, Any]) -> dict[str, Any]:
        """A stored screening as the pages and the API show it (screening.selectors'
        `stored_screening`), its reasons without personal values: TEAM's names the
        contact's address."""
        lines = [
            replace(
                line,
                reason=self.text(line.reason),
                override_reason=self.text(line.override_reason),
            )
            for line in screening.get("lines", ())
        ]
        preferences = [
            {**item, "reason": self.text(item.get("reason"))}
            for item in screening.get("preferences", ())
        ]
        conditions = [self.text(item) for item in screening.get("conditions", ())]
        return {**screening, "lines": lines, "preferences": preferences, "conditions": conditions}

    def document(self, document: Mapping[str, Any], *, words: bool = True) -> dict[str, Any]:
        """A copy of a stored document without what is personal, for exports.

        With `words`, each contact's name and address and each personal answer read
        "Hidden until your review is in" (a spreadsheet's cells); without, they are left
        out. The free texts (FREE_TEXT, the offers' details, text answers) have the
        personal values replaced; the event, its organisation, places, dates and web
        addresses are as they were."""
        shown = dict(document)
        count = len(document.get("contacts") or ())
        shown["contacts"] = [{"name": self.hidden, "email": self.hidden}] * count if words else []
        for key in FREE_TEXT:
            if isinstance(document.get(key), str):
                shown[key] = self.text(document[key])
        if isinstance(document.get("offers"), list):
            shown["offers"] = [self._offer(offer) for offer in document["offers"]]
        if isinstance(document.get("answers"), Mapping):
            shown["answers"] = self._answers(document["answers"], words=words)
        return shown

    def typed_document(self, document: ApplicationDocument) -> ApplicationDocument:
        """The same for a typed document (the staff API): contacts and personal answers
        left out, free texts with the personal values replaced."""
        return document.model_copy(
            update={
                "contacts": (),
                "community_value": self.text(document.community_value)
                if document.community_value
                else document.community_value,
                "offers": tuple(
                    offer.model_copy(update={"details": self.text(offer.details)})
                    if offer.details
                    else offer
                    for offer in document.offers
                ),
                "answers": self._answers(document.answers, words=False),
            }
        )

    def _offer(self, offer: Any) -> Any:
        if isinstance(offer, Mapping) and isinstance(offer.get("details"), str):
            return {**offer, "details": self.text(offer["details"])}
        return offer

    def _answers(self, answers: Mapping[str, Any], *, words: bool) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        for qid, value in answers.items():
            if qid not in self.personal_ids:
                shown[qid] = self._answer_text(value)
            elif words:
                shown[qid] = self.hidden
        return shown

    def _answer_text(self, value: Any) -> Any:
        """A text answer with the personal values replaced; a web address, a number, a
        choice's code or a file as it is."""
        if isinstance(value, str) and not value.startswith(("http://", "https://")):
            return self.text(value)
        return value
