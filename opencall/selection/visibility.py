"""What one reader may see of a call's portfolios: scenarios, comparisons, explanations.

The optimiser weighs every candidate of the call, whoever runs it; what a page shows
of its result depends on who reads it (rulebook: `applications.see_in_portfolio`).
An application the reader may not see is only counted: no reference, no name, no hub.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import rules
from django.utils.translation import gettext, ngettext

from opencall.accounts.selectors import HIDDEN_FROM_STAFF, call_roles, remember_facts
from opencall.applications.models import Application
from opencall.calls.models import Call

PERMISSION = "applications.see_in_portfolio"
# Texts name applications in these parameters (selection/texts.py): one, or a ", " list.
REF, REFS = "ref", "refs"


@dataclass(frozen=True)
class Visibility:
    refs: frozenset[str] | None = None  # the applications seen in full; None: every one
    hubs: frozenset[str] = frozenset()  # hubs counted by name when not every one is seen

    @property
    def everything(self) -> bool:
        return self.refs is None

    def sees(self, ref: str) -> bool:
        return self.refs is None or ref in self.refs


EVERYTHING = Visibility()


def visibility_for(*, user: Any, call: Call) -> Visibility:
    """Ask the rulebook about each application of the call; a fixed number of queries."""
    applications = list(
        Application.objects.filter(call=call)
        .exclude(status__in=HIDDEN_FROM_STAFF)
        .only("pk", "number", "hub_code", "status", "call_id")
    )
    for application in applications:
        application.call = call  # its ref reads the call's slug
    remember_facts(user=user, applications=applications)
    # The rulebook asked directly: `user.has_perm` would also ask every authentication
    # backend, for each application of the call.
    seen = {a.ref for a in applications if rules.has_perm(PERMISSION, user, a)}
    if len(seen) == len(applications):
        return EVERYTHING
    return Visibility(frozenset(seen), call_roles(user=user, call_id=call.pk).hubs)


def mask(stored: Any, visibility: Visibility) -> Any:
    """A sentence stored by `texts.as_data`, with the applications the reader may not
    see no longer named (nested sentences too)."""
    if visibility.everything:
        return stored
    if isinstance(stored, list):
        return [mask(item, visibility) for item in stored]
    if isinstance(stored, Mapping) and "code" in stored:
        params = stored.get("params", {})
        return {**stored, "params": {k: _param(k, v, visibility) for k, v in params.items()}}
    return stored


def _param(name: str, value: Any, visibility: Visibility) -> Any:
    if name == REF and isinstance(value, str) and not visibility.sees(value):
        return gettext("an application not shown to you")
    if name == REFS and isinstance(value, str):
        refs = [ref for ref in value.split(", ") if ref]
        shown = [ref for ref in refs if visibility.sees(ref)]
        if hidden := len(refs) - len(shown):
            shown.append(
                ngettext(
                    "%(count)s application not shown to you",
                    "%(count)s applications not shown to you",
                    hidden,
                )
                % {"count": hidden}
            )
        return ", ".join(shown)
    return mask(value, visibility)
