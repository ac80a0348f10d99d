"""Create a call's pools, default costs, bounds and dependencies from its definition.

The definition file's sections (`pools`, `offer_costs`, `offer_requires`,
`hub_bounds`, `selection`) are stored once; staff then edit them in the admin, and
loading again never overwrites their edits.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from opencall.calls.models import Call
from opencall.core.translated import columns_for, texts_of
from opencall.selection.models import (
    HubBound,
    OfferCost,
    OfferRequirement,
    ResourcePool,
    SelectionSettings,
)


class SelectionConfigError(ValueError):
    """A selection section of the call definition is wrong; the message names it."""


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise SelectionConfigError(f"{where}: '{value}' is not a number") from exc
    if number < 0:
        raise SelectionConfigError(f"{where}: must be zero or more")
    return number


def _pools(call: Call, items: list[dict[str, Any]]) -> dict[str, ResourcePool]:
    pools = {}
    for position, item in enumerate(items):
        where = f"pools[{position}]"
        label = item.get("label", {})
        pools[item["code"]] = ResourcePool.objects.create(
            call=call,
            code=item["code"],
            unit=item.get("unit", "hours"),
            capacity=_decimal(item.get("capacity", 0), f"{where}.capacity"),
            position=position,
            **columns_for("label", label),
        )
    return pools


def _costs(call: Call, items: list[dict[str, Any]], pools: dict[str, ResourcePool]) -> None:
    for index, item in enumerate(items):
        where = f"offer_costs[{index}]"

        def pool(code: str, where: str = where) -> ResourcePool:
            if code not in pools:
                raise SelectionConfigError(f"{where}: unknown pool '{code}'")
            return pools[code]

        if "from_amount" in item:
            OfferCost.objects.create(
                call=call,
                offer_code=item["offer"],
                pool=pool(item["from_amount"]),
                from_requested_amount=True,
            )
        for code, amount in item.get("cost", {}).items():
            OfferCost.objects.create(
                call=call,
                offer_code=item["offer"],
                pool=pool(code),
                amount=_decimal(amount, f"{where}.cost.{code}"),
            )


@transaction.atomic
def selection_setup(*, call: Call) -> bool:
    """Store the selection sections of the call's definition, once. Returns whether
    anything was created."""
    if SelectionSettings.objects.filter(call=call).exists():
        return False
    extra = call.extra or {}
    try:
        pools = _pools(call, extra.get("pools", []))
        _costs(call, extra.get("offer_costs", []), pools)
        for item in extra.get("offer_requires", []):
            for required in item.get("requires", []):
                OfferRequirement.objects.create(
                    call=call, offer_code=item["offer"], requires_code=required
                )
        for item in extra.get("hub_bounds", []):
            HubBound.objects.create(
                call=call,
                hub_code=item["hub"],
                minimum=int(item.get("min", 0)),
                maximum=item.get("max"),
            )
        options = extra.get("selection", {})
        SelectionSettings.objects.create(
            call=call,
            max_events=options.get("max_events"),
            priority_country_bonus=_decimal(
                options.get("priority_country_bonus", 0), "selection.priority_country_bonus"
            ),
            accessible_bonus=_decimal(
                options.get("accessible_bonus", 0), "selection.accessible_bonus"
            ),
            publish_supported_events=_flag(
                options.get("publish_supported_events", False),
                "selection.publish_supported_events",
            ),
        )
    except KeyError as exc:
        raise SelectionConfigError(f"a selection section lacks '{exc.args[0]}'") from exc
    return True


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise SelectionConfigError(f"{where}: must be true or false, not {value!r}")
    return value


def plain_number(value: Decimal) -> int | float:
    """4000, not 4000.00 (as PostgreSQL returns it) nor 4E+3 (normalize)."""
    return int(value) if value == value.to_integral_value() else float(value)


def selection_export(*, call: Call) -> dict[str, Any]:
    """The selection sections of the definition file, from the rows staff may have
    edited (pools, costs, dependencies, bounds, settings). Empty before set-up."""
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
