"""A call's pools, default costs, bounds, dependencies and settings, from its definition.

The definition file's sections (`pools`, `offer_costs`, `offer_requires`,
`hub_bounds`, `selection`) become rows when the call is loaded (`selection_install`),
and loading it again with `--update` makes the rows those of the file, unless final
decisions forbid the change. Staff may also edit the rows in the admin; `export_call`
writes them back out (`selection_export`). Reading them never writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from opencall.calls.definition import CallDefinitionError
from opencall.calls.models import Call
from opencall.calls.services import CallUpdateRefused
from opencall.core.translated import languages, texts_of
from opencall.selection import selectors
from opencall.selection.models import (
    CostEstimate,
    Decision,
    HubBound,
    OfferCost,
    OfferRequirement,
    ResourcePool,
    SelectionSettings,
    Unit,
)


class SelectionConfigError(CallDefinitionError):
    """A selection section of the call definition is wrong; the message names it."""


@dataclass(frozen=True)
class SelectionPlan:
    """The selection sections, checked, as the fields of their rows."""

    pools: dict[str, dict[str, Any]]
    costs: list[tuple[str, str, Decimal | None]]  # offer, pool, amount (None: as requested)
    requires: list[tuple[str, str]]
    bounds: dict[str, tuple[int, int | None]]
    settings: dict[str, Any]


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise SelectionConfigError(f"{where}: '{value}' is not a number") from exc
    if number < 0:
        raise SelectionConfigError(f"{where}: must be zero or more")
    return number


def _count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SelectionConfigError(f"{where}: must be a whole number of zero or more")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise SelectionConfigError(f"{where}: must be true or false, not {value!r}")
    return value


def _pools(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    pools: dict[str, dict[str, Any]] = {}
    for position, item in enumerate(items):
        where = f"pools[{position}]"
        code, unit, label = item["code"], item.get("unit", "hours"), item.get("label", {})
        if code in pools:
            raise SelectionConfigError(f"{where}: pool '{code}' is listed twice")
        if unit not in Unit.values:
            raise SelectionConfigError(f"{where}: unit '{unit}' is not one of {Unit.values}")
        pools[code] = {
            "unit": unit,
            "capacity": _decimal(item.get("capacity", 0), f"{where}.capacity"),
            "position": position,
            # Every language's column, so that a label removed from the file goes too.
            **{f"label_{lang}": label.get(lang) for lang in languages()},
        }
    return pools


def _costs(items: list[dict[str, Any]], pools: dict[str, Any]) -> list[tuple]:
    costs: list[tuple[str, str, Decimal | None]] = []
    for index, item in enumerate(items):
        where = f"offer_costs[{index}]"
        wanted = [(item["from_amount"], None)] if "from_amount" in item else []
        wanted += [
            (code, _decimal(amount, f"{where}.cost.{code}"))
            for code, amount in item.get("cost", {}).items()
        ]
        for code, amount in wanted:
            if code not in pools:
                raise SelectionConfigError(f"{where}: unknown pool '{code}'")
            costs.append((item["offer"], code, amount))
    return costs


def _bounds(items: list[dict[str, Any]]) -> dict[str, tuple[int, int | None]]:
    bounds = {}
    for index, item in enumerate(items):
        where = f"hub_bounds[{index}]"
        low = _count(item.get("min", 0), f"{where}.min")
        high = None if item.get("max") is None else _count(item["max"], f"{where}.max")
        if high is not None and high < low:
            raise SelectionConfigError(f"{where}: 'max' is below 'min'")
        bounds[item["hub"]] = (low, high)
    return bounds


def selection_parse(sections: dict[str, Any]) -> SelectionPlan:
    """Check the selection sections of a definition; pure (the data migration uses it)."""
    try:
        pools = _pools(sections.get("pools", []))
        options = sections.get("selection", {})
        max_events = options.get("max_events")
        return SelectionPlan(
            pools=pools,
            costs=_costs(sections.get("offer_costs", []), pools),
            requires=[
                (item["offer"], required)
                for item in sections.get("offer_requires", [])
                for required in item.get("requires", [])
            ],
            bounds=_bounds(sections.get("hub_bounds", [])),
            settings={
                "max_events": None
                if max_events is None
                else _count(max_events, "selection.max_events"),
                "priority_country_bonus": _decimal(
                    options.get("priority_country_bonus", 0), "selection.priority_country_bonus"
                ),
                "accessible_bonus": _decimal(
                    options.get("accessible_bonus", 0), "selection.accessible_bonus"
                ),
                "publish_supported_events": _flag(
                    options.get("publish_supported_events", False),
                    "selection.publish_supported_events",
                ),
                "confirm_days": _count(options.get("confirm_days", 14), "selection.confirm_days"),
            },
        )
    except KeyError as exc:
        raise SelectionConfigError(f"a selection section lacks '{exc.args[0]}'") from exc


def plain_number(value: Decimal) -> int | float:
    """4000, not 4000.00 (as PostgreSQL returns it) nor 4E+3 (normalize)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _refusals(call: Call, pools: dict[str, ResourcePool], plan: SelectionPlan) -> list[str]:
    """What final decisions (and staff's cost estimates) forbid: taking away or
    shrinking what they committed, or capping events below those already accepted."""
    reasons = []
    taken = selectors.committed(call=call)
    estimated = Counter(
        CostEstimate.objects.filter(pool__call=call).values_list("pool__code", flat=True)
    )
    for code, pool in pools.items():
        amount = taken.get(code, Decimal(0))
        committed, new = plain_number(amount), plan.pools.get(code)
        if new is None and committed:
            reasons.append(
                f"pools: '{code}' cannot be removed: final decisions committed {committed} from it"
            )
        elif new is None and estimated[code]:
            reasons.append(
                f"pools: '{code}' cannot be removed: "
                f"staff estimated {estimated[code]} costs against it"
            )
        elif new is not None and new["capacity"] < amount:
            reasons.append(
                f"pools: the capacity of '{code}' cannot go down to "
                f"{plain_number(new['capacity'])}: final decisions committed {committed}"
            )
        elif new is not None and new["unit"] != pool.unit and (committed or estimated[code]):
            reasons.append(
                f"pools: the unit of '{code}' cannot change from {pool.unit} to {new['unit']}: "
                "final decisions or cost estimates are counted in it"
            )
    accepted = Counter(
        Decision.objects.filter(
            application__call=call,
            final_at__isnull=False,
            outcome=Decision.Outcome.ACCEPTED,
        )
        .exclude(answer__in=(Decision.Answer.DECLINED, Decision.Answer.EXPIRED))
        .values_list("application__hub_code", flat=True)
    )
    most = plan.settings["max_events"]
    if most is not None and most < accepted.total():
        reasons.append(
            f"selection: max_events cannot go down to {most}: "
            f"{accepted.total()} events are accepted by final decisions"
        )
    for hub, (_low, high) in plan.bounds.items():
        if high is not None and high < accepted[hub]:
            reasons.append(
                f"hub_bounds: the most for hub '{hub}' cannot go down to {high}: "
                f"{accepted[hub]} of its events are accepted by final decisions"
            )
    return reasons


