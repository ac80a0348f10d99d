from django import template

from opencall.applications.document import CodeOfConduct, Format, Registration, Scope, Theme
from opencall.core.translated import label_of

register = template.Library()

_ENUMS = {
    "format": Format,
    "scope": Scope,
    "registration": Registration,
    "code_of_conduct": CodeOfConduct,
    "theme": Theme,
}


@register.filter
def label(value: object, kind: str) -> str:
    """The applicant-facing label of an enum value of the application document."""
    if value in (None, ""):
        return "—"
    return label_of(_ENUMS[kind], value)


@register.filter
def labels(values: object, kind: str) -> str:
    return ", ".join(label(value, kind) for value in values or ()) or "—"
