"""A call's own questions, and the extra eligibility criteria it sets on them.

Beside the core fields the screening rules read (typed and fixed in the application
document), a call declares what else it asks: a budget, a share of women speakers,
an upload of the programme. Definitions come from the call file (`[[questions]]`,
`[[criteria]]`) or the admin, and are checked here on load, with errors that name
the question. Answers live in the application document under `answers`, in the
JSON form `clean_answer` gives them, so that the interchange format, the `screen`
command, the API and the exports carry them unchanged.

Pure Python (no Django): the engine, the command line and the pages share it.
Answers are checked in answers.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

# Answers are kept and checked in answers.py; re-exported for the definitions' readers.
from opencall.calls.answers import (  # noqa: F401
    ANSWER_PROBLEMS,
    TEXT_LIMITS,
    AnswerError,
    clean_answer,
    clean_answers,
    is_blank,
    missing_required,
)
from opencall.core.filekinds import KINDS

QUESTION_TYPES = (
    "short_text",
    "long_text",
    "number",
    "date",
    "yes_no",
    "choice",
    "choices",
    "country",
    "url",
    "email",
    "file",
)
# The steps of the form (applications/steps.py names them; a test keeps both in step).
STEP_SLUGS = ("event", "when-where", "audience", "content", "participation", "support")
# Criterion tests: what an answer must be for the extra criterion to pass.
TESTS = ("answered", "at_most", "at_least", "one_of")
# The kinds of file an upload question may take (applications/uploads.py checks
# each by its content).
FILE_TYPES = tuple(KINDS)
DEFAULT_MAX_MB = 5
_ID = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
_CRITERION_ID = re.compile(r"^[a-z][a-z0-9_]{0,19}$")  # stored in 20-character columns


class QuestionError(ValueError):
    """A definition the pages could not ask; the message names the question."""


@dataclass(frozen=True)
class Choice:
    code: str
    label: dict[str, str]


@dataclass(frozen=True)
class ShowIf:
    """Ask the question only when another question's answer is one of `values`
    (for a several-choices question: when any of them is ticked)."""

    question: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = False
    step: str = "content"
    order: int = 0
    private: bool = False  # never in exports or the public data
    # Names or reaches a person (a phone number, a second contact's name): hidden from
    # the reviewers of a blind call until their review is in, like an email answer.
    personal: bool = False
    max_length: int | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    decimals: int = 0
    unit: str = ""  # written after a number: "USD", "%"
    choices: tuple[Choice, ...] = ()
    show_if: ShowIf | None = None
    max_mb: float = DEFAULT_MAX_MB
    file_types: tuple[str, ...] = ("pdf",)

    @property
    def names_a_person(self) -> bool:
        """Hidden in a blind review: an email answer always, any other marked personal."""
        return self.personal or self.type == "email"

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    @property
    def text_limit(self) -> int:
        return self.max_length or TEXT_LIMITS.get(self.type, 500)

    def label_in(self, language: str | None) -> str:
        return in_language(self.label, language)

    def help_in(self, language: str | None) -> str:
        return in_language(self.help, language) if self.help else ""

    def choice_label(self, code: str, language: str | None) -> str:
        for choice in self.choices:
            if choice.code == code:
                return in_language(choice.label, language)
        return code

    def shown(self, answers: Mapping[str, Any]) -> bool:
        """Whether the question is asked, given the other answers."""
        if self.show_if is None:
            return True
        answer = answers.get(self.show_if.question)
        given = answer if isinstance(answer, list | tuple) else [answer]
        return any(value in self.show_if.values for value in given)


@dataclass(frozen=True)
class ExtraCriterion:
    """An eligibility criterion on one of the call's own questions, judged by the
    screening engine like POLICY's: missing answer unclear, refused answer fail."""

    id: str
    question: str
    test: str
    title: dict[str, str]
    explanation: dict[str, str] = field(default_factory=dict)
    value: Any = None  # the limit (at_most, at_least) or the accepted codes (one_of)

    def title_in(self, language: str | None) -> str:
        return in_language(self.title, language)

    def explanation_in(self, language: str | None) -> str:
        return in_language(self.explanation, language) if self.explanation else ""


def in_language(texts: Mapping[str, str], language: str | None) -> str:
    """The text in `language` (its first two letters), else English, else any."""
    short = (language or "en")[:2]
    return texts.get(short) or texts.get("en") or next(iter(texts.values()), "")


