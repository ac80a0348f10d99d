"""A call definition into every app's rows, and back out to a file.

Each domain app installs and exports its own part (calls: the call, its texts, dates
and offers; reviews: the rubric; selection: pools, costs, dependencies, bounds and
settings; collaborations: the deliverables' defaults; accounts: the blind review); this
front end runs them together, in one transaction, so that a refused update changes
nothing. The
`load_call` and `export_call` commands call it.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from opencall.accounts.services import (
    ReviewSectionError,
    review_settings_export,
    review_settings_install,
)
from opencall.calls.definition import CallDefinition, CallDefinitionError
from opencall.calls.models import Call
from opencall.calls.services import CallUpdateRefused, call_export, call_load
from opencall.collaborations.defaults import DefaultsError
from opencall.collaborations.services import defaults_export, defaults_install
from opencall.reviews.rubric import rubric_export, rubric_install
from opencall.selection.setup import selection_export, selection_install

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    call: Call
    action: str  # created, updated or kept
    changes: list[str] = field(default_factory=list)


@transaction.atomic
def call_install(
    *, definition: CallDefinition, practice: bool = False, update: bool = False
) -> Loaded:
    """Store a call and its rows from its definition. A call already loaded is kept as
    staff edited it unless `update` is given (or it is a practice copy that closed).
    Raises CallDefinitionError (malformed) or CallUpdateRefused (what final decisions
    or scored reviews forbid), having changed nothing."""
    call, action = call_load(definition=definition, practice=practice, update=update)
    if action == "kept":
        return Loaded(call, action)
    changes, refused = [], []
    installs = (
        lambda: rubric_install(call=call, items=definition.sections.get("rubric", [])),
        lambda: selection_install(call=call, sections=definition.sections),
        lambda: _collaboration_install(call, definition),
        lambda: _review_install(call, definition),
    )
    for install in installs:
        try:
            changes += install()
        except CallUpdateRefused as exc:  # gathered, so that one run names every reason
            refused += exc.reasons
    if refused:
        raise CallUpdateRefused(refused)  # rolls back the call's own changes too
    if action == "created":
        return Loaded(call, action)  # everything was added: the file says what
    for change in changes:
        logger.info("call %s %s: %s", call.slug, action, change)
    return Loaded(call, action, changes)


def _collaboration_install(call: Call, definition: CallDefinition) -> list[str]:
    try:
        return defaults_install(call=call, section=definition.sections.get("collaboration"))
    except DefaultsError as exc:
        raise CallDefinitionError(f"{definition.slug}: {exc}") from exc


def _review_install(call: Call, definition: CallDefinition) -> list[str]:
    try:
        return review_settings_install(call=call, section=definition.sections.get("review"))
    except ReviewSectionError as exc:
        raise CallDefinitionError(f"{definition.slug}: {exc}") from exc


def call_export_all(*, call: Call) -> dict[str, Any]:
    """The whole definition file's data, read from the rows staff may have edited."""
    data = call_export(call=call)
    if rubric := rubric_export(call=call):
        data["rubric"] = rubric
    data.update(selection_export(call=call))
    data.update(defaults_export(call=call))
    data.update(review_settings_export(call=call))
    return data
