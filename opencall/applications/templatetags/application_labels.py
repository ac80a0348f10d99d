from django import template

from opencall.applications.labels import (
    CODE_OF_CONDUCT_LABELS,
    FORMAT_LABELS,
    REGISTRATION_LABELS,
    SCOPE_LABELS,
    THEME_LABELS,
)

register = template.Library()

_LABELS = {
    "format": FORMAT_LABELS,
    "scope": SCOPE_LABELS,
    "registration": REGISTRATION_LABELS,
    "code_of_conduct": CODE_OF_CONDUCT_LABELS,
    "theme": THEME_LABELS,
}


@register.filter
def label(value: object, kind: str) -> str:
    """The applicant-facing label of an enum value of the application document."""
    if value in (None, ""):
        return "—"
    return str(_LABELS[kind].get(value, value))


@register.filter
def labels(values: object, kind: str) -> str:
    return ", ".join(label(value, kind) for value in values or ()) or "—"
