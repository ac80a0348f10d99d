"""Model fields translated by django-modeltranslation: one column per language; and
the labels of pure enums (core/labels.py), worded in the reader's language."""

from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from opencall.core.labels import LabelledEnum


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def texts_of(obj: Any, field: str) -> dict[str, str]:
    """{language: text} of a translated field, leaving out the empty ones."""
    return {lang: value for lang in languages() if (value := getattr(obj, f"{field}_{lang}", None))}


def columns_for(field: str, texts: dict[str, str]) -> dict[str, str]:
    """The columns to set from {language: text}: {"title_en": ..., "title_fr": ...}."""
    return {f"{field}_{lang}": texts[lang] for lang in languages() if lang in texts}


def labelled_choices(enum: type[LabelledEnum]) -> list[tuple[str, Promise]]:
    """Form choices of a labelled enum, worded when the form is shown."""
    return [(member.value, gettext_lazy(member.label)) for member in enum]


def label_of(enum: type[LabelledEnum], value: Any) -> str:
    """The label of a value of a labelled enum in the current language; an unknown
    value (an old document's) as it is."""
    try:
        return gettext(enum(value).label)
    except ValueError:
        return str(value)
