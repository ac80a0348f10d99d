"""The blind review as every reader applies it: the staff pages, the staff API and the
spreadsheet exports ask here whether a person may see who applied, and get what they
may read instead (applications/personal.py hides; the rulebook's
`applications.see_applicant` decides; docs/reviewing.md says why).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opencall.applications.models import Application
from opencall.applications.personal import Blind


def applicant_hidden_for(*, user: Any, application: Application) -> bool:
    """True while this person may not see the applicant's names and contacts."""
    return not user.has_perm("applications.see_applicant", application)


def blind_for(*, user: Any, application: Application) -> Blind | None:
    """How this application reads for this person: None when they see everything."""
    if not applicant_hidden_for(user=user, application=application):
        return None
    return Blind.of(application)


def document_for(
    *,
    user: Any,
    application: Application,
    document: Mapping[str, Any] | None = None,
    words: bool = True,
) -> dict[str, Any]:
    """The stored document (or `document`, a copy of it) as this person may read it:
    for a spreadsheet or JSON export, each hidden value reads "Hidden until your review
    is in" (`words=False`: left out)."""
    document = application.document if document is None else document
    blind = blind_for(user=user, application=application)
    return dict(document) if blind is None else blind.document(document, words=words)