# -- reading definitions ------------------------------------------------------------


def _texts(item: Mapping[str, Any], key: str, where: str, languages: Iterable[str]) -> dict:
    value = item.get(key, {})
    if isinstance(value, str):  # a call in one language may write the text alone
        value = {"en": value}
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise QuestionError(f"{where}: '{key}' must be a table of texts by language")
    missing = [lang for lang in languages if not value.get(lang)]
    if key in ("label", "title") and missing:
        raise QuestionError(f"{where}: '{key}' has no text in {', '.join(missing)}")
    return dict(value)


def _number(item: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    if key not in item:
        return None
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise QuestionError(f"{where}: '{key}' must be a number")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise QuestionError(f"{where}: '{key}' must be a number") from exc


def _choices(item: Mapping[str, Any], where: str, languages: tuple[str, ...]) -> tuple:
    raw = item.get("choices", [])
    if not isinstance(raw, list) or not raw:
        raise QuestionError(f"{where}: a {item['type']} question needs a list of 'choices'")
    choices = []
    for number, choice in enumerate(raw, start=1):
        spot = f"{where}: choices[{number}]"
        code = choice.get("code") if isinstance(choice, Mapping) else None
        if not isinstance(code, str) or not _ID.match(code):
            raise QuestionError(f"{spot}: 'code' must be lower-case letters, digits and _")
        choices.append(Choice(code, _texts(choice, "label", f"{spot} '{code}'", languages)))
    codes = [choice.code for choice in choices]
    if len(codes) != len(set(codes)):
        raise QuestionError(f"{where}: two choices have the same code")
    return tuple(choices)


def parse_question(item: Mapping[str, Any], *, number: int, languages: tuple[str, ...]) -> Question:
    where = f"questions[{number}]"
    if not isinstance(item, Mapping):
        raise QuestionError(f"{where}: must be a table")
    qid = item.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise QuestionError(f"{where}: 'id' must be lower-case letters, digits and _ ({qid!r})")
    where = f"{where} '{qid}'"
    kind = item.get("type")
    if kind not in QUESTION_TYPES:
        raise QuestionError(f"{where}: type {kind!r} is not one of {', '.join(QUESTION_TYPES)}")
    step = item.get("step", "content")
    if step not in STEP_SLUGS:
        raise QuestionError(f"{where}: step {step!r} is not one of {', '.join(STEP_SLUGS)}")
    unknown = set(item) - _KEYS
    if unknown:
        raise QuestionError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    file_types = tuple(item.get("file_types", ("pdf",)))
    if kind == "file" and (not file_types or set(file_types) - set(FILE_TYPES)):
        raise QuestionError(
            f"{where}: 'file_types' must be some of {', '.join(FILE_TYPES)} ({file_types!r})"
        )
    question = Question(
        id=qid,
        type=kind,
        label=_texts(item, "label", where, languages),
        help=_texts(item, "help", where, ()),
        required=bool(item.get("required", False)),
        step=step,
        order=int(item.get("order", number)),
        private=bool(item.get("private", False)),
        personal=bool(item.get("personal", False)),
        max_length=int(item["max_length"]) if "max_length" in item else None,
        min=_number(item, "min", where),
        max=_number(item, "max", where),
        decimals=int(item.get("decimals", 0)),
        unit=str(item.get("unit", "")),
        choices=_choices(item, where, languages) if kind in ("choice", "choices") else (),
        show_if=_show_if(item, where),
        max_mb=float(item.get("max_mb", DEFAULT_MAX_MB)),
        file_types=file_types,
    )
    if question.min is not None and question.max is not None and question.max < question.min:
        raise QuestionError(f"{where}: 'max' is below 'min'")
    if question.max_length is not None and not 1 <= question.max_length <= 20_000:
        raise QuestionError(f"{where}: 'max_length' must be between 1 and 20000")
    if not 0 <= question.decimals <= 4:
        raise QuestionError(f"{where}: 'decimals' must be between 0 and 4")
    if not 0 < question.max_mb <= 50:
        raise QuestionError(f"{where}: 'max_mb' must be more than 0 and at most 50")
    return question


_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "required",
    "step",
    "order",
    "private",
    "personal",
    "max_length",
    "min",
    "max",
    "decimals",
    "unit",
    "choices",
    "show_if",
    "max_mb",
    "file_types",
}


