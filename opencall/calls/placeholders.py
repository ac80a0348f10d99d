"""Placeholders in a call's texts: the dates a text names come from the call's data.

A text says "This call closes on {deadline}" instead of spelling the date, so a
practice copy (whose dates move) or an edited call can never disagree with itself.
Pure Python: the definition reader (pure) refuses a text with an unknown placeholder
when a call file is loaded; the model's `clean` refuses the same in the admin; the
pages fill them in the reader's language (calls/texts.py).

Syntax, as Python's str.format: `{name}` is a placeholder, `{{` and `}}` a brace.
Anything else between braces, or a brace alone, is refused on load; text stored
before these checks is still shown (an unknown placeholder as written), never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

# The names a text may use, each one a date of the call.
PLACEHOLDERS = ("deadline", "decision_date", "opens_on", "event_window_start", "event_window_end")
# The fields of a call's texts that may hold placeholders; a title may not (it is shown
# in lists, mails and the browser's tab, where nothing fills them).
FIELDS_WITH_PLACEHOLDERS = ("summary", "body", "privacy_notice")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(text)


def placeholder_problems(text: str, *, allowed: tuple[str, ...] = PLACEHOLDERS) -> list[str]:
    """What is wrong with the placeholders of a text, one sentence each (empty: none)."""
    problems = []
    for match in _tokens(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            problems.append(
                f"a lone '{token}' (write '{token}{token}' for a brace, or a placeholder "
                f"such as {{deadline}})"
            )
        elif name not in allowed:
            known = ", ".join(f"{{{known}}}" for known in allowed) or "none"
            problems.append(f"unknown placeholder {{{name}}} (known: {known})")
    return problems


def fill(text: str, value: Callable[[str], str] | Mapping[str, str]) -> str:
    """The text with each known placeholder replaced by its value; `{{` and `}}` become
    braces; an unknown placeholder or a lone brace stays as written."""
    lookup = value.get if isinstance(value, Mapping) else value

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name in PLACEHOLDERS:
            found = lookup(name)
            if found is not None:
                return found
        return token

    return _TOKEN.sub(replace, text or "")


def text_problems(field: str, text: str) -> list[str]:
    """The problems of one field of a call's texts: placeholders in a summary or body,
    no brace at all in a title."""
    if field in FIELDS_WITH_PLACEHOLDERS:
        return placeholder_problems(text)
    if "{" in text or "}" in text:
        return ["a title cannot hold placeholders or braces"]
    return []
