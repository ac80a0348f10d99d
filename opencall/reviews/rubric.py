"""The call's rubric as data: `[[rubric]]` tables of the call definition, which the
definition loader keeps in `call.extra["rubric"]`, become RubricCriterion rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from opencall.calls.models import Call
from opencall.reviews.models import RubricCriterion


class RubricError(ValueError):
    """The call's rubric data is malformed; the message names the criterion."""


def _criterion_fields(item: dict[str, Any], position: int) -> dict[str, Any]:
    where = f"rubric[{position + 1}]"
    code = item.get("id") or item.get("code")
    if not isinstance(code, str) or not code:
        raise RubricError(f"{where}: 'id' is missing")
    label = item.get("label")
    if not isinstance(label, dict) or "en" not in label:
        raise RubricError(f"{where} ({code}): 'label' needs at least an English text")
    scale = item.get("scale", {})
    low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
    if high <= low:
        raise RubricError(f"{where} ({code}): the scale's max must be above its min")
    weight = Decimal(str(item.get("weight", 1)))
    if weight <= 0:
        raise RubricError(f"{where} ({code}): the weight must be positive")
    return {
        "position": position,
        "label": dict(label),
        "help": dict(item.get("help", {})),
        "scale_min": low,
        "scale_max": high,
        "weight": weight,
    }


def rubric_for(*, call: Call) -> list[RubricCriterion]:
    """The call's rubric criteria, loaded from its definition the first time."""
    criteria = list(RubricCriterion.objects.filter(call=call))
    if criteria or not call.extra.get("rubric"):
        return criteria
    return rubric_load(call=call)


@transaction.atomic
def rubric_load(*, call: Call) -> list[RubricCriterion]:
    """(Re)load the rubric from call.extra. Scores already given keep their criterion:
    criteria are updated in place by code, never deleted here."""
    for position, item in enumerate(call.extra.get("rubric", [])):
        fields = _criterion_fields(item, position)
        code = item.get("id") or item.get("code")
        RubricCriterion.objects.update_or_create(call=call, code=code, defaults=fields)
    return list(RubricCriterion.objects.filter(call=call))


def rubric_export(*, call: Call) -> list[dict[str, Any]]:
    """The rubric as `[[rubric]]` tables, from the rows staff may have edited."""
    return [
        {
            "id": criterion.code,
            "label": criterion.label,
            **({"help": criterion.help} if criterion.help else {}),
            "scale": {"min": criterion.scale_min, "max": criterion.scale_max},
            "weight": float(criterion.weight),
        }
        for criterion in rubric_for(call=call)
    ]
