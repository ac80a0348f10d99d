import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from opencall.core.countries import country_name, language_name

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Staff-written Markdown, sanitised: call texts may be edited by many people."""
    return mark_safe(nh3.clean(md.markdown(text or "")))  # noqa: S308 (cleaned by nh3)


@register.filter
def country(code: str) -> str:
    return country_name(code, get_language() or "en")


@register.filter
def language(code: str) -> str:
    return language_name(code, get_language() or "en")
