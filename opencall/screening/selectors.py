"""Reads of screening results, rendered in the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext

from opencall.applications.answers import answer_words
from opencall.applications.document import ApplicationDocument, Format
from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.calls.questions import Question
from opencall.calls.selectors import call_definition, call_parts
from opencall.core.countries import country_name
from opencall.core.rows import read_with
from opencall.core.translated import label_of
from opencall.screening import engine
from opencall.screening.criteria import criterion_titles
from opencall.screening.messages import render_message
from opencall.screening.models import ScreeningResult


@dataclass(frozen=True)
class Line:
    """One criterion as shown to a person."""

    id: str
    title: str
    result: str
    reason: str
    computed: str = ""
    override_reason: str = ""
    override_by: str = ""
    code: str = ""


@dataclass(frozen=True)
class PreferenceLine:
    id: str
    met: bool
    reason: str
    code: str


@dataclass(frozen=True)
class ConditionLine:
    code: str
    reason: str


@dataclass(frozen=True)
class RedirectLine:
    kind: str
    name: str
    email: str
    url: str
    reason: str
    code: str


@dataclass(frozen=True)
class Judgement:
    """The engine's whole judgement of one document, worded for one reader."""

    verdict: str
    criteria: list[Line]
    preferences: list[PreferenceLine]
    conditions: list[ConditionLine]
    redirect: RedirectLine | None


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _dates_in_words(text: str) -> str:
    """The engine writes dates as ISO (stable, any year); a reader gets them in words."""

    def one(match: re.Match[str]) -> str:
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return match.group(0)
        return formats.date_format(day, "DATE_FORMAT")

    return _ISO_DATE.sub(one, text)


Hubs = Mapping[str, Any]  # code -> a hub with name_in(language) (model or plain data)


def _hub_named(params: Mapping[str, str], hubs: Hubs, language: str) -> str | None:
    hub = hubs.get(params.get("hub_code", ""))
    return hub.name_in(language) if hub is not None else None


def localized(
    params: dict[str, str], hubs: Hubs | None = None, questions: Questions | None = None
) -> dict[str, str]:
    """The engine names countries and hubs as the reference data does (English),
    dates as ISO and formats by code; each reader gets their own names, dates in words
    and the format's label, from the values kept beside them."""
    language = (get_language() or "en")[:2]
    params = {key: _dates_in_words(value) for key, value in params.items()}
    if question := (questions or {}).get(params.get("question_id", "")):
        params.update(_answer_words(question, params, language))
    if kind := params.get("format"):
        params["format"] = label_of(Format, kind)
    if name := _hub_named(params, hubs or {}, language):
        # The keys the engine's templates name a hub by ({hub}, {contact}, {name}).
        params.update({key: name for key in ("hub", "contact", "name") if key in params})
    if language == "en":
        return params
    if code := params.get("country_code"):
        params["country"] = country_name(code, language)
    if codes := params.get("served_codes"):
        params["served"] = ", ".join(country_name(c, language) for c in codes.split(","))
    return params


Questions = Mapping[str, Question]  # id -> one of the call's own questions


def _answer_words(question: Question, params: Mapping[str, str], language: str) -> dict:
    """An extra criterion's question, answer and limits in the reader's language, from
    the raw values the engine keeps beside its English words (screening/extra.py)."""

    def text(value: str) -> str:
        if question.type == "file":
            return value
        stored = {"yes_no": value == "yes", "choices": value.split(",")}.get(question.type, value)
        return answer_words(question, stored, language=language)

    words = {"question": question.label_in(language)}
    for key in ("answer", "limit"):
        if f"{key}_value" in params:
            words[key] = text(params[f"{key}_value"])
    if "expected_value" in params:
        words["expected"] = " / ".join(text(v) for v in params["expected_value"].split(","))
    return words


def _render(
    item: dict[str, Any], hubs: Hubs | None = None, questions: Questions | None = None
) -> str:
    return _reason(item["code"], item["params"], hubs, questions)


def _reason(
    code: str, params: dict[str, str], hubs: Hubs | None = None, questions: Questions | None = None
) -> str:
    return render_message(code, localized(params, hubs, questions), gettext)


def _hubs_of(definition: Any) -> Hubs:
    return {hub.code: hub for hub in definition.reference.hubs}


def live_check(
    *,
    call: Call,
    document: ApplicationDocument,
    criteria: tuple[str, ...],
    version: int | None = None,
) -> dict[str, Any]:
    """The engine's judgement of an unsaved or draft document, for the form's panel.
    `version` as for `calls.selectors.call_definition`."""
    definition = call_definition(call=call, version=version)
    hubs = _hubs_of(definition)
    result = engine.screen(definition, document)
    titles = criterion_titles(definition.criteria)
    questions = {question.id: question for question in definition.questions}
    lines = []
    for key in criteria:
        item = result.criteria[key]
        lines.append(
            Line(
                id=key,
                title=titles[key],
                result=item.result.value,
                reason=_reason(item.code, item.params, hubs, questions),
            )
        )
    shown = {line.id for line in lines}
    found = result.redirect
    redirect = (
        replace(
            found,
            reason=_reason(found.code, found.params, hubs),
            name=_hub_named(found.params, hubs, get_language()) or found.name,
        )
        if found and "FORMAT" in shown
        else None
    )
    # The panel says an excluded format once, as the redirect: its line is left out.
    panel = [line for line in lines if not (redirect and line.id == "FORMAT")]
    return {
        "lines": lines,
        "panel_lines": panel,
        "redirect": redirect,
        "conditions": [
            _reason(c.code, c.params) for c in result.conditions if "CODE_OF_CONDUCT" in shown
        ],
        "fails": any(line.result == "fail" for line in lines),
        # The panel's one summary line: how many answers to look at, and how bad.
        "to_look_at": [line for line in panel if line.result != "pass"],
        "state": "bad"
        if redirect or any(line.result == "fail" for line in panel)
        else ("warn" if any(line.result != "pass" for line in panel) else "ok"),
    }


