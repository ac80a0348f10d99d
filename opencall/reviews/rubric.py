"""The call's rubric as data: the `[[rubric]]` tables of the call definition become
RubricCriterion rows when the call is loaded (`rubric_install`), and go back out
from the rows (`rubric_export`). Reading the rubric never writes.

A criterion may point at the call's own questions (`questions = ["budget"]`): the
review form shows their answers under it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count

from opencall.calls.definition import CallDefinitionError
from opencall.calls.models import Call
from opencall.calls.services import CallUpdateRefused
from opencall.reviews.models import RubricCriterion, Score


class RubricError(CallDefinitionError):
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
    questions = item.get("questions", [])
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise RubricError(f"{where} ({code}): 'questions' must be a list of question ids")
    return {
        "position": position,
        "label": dict(label),
        "help": dict(item.get("help", {})),
        "scale_min": low,
        "scale_max": high,
        "weight": weight,
        "questions": list(questions),
    }


def rubric_parse(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Criterion code -> its row's fields, checked; pure (the data migration uses it)."""
    criteria: dict[str, dict[str, Any]] = {}
    for position, item in enumerate(items):
        fields = _criterion_fields(item, position)
        code = item.get("id") or item.get("code")
        if code in criteria:
            raise RubricError(f"rubric[{position + 1}]: '{code}' is listed twice")
        criteria[code] = fields
    return criteria


def unknown_questions(*, call: Call, criteria: dict[str, dict[str, Any]]) -> list[str]:
    """Why the criteria point at questions the call does not ask (none: an empty list)."""
    asked = {question.id for question in call.own_questions}
    return [
        f"rubric[{fields['position'] + 1}] ({code}): names an unknown question '{qid}'"
        for code, fields in criteria.items()
        for qid in fields["questions"]
        if qid not in asked
    ]


def rubric_for(*, call: Call) -> list[RubricCriterion]:
    """The call's rubric criteria, in order (installed when the call was loaded)."""
    return list(RubricCriterion.objects.filter(call=call))


def _refusals(
    current: dict[str, RubricCriterion], wanted: dict[str, dict[str, Any]], scored: dict[str, int]
) -> list[str]:
    """A scored criterion must stay, on the same scale and weight: each review's
    stored score was computed with them."""
    reasons = []
    for code, criterion in current.items():
        if not scored.get(code):
            continue
        why = f"reviews already scored it ({scored[code]} scores)"
        if code not in wanted:
            reasons.append(f"rubric: criterion '{code}' cannot be removed: {why}")
            continue
        new = wanted[code]
        old = (criterion.scale_min, criterion.scale_max, criterion.weight)
        if old != (new["scale_min"], new["scale_max"], new["weight"]):
            reasons.append(
                f"rubric: the scale or weight of criterion '{code}' cannot change "
                f"(scale {old[0]}-{old[1]}, weight {old[2]}): {why}"
            )
    return reasons


@transaction.atomic
def rubric_install(*, call: Call, items: list[dict[str, Any]]) -> list[str]:
    """Make the call's criteria those of the definition: added, changed in place by
    code, removed when absent. Returns what changed; raises CallUpdateRefused, having
    changed nothing, when a change would contradict reviews already scored."""
    wanted = rubric_parse(items)
    if problems := unknown_questions(call=call, criteria=wanted):
        raise RubricError("; ".join(problems))
    current = {c.code: c for c in RubricCriterion.objects.select_for_update().filter(call=call)}
    scored = dict(
        Score.objects.filter(criterion__call=call)
        .values_list("criterion__code")
        .annotate(count=Count("pk"))
    )
    if reasons := _refusals(current, wanted, scored):
        raise CallUpdateRefused(reasons)
    changes = []
    for code in current.keys() - wanted.keys():
        current[code].delete()
        changes.append(f"rubric: criterion '{code}' removed")
    for code, fields in wanted.items():
        criterion = current.get(code)
        if criterion is None:
            RubricCriterion.objects.create(call=call, code=code, **fields)
            changes.append(f"rubric: criterion '{code}' added")
        elif any(getattr(criterion, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(criterion, name, value)
            criterion.save()
            changes.append(f"rubric: criterion '{code}' changed")
    return changes


def rubric_export(*, call: Call) -> list[dict[str, Any]]:
    """The rubric as `[[rubric]]` tables, from the rows staff may have edited."""
    return [
        {
            "id": criterion.code,
            "label": criterion.label,
            **({"help": criterion.help} if criterion.help else {}),
            "scale": {"min": criterion.scale_min, "max": criterion.scale_max},
            "weight": float(criterion.weight),
            **({"questions": list(criterion.questions)} if criterion.questions else {}),
        }
        for criterion in rubric_for(call=call)
    ]