def _differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed, in words, for the command's output and the audit log."""
    changes = []
    old = {pool["code"]: pool for pool in before.get("pools", [])}
    new = {pool["code"]: pool for pool in after.get("pools", [])}
    changes += [f"pools: '{code}' removed" for code in old.keys() - new.keys()]
    for code, pool in new.items():
        if code not in old:
            changes.append(f"pools: '{code}' added, capacity {pool['capacity']}")
        elif old[code]["capacity"] != pool["capacity"]:
            changes.append(
                f"pools: '{code}' capacity {old[code]['capacity']} -> {pool['capacity']}"
            )
        elif old[code] != pool:
            changes.append(f"pools: '{code}' changed")
    old_settings, new_settings = before.get("selection", {}), after.get("selection", {})
    for key in sorted(old_settings.keys() | new_settings.keys()):
        if old_settings.get(key) != new_settings.get(key):
            changes.append(f"selection: {key} {old_settings.get(key)} -> {new_settings.get(key)}")
    for key in ("offer_costs", "offer_requires", "hub_bounds"):
        if before.get(key) != after.get(key):
            changes.append(f"{key}: changed")
    return changes


@transaction.atomic
def selection_install(*, call: Call, sections: dict[str, Any]) -> list[str]:
    """Make the call's selection rows those of the definition's sections. Returns what
    changed; raises CallUpdateRefused, having changed nothing, when final decisions
    forbid a change. The pools are locked first, as a decision taking resources does."""
    plan = selection_parse(sections)
    locked = ResourcePool.objects.select_for_update().filter(call=call).order_by("pk")
    pools = {pool.code: pool for pool in locked}
    if reasons := _refusals(call, pools, plan):
        raise CallUpdateRefused(reasons)
    before = selection_export(call=call)
    # Costs, dependencies and bounds are plain lists nothing points to: replaced whole.
    OfferCost.objects.filter(call=call).delete()
    OfferRequirement.objects.filter(call=call).delete()
    HubBound.objects.filter(call=call).delete()
    for code in pools.keys() - plan.pools.keys():
        pools.pop(code).delete()
    for code, fields in plan.pools.items():
        pools[code], _created = ResourcePool.objects.update_or_create(
            call=call, code=code, defaults=fields
        )
    OfferCost.objects.bulk_create(
        OfferCost(
            call=call,
            offer_code=offer,
            pool=pools[code],
            amount=amount or 0,
            from_requested_amount=amount is None,
        )
        for offer, code, amount in plan.costs
    )
    OfferRequirement.objects.bulk_create(
        OfferRequirement(call=call, offer_code=offer, requires_code=required)
        for offer, required in plan.requires
    )
    HubBound.objects.bulk_create(
        HubBound(call=call, hub_code=hub, minimum=low, maximum=high)
        for hub, (low, high) in plan.bounds.items()
    )
    SelectionSettings.objects.update_or_create(call=call, defaults=plan.settings)
    return _differences(before, selection_export(call=call))


