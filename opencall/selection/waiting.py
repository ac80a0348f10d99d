"""Decisions that wait for a reader's sign-off (the staff home page's "what needs me").

Through the rulebook: a sign-off is waiting for this user when the decision needs it,
nobody gave it yet, and `applications.sign_off_working_group` or
`applications.sign_off_hub` lets this user give it, so a hub's community manager
sees only their hub's decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opencall.accounts.selectors import remember_facts
from opencall.calls.models import Call
from opencall.selection.models import Decision, SignOff
from opencall.selection.services import required_sign_offs

PERMISSIONS = {
    SignOff.As.WORKING_GROUP.value: "applications.sign_off_working_group",
    SignOff.As.HUB_MANAGER.value: "applications.sign_off_hub",
}


@dataclass(frozen=True)
class Waiting:
    decision: Decision
    roles: tuple[str, ...]  # the sign-offs this user may give, in the table's order

    @property
    def role_labels(self) -> list[str]:
        return [str(SignOff.As(role).label) for role in self.roles]


def sign_offs_waiting(*, user: Any, call: Call) -> list[Waiting]:
    """The call's proposed decisions (not final yet) that wait for a sign-off this user
    may give, by application number. Two queries, then the rulebook's remembered facts."""
    decisions = list(
        Decision.objects.filter(application__call=call, final_at__isnull=True)
        .select_related("application", "application__call")
        .prefetch_related("sign_offs")
        .order_by("application__number")
    )
    remember_facts(user=user, applications=[d.application for d in decisions])
    waiting = []
    for decision in decisions:
        given = {sign_off.role for sign_off in decision.sign_offs.all()}
        roles = tuple(
            role
            for role, permission in PERMISSIONS.items()
            if role in required_sign_offs(decision.application)
            and role not in given
            and user.has_perm(permission, decision.application)
        )
        if roles:
            waiting.append(Waiting(decision, roles))
    return waiting
