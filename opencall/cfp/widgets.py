"""A <select> of many options written in Python, for the step forms' country lists.

Django's Select renders each option through a template include: some 250 includes for
the country list on steps 1 and 2, most of those pages' time. `QuickSelect` writes the
same HTML (`tests/cfp/test_quick_select.py` compares it with Django's) in one pass.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's attrs.html writes them: in order, True bare, False left out."""
    return mark_safe(  # noqa: S308 (each name and value escaped)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        options = []
        chosen = set(self.format_value(value))
        selected = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # groups: Django's own template
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            mark = (not selected or self.allow_multiple_selected) and text in chosen
            selected = selected or mark
            options.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    text,
                    mark_safe(" selected") if mark else "",
                    conditional_escape(label),
                )
            )
        opening = format_html(
            '<select name="{}"{}>', name, _attributes(self.build_attrs(self.attrs, attrs))
        )
        return mark_safe(opening + "".join(options) + "\n</select>")  # noqa: S308 (escaped above)