def check_document(
    *, call: Call, document: ApplicationDocument, now: dt.datetime | None = None
) -> Judgement:
    """Every criterion, preference, condition and redirect for a document that is not
    stored (the API's check). A document without `submitted_at` is judged as if it
    arrived `now`: the question is whether it would be accepted if sent now."""
    definition = call_definition(call=call)
    hubs = _hubs_of(definition)
    result = engine.screen(definition, document, now=now or timezone.now())
    titles = criterion_titles(definition.criteria)
    questions = {question.id: question for question in definition.questions}
    redirect = result.redirect
    return Judgement(
        verdict=result.verdict.value,
        criteria=[
            Line(
                id=str(key),
                title=titles[key],
                result=item.result.value,
                reason=_reason(item.code, item.params, hubs, questions),
                code=item.code,
            )
            for key, item in result.criteria.items()
        ],
        preferences=[
            PreferenceLine(id=p.id, met=p.met, reason=_reason(p.code, p.params, hubs), code=p.code)
            for p in result.preferences
        ],
        conditions=[
            ConditionLine(code=c.code, reason=_reason(c.code, c.params, hubs))
            for c in result.conditions
        ],
        redirect=RedirectLine(
            kind=redirect.kind,
            name=_hub_named(redirect.params, hubs, get_language()) or redirect.name,
            email=redirect.email,
            url=redirect.url,
            reason=_reason(redirect.code, redirect.params, hubs),
            code=redirect.code,
        )
        if redirect
        else None,
    )


def stored_screening(
    *, application: Application, version: int | None = None
) -> dict[str, Any] | None:
    """The stored result with overrides, every reason in the reader's language.
    `version`: the call's `page_version` as read with the application (the hubs a
    reason names come from the call's reference data kept for it); None: read it."""
    stored = read_with(
        application,
        "screening",
        lambda: ScreeningResult.objects.filter(application=application).first(),
    )
    if stored is None:
        return None
    overrides = {o.criterion: o for o in application.screening_overrides.select_related("user")}
    hubs = _stored_hubs(application, stored.result, version)
    titles = criterion_titles(application.call.extra_criteria)
    questions = {question.id: question for question in application.call.own_questions}
    lines = []
    for key, item in stored.result["criteria"].items():
        override = overrides.get(key)
        lines.append(
            Line(
                id=key,
                # A criterion the call no longer has keeps its id as its title.
                title=titles.get(key, key),
                result=override.result if override else item["result"],
                reason=_render(item, hubs, questions),
                computed=item["result"],
                override_reason=override.reason if override else "",
                override_by=override.user.get_username() if override else "",
                code=item["code"],
            )
        )
    redirect = stored.result.get("redirect")
    return {
        "stored": stored,
        "verdict": stored.verdict,
        "computed_verdict": stored.computed_verdict,
        "lines": lines,
        "preferences": [
            {"id": p["id"], "met": p["met"], "reason": _render(p, hubs), "code": p["code"]}
            for p in stored.result["preferences"]
        ],
        "conditions": [_render(c, hubs) for c in stored.result["conditions"]],
        "redirect": {
            **redirect,
            "reason": _render(redirect, hubs),
            "name": _hub_named(redirect["params"], hubs, get_language()) or redirect["name"],
        }
        if redirect
        else None,
    }


def _stored_hubs(application: Application, result: dict[str, Any], version: int | None) -> Hubs:
    """The call's hubs, when a stored reason names one: from the reference data kept
    for the call's version (calls.selectors.call_parts; no query with a `version`)."""
    items = [*result["criteria"].values(), result.get("redirect") or {}]
    if not any("hub_code" in item.get("params", {}) for item in items):
        return {}
    _offers, reference = call_parts(call=application.call, version=version)
    return {hub.code: hub for hub in reference.hubs}


def screening_list(
    *,
    applications: QuerySet[Application],
    verdict: str = "",
    criterion: str = "",
    outcome: str = "",
    hub: str = "",
    country: str = "",
) -> QuerySet[Application]:
    """Submitted applications with their verdicts, filtered; one query, whatever the size."""
    queryset = applications.exclude(status="draft").select_related("screening", "call")
    if verdict:
        queryset = queryset.filter(screening__verdict=verdict)
    if criterion:
        # One filter() call: criterion and outcome must hold for the same outcome row.
        outcomes = [outcome] if outcome else ["fail", "unclear"]
        queryset = queryset.filter(
            screening__outcomes__criterion=criterion, screening__outcomes__effective__in=outcomes
        )
    if hub:
        queryset = queryset.filter(hub_code="" if hub == "none" else hub)
    if country:
        queryset = queryset.filter(country=country.upper())
    return queryset.order_by("number")
