from django import template

from opencall.applications import forms

register = template.Library()

_LABELS = {
    "format": forms.FORMAT_LABELS,
    "scope": forms.SCOPE_LABELS,
    "registration": forms.REGISTRATION_LABELS,
    "code_of_conduct": forms.CODE_OF_CONDUCT_LABELS,
    "theme": forms.THEME_LABELS,
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
