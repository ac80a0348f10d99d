"""Every sentence the optimiser and the greedy baseline can say, keyed by a stable code.

Pure Python: no Django import. A `Text` is the English sentence (a `str`, so the
command line, the JSON output and the tests read it as plain text) that also keeps
its code and parameters. The selection page stores `as_data(text)` with a scenario
and words it again in the reader's language with `say`. Sentences avoid plural
nouns after a number ("the number of events is at its most: 2"), so one template serves every count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opencall.core.messages import Catalogue, Gettext, _, identity

MESSAGES: dict[str, str] = {
    # result messages
    "result.optimal": _("proven optimal"),
    "result.optimal_within": _("proven optimal within a relative gap of {gap}"),
    "result.time_limit": _(
        "time limit of {limit} s reached: best selection found, not proven optimal"
    ),
    "result.none_in_time": _(
        "no feasible selection found within the time limit of {limit} s; the instance "
        "may still be feasible: give the optimiser more time"
    ),
    "result.infeasible_precheck": _(
        "no selection satisfies every constraint (found before solving)"
    ),
    "result.infeasible_solver": _("no selection satisfies every constraint (proved by HiGHS)"),
    "result.first_answer": _(
        "best selection so far: at most {gap} below the best possible, still improving"
    ),
    "result.time_limit_gap": _(
        "time limit reached: best selection found, at most {gap} below the best possible"
    ),
    "result.stopped": _("stopped and kept by a person: at most {gap} below the best possible"),
    "result.greedy": _("greedy baseline: whole applications by total requested value"),
    "result.greedy_failed": _(
        "greedy baseline: whole applications by total requested value; it could not "
        "honour every lock and hub minimum"
    ),
    # binding constraints
    "binding.pool_full": _("pool {pool}: fully used"),
    "binding.pool_too_small": _(
        "pool {pool}: {left} left, less than any offer not granted needs from it "
        "(at least {smallest})"
    ),
    "binding.max_events": _("the number of events is at its most: {count}"),
    "binding.hub_min": _("hub {hub} at its minimum: {count}"),
    "binding.hub_max": _("hub {hub} at its maximum: {count}"),
    # why an application is left out
    "why.locked_out": _("locked out"),
    "why.cannot_be_supported": _("cannot be supported: {reason}"),
    "why.hub_max": _("hub {hub} max ({max}) reached"),
    "why.max_events_no_room": _(
        "the number of events is at its most ({max}), and no selected event could make room"
    ),
    "why.max_events_not_more": _(
        "the number of events is at its most ({max}), and its whole request is worth {value}, "
        "not more "
        "than the least valuable selected application that could make room ({ref}: {worth})"
    ),
    "why.max_events_no_swap": _(
        "the number of events is at its most ({max}); its whole request is worth more "
        "({value}) than the "
        "least valuable selected application that could make room ({ref}: {worth}), but no "
        "swap fits the pools and bounds with a higher total"
    ),
    "why.never_granted": _(
        "{offer} can never be granted: it requires {missing}, which the application does "
        "not request"
    ),
    "why.short": _("{offers} needs {shortfalls}"),
    "why.shortfall": _("{amount} more in {pool} ({left} left)"),
    "why.no_value": _("{offers} fits in what is left but adds no value"),
    "why.search_stopped": _(
        "{offers} fits in what is left (value {value}): the search stopped before it could be added"
    ),
    "why.greedy_hub_min": _(
        "hub {hub}: the whole applications that fit ({count}) are fewer than its minimum ({min})"
    ),
    "why.greedy_lock": _("locked-in {ref} does not fit whole after the other locks"),
    # why an application can never be supported
    "unsupportable.no_offers": _("it requests no offers"),
    "unsupportable.bundle": _(
        "it is all-or-nothing and one of its offers requires a type it does not request"
    ),
    "unsupportable.requires": _("each of its offers requires a type it does not request"),
    # why no selection exists
    "infeasible.locked_unsupportable": _("{ref} is locked in but {reason}"),
    "infeasible.hub_min_above_max": _("hub {hub} has a minimum ({min}) above its maximum ({max})"),
    "infeasible.hub_min_unreachable": _(
        "hub {hub}: its minimum is {min}, but only {possible} of its applications (out of "
        "{total}) can be supported"
    ),
    "infeasible.hub_max_locked": _(
        "hub {hub}: its maximum is {max}, below its locked-in applications ({locked})"
    ),
    "infeasible.max_events_locked": _(
        "the most events supported is {max}, below the locked-in applications ({locked})"
    ),
    "infeasible.max_events_minimums": _(
        "the most events supported is {max}, below what the hub minimums and locked-in "
        "applications need "
        "({needed})"
    ),
    "infeasible.pool_locked": _(
        "pool {pool}: the locked-in applications ({refs}) need at least {needed} but its "
        "capacity is {capacity}"
    ),
    "infeasible.pool_minimums": _(
        "pool {pool}: the hub minimums {hubs} with the locked-in applications need at "
        "least {needed} but its capacity is {capacity}"
    ),
    "infeasible.conflict": _("these constraints cannot all hold together: {groups}"),
    "infeasible.conflict_partial": _(
        "ran out of time narrowing down; these constraints are involved: {groups}"
    ),
    "group.locked_in": _("locked-in applications {refs}"),
    "group.hub_min": _("hub {hub} min {min}"),
    "group.hub_max": _("hub {hub} max {max}"),
    "group.max_events": _("the number of events at most {max}"),
    "group.pool": _("pool {pool} (capacity {capacity})"),
    # how an application's value was reached (from its stored screening result)
    "value.formula": _(
        "value {value}: review score {score} × {factor}, split evenly over the offers it "
        "asks for ({count}): {share} each"
    ),
    "value.no_score": _("value 0: no counted review score yet"),
    "value.no_preference": _("no preference of the call applies to an event of its scope"),
    "value.preference_met": _("{preference}: met, bonus +{bonus}"),
    "value.preference_not_met": _("{preference}: not met, no bonus"),
    "preference.regional_in_priority_country": _("regional event in a HOT priority country"),
    "preference.international_accessible": _(
        "international event with a virtual component or open publication"
    ),
    # why the value cannot be known: the screening result cannot be read
    "screening.missing": _("{ref} has not been screened"),
    "screening.reference": _(
        "{ref} was screened against reference data {stored}, but the call now uses {current}"
    ),
    "screening.document": _("{ref} changed after it was screened"),
    "screening.refused": _(
        "the value of some applications depends on a screening result that is missing or "
        "out of date: {problems}. Screen them again, then run the selection."
    ),
}
CATALOGUE = Catalogue(MESSAGES)
# Translators: between sentences listed in one (French puts a space before the semicolon).
SEPARATOR = _("; ")

# A parameter: plain text, or sentences joined with "; " when worded.
Param = str | int | float | tuple["Text", ...]


class Text(str):
    """An English sentence that keeps its code and parameters, to be worded again."""

    code: str
    params: Mapping[str, Param]

    def __new__(cls, code: str, **params: Param) -> Text:
        if code not in MESSAGES:
            raise KeyError(f"no message {code!r}")
        # English needs no catalogue: nested texts already are their English sentence.
        english = {k: SEPARATOR.join(v) if isinstance(v, tuple) else v for k, v in params.items()}
        self = super().__new__(cls, MESSAGES[code].format_map(english))
        self.code, self.params = code, params
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Text:
        return self  # immutable; `dataclasses.asdict` deep-copies what it returns

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, dict(self.params)))


def _rebuild(code: str, params: dict[str, Param]) -> Text:
    return Text(code, **params)


def _word(code: str, params: Mapping[str, Any], gettext: Gettext) -> str:
    plain = {
        name: gettext(SEPARATOR).join(say(v, gettext) for v in value)
        if isinstance(value, list | tuple)
        else str(value)
        for name, value in params.items()
    }
    return CATALOGUE.render(code, plain, gettext)


def as_data(value: Any) -> Any:
    """`Text` anywhere inside `value` (dicts, lists, tuples) as {"code", "params"}."""
    if isinstance(value, Text):
        return {"code": value.code, "params": {k: as_data(v) for k, v in value.params.items()}}
    if isinstance(value, Mapping):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_data(v) for v in value]
    return value


def say(stored: Any, gettext: Gettext = identity) -> str:
    """A sentence stored by `as_data` (or stored as plain text, before codes) in the
    language `gettext` translates to."""
    if isinstance(stored, Text):
        # Its English is already there; other languages are worded again.
        if gettext is identity:
            return str.__str__(stored)
        return _word(stored.code, stored.params, gettext)
    if isinstance(stored, Mapping) and "code" in stored:
        return _word(stored["code"], stored.get("params", {}), gettext)
    return str(stored)


def fmt(amount: float) -> str:
    """An amount as sentences show it: two decimals at most, no trailing zeros."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")
