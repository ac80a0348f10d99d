from collections.abc import Mapping
from typing import Any

from django import template

from opencall.selection.amounts import amount_text
from opencall.selection.models import ResourcePool

register = template.Library()


@register.filter
def get_state(states: dict, key: int) -> str:
    """A reviewer's review state from a {user id: state} mapping."""
    return states.get(key, "")


@register.filter
def in_unit(value: Any, pool: ResourcePool | str) -> str:
    """An amount with its pool's unit: {{ amount|in_unit:pool }} gives "USD 6,000".
    The argument is a pool or a unit code; anything else shows the number alone."""
    if isinstance(pool, ResourcePool):
        return pool.amount_text(value)
    return amount_text(value, pool if isinstance(pool, str) else "")


@register.filter
def by_pool(costs: Mapping[str, Any], pools: Mapping[str, ResourcePool]) -> list[tuple]:
    """{pool code: amount} as (pool, "USD 6,000") pairs, in the pools' order."""
    known = [(pool, pool.amount_text(costs[code])) for code, pool in pools.items() if code in costs]
    unknown = [(code, amount_text(v, "")) for code, v in costs.items() if code not in pools]
    return known + unknown


@register.filter
def named(code: str | None, names: Mapping[str, str]) -> str:
    """A code by its name ({{ application.hub_code|named:hub_names }}); unknown codes as
    they are."""
    if not code:
        return ""
    return names.get(code, code)
