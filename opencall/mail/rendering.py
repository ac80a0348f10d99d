"""Mail texts: which one applies (call, then global, then shipped default; the
recipient's language, then English), and how it becomes subject, text and HTML.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import VariableNode
from django.template.defaulttags import ForNode
from django.utils.html import linebreaks, urlize

from opencall.calls.models import Call
from opencall.mail.kinds import kind_for
from opencall.mail.models import MailTemplate

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
FALLBACK_LANGUAGE = "en"
# Only Django's built-in tags and filters, and no template loading: staff texts can
# format what they are given and nothing more.
_ENGINE = Engine(loaders=[], autoescape=False)


class MissingText(LookupError):
    """No text for this key in the recipient's language nor in English."""


@dataclass(frozen=True)
class Text:
    key: str
    language: str
    source: str  # "default", "global" or "call"
    subject: str
    body: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    body_text: str
    body_html: str


def normalise_language(language: str) -> str:
    return (language or "").replace("_", "-").split("-")[0].lower()


@cache
def default_texts(language: str) -> dict[str, dict[str, str]]:
    path = DEFAULTS_DIR / f"{language}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _find(call: Call | None, key: str, language: str) -> Text | None:
    rows = MailTemplate.objects.filter(key=key, language=language)
    rows = rows.filter(Q(call=call) | Q(call__isnull=True)) if call else rows.filter(call=None)
    for row in sorted(rows, key=lambda row: row.call_id is None):
        return Text(key, language, "call" if row.call_id else "global", row.subject, row.body)
    default = default_texts(language).get(key)
    if default:
        return Text(key, language, "default", default["subject"], default["body"])
    return None


def text_for(*, call: Call | None, key: str, language: str) -> tuple[Text, bool]:
    """The text to send, and whether it had to fall back to English."""
    kind_for(key)
    wanted = normalise_language(language)
    known = {code for code, _name in settings.LANGUAGES}
    if wanted in known and (text := _find(call, key, wanted)):
        return text, False
    if text := _find(call, key, FALLBACK_LANGUAGE):
        return text, wanted != FALLBACK_LANGUAGE
    raise MissingText(key)


def _compile(source: str) -> Template:
    return Template(source, engine=_ENGINE)


def _tidy(body: str) -> str:
    lines = [line.rstrip() for line in body.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def to_html(body_text: str, *, subject: str, language: str) -> str:
    """The text part as HTML: escaped, paragraphs kept, addresses made links."""
    paragraphs = linebreaks(urlize(body_text, nofollow=False, autoescape=True))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head>\n"
        '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em;">\n'
        f"{paragraphs}\n</body></html>\n"
    )


def render(text: Text, values: dict[str, Any]) -> Rendered:
    context = Context(values, autoescape=False)
    # One line, without collapsing the no-break spaces French typography puts before ":".
    subject = re.sub(r"[ \t\r\n]+", " ", _compile(text.subject).render(context)).strip()
    body = _tidy(_compile(text.body).render(context))
    return Rendered(subject, body, to_html(body, subject=subject, language=text.language))


def placeholders_used(source: str) -> set[str]:
    """The names a template reads ({{ name }}), loop variables excepted."""
    nodelist = _compile(source).nodelist
    loop_names = {name for node in nodelist.get_nodes_by_type(ForNode) for name in node.loopvars}
    names = set()
    for node in nodelist.get_nodes_by_type(VariableNode):
        variable = node.filter_expression.var
        lookups = getattr(variable, "lookups", None)
        if lookups:
            names.add(lookups[0])
    return names - loop_names


def text_problems(*, key: str, subject: str, body: str) -> list[str]:
    """Why staff's text cannot be used (syntax, unknown placeholders); empty if fine."""
    allowed = set(kind_for(key).placeholders)
    problems = []
    for label, source in (("subject", subject), ("text", body)):
        try:
            unknown = placeholders_used(source) - allowed
        except TemplateSyntaxError as exc:
            problems.append(f"{label}: {exc}")
            continue
        if unknown:
            problems.append(f"{label}: unknown placeholder(s) {', '.join(sorted(unknown))}")
    return problems
