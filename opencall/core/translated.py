"""Model fields translated by django-modeltranslation: one column per language."""

from typing import Any

from django.conf import settings


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def texts_of(obj: Any, field: str) -> dict[str, str]:
    """{language: text} of a translated field, leaving out the empty ones."""
    return {lang: value for lang in languages() if (value := getattr(obj, f"{field}_{lang}", None))}


def columns_for(field: str, texts: dict[str, str]) -> dict[str, str]:
    """The columns to set from {language: text}: {"title_en": ..., "title_fr": ...}."""
    return {f"{field}_{lang}": texts[lang] for lang in languages() if lang in texts}