def _show_if(item: Mapping[str, Any], where: str) -> ShowIf | None:
    raw = item.get("show_if")
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("question"), str):
        raise QuestionError(f"{where}: 'show_if' needs a 'question' and its 'equals'")
    values = raw.get("equals")
    if values is None:
        raise QuestionError(f"{where}: 'show_if' needs 'equals' (an answer or a list of them)")
    return ShowIf(raw["question"], tuple(values) if isinstance(values, list) else (values,))


def parse_questions(items: Any, *, languages: Iterable[str]) -> tuple[Question, ...]:
    """The call's questions, checked together: unique ids, conditions on questions
    that exist, are asked before (or beside) them and can take the awaited answer."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise QuestionError("'questions' must be a list of tables ([[questions]])")
    languages = tuple(languages)
    questions = [
        parse_question(item, number=n, languages=languages) for n, item in enumerate(items, 1)
    ]
    by_id: dict[str, Question] = {}
    for question in questions:
        if question.id in by_id:
            raise QuestionError(f"questions: the id '{question.id}' is used twice")
        by_id[question.id] = question
    for question in questions:
        if question.show_if is not None:
            _check_condition(question, by_id)
    return tuple(sorted(questions, key=lambda q: (STEP_SLUGS.index(q.step), q.order)))


def _check_condition(question: Question, by_id: Mapping[str, Question]) -> None:
    assert question.show_if is not None
    where = f"questions '{question.id}': show_if"
    other = by_id.get(question.show_if.question)
    if other is None:
        raise QuestionError(f"{where} names an unknown question '{question.show_if.question}'")
    if other.id == question.id:
        raise QuestionError(f"{where} names the question itself")
    if STEP_SLUGS.index(other.step) > STEP_SLUGS.index(question.step):
        raise QuestionError(f"{where}: '{other.id}' is asked on a later step")
    if other.type not in ("yes_no", "choice", "choices"):
        raise QuestionError(f"{where}: '{other.id}' must be a yes/no or choice question")
    for value in question.show_if.values:
        try:
            clean_answer(other, [value] if other.type == "choices" else value)
        except AnswerError as exc:
            raise QuestionError(f"{where}: {value!r} is not an answer '{other.id}' takes") from exc


def parse_criteria(
    items: Any, *, questions: Iterable[Question], languages: Iterable[str]
) -> tuple[ExtraCriterion, ...]:
    """The call's extra criteria. Their ids are lower case, so that they can never be
    taken for one of POLICY's criteria (FORMAT, GEO...), which are upper case."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise QuestionError("'criteria' must be a list of tables ([[criteria]])")
    by_id = {question.id: question for question in questions}
    taken: set[str] = set()
    criteria = []
    for number, item in enumerate(items, start=1):
        where = f"criteria[{number}]"
        cid = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(cid, str) or not _CRITERION_ID.match(cid):
            raise QuestionError(
                f"{where}: 'id' must be at most 20 lower-case letters, digits and _ ({cid!r})"
            )
        where = f"{where} '{cid}'"
        if cid in taken:
            raise QuestionError(f"{where}: the id is used twice")
        taken.add(cid)
        question = by_id.get(item.get("question"))
        if question is None:
            raise QuestionError(f"{where}: names an unknown question {item.get('question')!r}")
        test = item.get("test")
        if test not in TESTS:
            raise QuestionError(f"{where}: test {test!r} is not one of {', '.join(TESTS)}")
        criteria.append(
            ExtraCriterion(
                id=cid,
                question=question.id,
                test=test,
                title=_texts(item, "title", where, tuple(languages)),
                explanation=_texts(item, "explanation", where, ()),
                value=_criterion_value(item, test, question, where),
            )
        )
    return tuple(criteria)


