"""Texts kept as a stable code and its parameters, worded in any language when read.

Pure Python: no Django import, so the two pure cores (the screening engine and the
selection optimiser) can use it. Each keeps its own `Catalogue`: a dict from code to
an English template, which is also the gettext message id. Templates are marked with
the no-op `_` below so `makemessages` finds them; the caller passes the `gettext` of
the reader's language when rendering. Codes are stored data: never rename one; retire
it and add a new one. Placeholders take plain strings (names, numbers, ISO dates).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from functools import lru_cache

Gettext = Callable[[str], str]


def _(message: str) -> str:
    """Marks a message for extraction; translation happens when it is rendered."""
    return message


def identity(message: str) -> str:
    return message


def _fields(template: str) -> set[str]:
    # "{}" yields the name "", which no English template has: it is caught below.
    return {name for _text, name, _s, _c in string.Formatter().parse(template) if name is not None}


@lru_cache(maxsize=4096)  # one entry per message and language: re-rendering stays cheap
def checked(code: str, english: str, translated: str) -> str:
    """The translation, or the English if rendering the translation could fail.

    A translator's typo (a placeholder the English text does not have, unbalanced
    braces, a format spec that does not apply to text) would raise at render time.
    """
    try:
        fields = _fields(translated)
        if fields <= _fields(english):
            translated.format_map({name: "x" for name in fields})
            return translated
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        pass
    # Imported here, where it is needed: `python -m opencall.selection` starts without
    # logging (a twentieth of its own start-up, run once per instance by scripts).
    import logging

    logging.getLogger(__name__).warning("message %s: malformed translation, English used", code)
    return english


class _Defaulting(dict[str, str]):
    """Params of an old stored text may lack a newer placeholder: show it empty."""

    def __missing__(self, key: str) -> str:
        return ""


class Catalogue:
    """The English templates of one part of the application, by code."""

    def __init__(self, messages: Mapping[str, str]) -> None:
        self.messages = messages

    def templates(self, gettext: Gettext) -> dict[str, str]:
        """Every template in one language, checked once so that rendering cannot fail."""
        return {code: checked(code, en, gettext(en)) for code, en in self.messages.items()}

    def render(self, code: str, params: Mapping[str, str], gettext: Gettext = identity) -> str:
        """A stored text (code + params) in the language `gettext` translates to."""
        english = self.messages.get(code)
        if english is None:
            return code  # a retired code: better its name than nothing
        return checked(code, english, gettext(english)).format_map(_Defaulting(params))
