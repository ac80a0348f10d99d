"""The call's own criteria (calls/questions.py) judged on their questions' answers.

Pure Python, called by the engine with the same rule as POLICY's criteria: a
missing answer is `unclear` (a reviewer asks), only an answer the criterion refuses
is `fail`. Params keep the raw answer beside the words, so that each reader gets
the question, choices and numbers in their own language (screening/selectors.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from opencall.calls.questions import ExtraCriterion, Question, is_blank
from opencall.screening.results import FAIL, PASS, UNCLEAR, Outcome, Params


def answer_text(question: Question, value: Any, language: str | None = "en") -> str:
    """An answer as a person reads it: labels for choices, the unit after a number."""
    if isinstance(value, bool):
        return {True: "yes", False: "no"}[value]
    if question.type in ("choice", "choices"):
        codes = value if isinstance(value, list) else [value]
        return ", ".join(question.choice_label(code, language) for code in codes)
    if question.type == "file" and isinstance(value, dict):
        return str(value.get("name", ""))
    text = _number_text(value) if question.type == "number" else str(value)
    return f"{text} {question.unit}" if question.unit else text


def _number_text(value: Any) -> str:
    number = Decimal(str(value))
    return str(int(number)) if number == number.to_integral() else str(number)


def raw(value: Any) -> str:
    """The answer as kept in params, for a reader's own wording later."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value)


def judge(
    criterion: ExtraCriterion, question: Question, answers: dict[str, Any]
) -> tuple[Outcome, str, Params]:
    """(outcome, message code, params) for one extra criterion."""
    params: Params = {"question": question.label_in("en"), "question_id": question.id}
    if not question.shown(answers):
        return PASS, "extra.not_asked", params
    value = answers.get(question.id)
    if is_blank(value):
        return UNCLEAR, "extra.missing", params
    params.update(answer=answer_text(question, value), answer_value=raw(value))
    if criterion.test == "answered":
        return PASS, "extra.uploaded" if question.type == "file" else "extra.answered", params
    if criterion.test in ("at_most", "at_least"):
        limit: Decimal = criterion.value
        params.update(limit=answer_text(question, limit), limit_value=_number_text(limit))
        number = Decimal(str(value))
        met = number <= limit if criterion.test == "at_most" else number >= limit
        return (
            (PASS if met else FAIL),
            f"extra.{criterion.test}.{'pass' if met else 'fail'}",
            params,
        )
    accepted = criterion.value
    given = value if isinstance(value, list) else [value]
    params.update(
        expected=" / ".join(answer_text(question, item) for item in accepted),
        expected_value=",".join(raw(item) for item in accepted),
    )
    met = any(item in accepted for item in given)
    return (PASS if met else FAIL), f"extra.one_of.{'pass' if met else 'fail'}", params