def _criterion_value(item: Mapping[str, Any], test: str, question: Question, where: str) -> Any:
    if test == "answered":
        return None
    if test in ("at_most", "at_least"):
        if question.type != "number":
            raise QuestionError(f"{where}: '{test}' needs a number question")
        value = _number(item, "value", where)
        if value is None:
            raise QuestionError(f"{where}: '{test}' needs a 'value'")
        return value
    if question.type not in ("choice", "choices", "yes_no"):
        raise QuestionError(f"{where}: 'one_of' needs a yes/no or choice question")
    values = item.get("value")
    values = values if isinstance(values, list) else [values]
    for value in values:
        try:
            clean_answer(question, [value] if question.type == "choices" else value)
        except AnswerError as exc:
            raise QuestionError(f"{where}: {value!r} is not an answer the question takes") from exc
    return tuple(values)


def criterion_steps(
    criteria: Iterable[ExtraCriterion], questions: Iterable[Question]
) -> dict[str, str]:
    """Each extra criterion's step: its question's (the live check shows it from there)."""
    steps = {question.id: question.step for question in questions}
    return {criterion.id: steps[criterion.question] for criterion in criteria}


def answered_changes_refused(
    old: Iterable[Question],
    new: Iterable[Question],
    answered: Mapping[str, set[Any]],
    *,
    applications_exist: bool,
) -> list[str]:
    """Why a new set of questions would lose or break answers already given.

    `answered` maps each question id to the values given so far (`answered_values`).
    Adding an optional question is fine; removing an answered one, changing its type,
    dropping a choice someone chose, or adding a required question once applications
    exist (they could no longer be submitted as they are) is refused.
    """
    old_by_id = {question.id: question for question in old}
    new_by_id = {question.id: question for question in new}
    reasons = []
    for qid, values in answered.items():
        before, after = old_by_id.get(qid), new_by_id.get(qid)
        if before is None or not values:
            continue
        if after is None:
            reasons.append(f"'{qid}' has answers: it cannot be removed")
        elif after.type != before.type:
            reasons.append(f"'{qid}' has answers: its type cannot change from {before.type}")
        elif after.type in ("choice", "choices"):
            codes = {choice.code for choice in after.choices}
            gone = sorted(str(v) for v in values if v not in codes)
            if gone:
                reasons.append(f"'{qid}': the choice(s) {', '.join(gone)} have answers")
    if applications_exist:
        for qid, question in new_by_id.items():
            if qid not in old_by_id and question.required:
                reasons.append(
                    f"'{qid}' is new and required: applications already exist, so it "
                    "can only be added as optional"
                )
    return reasons


def answered_values(answer_sets: Iterable[Mapping[str, Any]]) -> dict[str, set[Any]]:
    """What `answered_changes_refused` needs, from the applications' answers."""
    seen: dict[str, set[Any]] = {}
    for answers in answer_sets:
        for qid, value in answers.items():
            values = value if isinstance(value, list) else [value]
            seen.setdefault(qid, set()).update(
                "file" if isinstance(v, Mapping) else v
                for v in values
                if isinstance(v, str | bool | int | float | Mapping)
            )
    return seen


def question_definition(question: Question) -> dict[str, Any]:
    """The question as a call file writes it (export_call, the admin's editor)."""
    data: dict[str, Any] = {"id": question.id, "type": question.type, "label": question.label}
    if question.help:
        data["help"] = question.help
    data.update(step=question.step, order=question.order)
    for key in ("required", "private", "personal"):
        if getattr(question, key):
            data[key] = True
    if question.max_length is not None:
        data["max_length"] = question.max_length
    for key in ("min", "max"):
        value = getattr(question, key)
        if value is not None:
            data[key] = int(value) if value == value.to_integral() else float(value)
    if question.decimals:
        data["decimals"] = question.decimals
    if question.unit:
        data["unit"] = question.unit
    if question.choices:
        data["choices"] = [{"code": c.code, "label": c.label} for c in question.choices]
    if question.show_if is not None:
        values = list(question.show_if.values)
        data["show_if"] = {
            "question": question.show_if.question,
            "equals": values[0] if len(values) == 1 else values,
        }
    if question.type == "file":
        data.update(max_mb=question.max_mb, file_types=list(question.file_types))
    return data


def criterion_definition(criterion: ExtraCriterion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": criterion.id,
        "question": criterion.question,
        "test": criterion.test,
        "title": criterion.title,
    }
    if criterion.explanation:
        data["explanation"] = criterion.explanation
    if isinstance(criterion.value, Decimal):
        value = criterion.value
        data["value"] = int(value) if value == value.to_integral() else float(value)
    elif criterion.value is not None:
        data["value"] = list(criterion.value)
    return data
