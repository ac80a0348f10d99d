"""The selection's entries in the rulebook (django-rules' one registry; the
predicates come from accounts/rules.py)."""

from typing import Any

import rules

from opencall.accounts import selectors
from opencall.accounts.rules import has_staff_role, is_call_member, is_conflicted, is_decider_of
from opencall.applications.workflow import Role


@rules.predicate
def is_working_group_of(user: Any, application: Any) -> bool:
    return application is not None and Role.WORKING_GROUP in selectors.roles_for(
        user=user, application=application
    )


@rules.predicate
def manages_hub_of(user: Any, application: Any) -> bool:
    """The community manager of the event's own hub (a share is not enough to sign)."""
    if application is None or not application.hub_code or not selectors.is_staff_user(user):
        return False
    found = selectors.call_roles(user=user, call_id=application.call_id)
    return Role.HUB_MANAGER in found.roles and application.hub_code in found.hubs


@rules.predicate
def runs_scenarios_of(user: Any, scenario: Any) -> bool:
    """A member of the scenario's call: whoever may run scenarios may stop one."""
    return scenario is not None and is_call_member.test(user, scenario.call)


SELECTION_RULES = {
    # Stop a running scenario and keep its best selection so far.
    "selection.stop_scenario": runs_scenarios_of,
    # Record what an offer costs, after the conversation.
    "applications.set_costs": has_staff_role & ~is_conflicted,
    # Propose a decision (accepted with offers, waitlisted, declined).
    "applications.decide": (is_decider_of | manages_hub_of) & ~is_conflicted,
    # The two sign-offs a decision needs (POLICY: Working Group with the hubs).
    "applications.sign_off_working_group": is_working_group_of & ~is_conflicted,
    "applications.sign_off_hub": manages_hub_of & ~is_conflicted,
    # See it in full in a portfolio (scenarios, comparisons, explanations): whoever may
    # see the application itself, so the Working Group and call administrators see every
    # one, a hub manager their hub's and those shared with or assigned to them (as in
    # the candidate list). The others are only counted (selection/visibility.py).
    "applications.see_in_portfolio": has_staff_role,
}

for _name, _predicate in SELECTION_RULES.items():
    rules.add_perm(_name, _predicate)