def selection_export(*, call: Call) -> dict[str, Any]:
    """The selection sections of the definition file, from the rows staff may have
    edited (pools, costs, dependencies, bounds, settings). Empty for a call without."""
    options = SelectionSettings.objects.filter(call=call).first()
    if options is None:
        return {}
    costs: dict[str, dict[str, Any]] = {}
    for cost in OfferCost.objects.filter(call=call).select_related("pool").order_by("pk"):
        entry = costs.setdefault(cost.offer_code, {"offer": cost.offer_code})
        if cost.from_requested_amount:
            entry["from_amount"] = cost.pool.code
        else:
            entry.setdefault("cost", {})[cost.pool.code] = plain_number(cost.amount)
    requires: dict[str, list[str]] = {}
    for requirement in OfferRequirement.objects.filter(call=call).order_by("pk"):
        requires.setdefault(requirement.offer_code, []).append(requirement.requires_code)
    return {
        "selection": {
            **({"max_events": options.max_events} if options.max_events is not None else {}),
            "priority_country_bonus": plain_number(options.priority_country_bonus),
            "accessible_bonus": plain_number(options.accessible_bonus),
            "publish_supported_events": options.publish_supported_events,
            "confirm_days": options.confirm_days,
        },
        "pools": [
            {
                "code": pool.code,
                "unit": pool.unit,
                "capacity": plain_number(pool.capacity),
                "label": texts_of(pool, "label"),
            }
            for pool in ResourcePool.objects.filter(call=call)
        ],
        "offer_costs": list(costs.values()),
        "offer_requires": [
            {"offer": offer, "requires": codes} for offer, codes in requires.items()
        ],
        "hub_bounds": [
            {
                "hub": bound.hub_code,
                "min": bound.minimum,
                **({"max": bound.maximum} if bound.maximum is not None else {}),
            }
            for bound in HubBound.objects.filter(call=call).order_by("pk")
        ],
    }
