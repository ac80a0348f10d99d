from django import template

register = template.Library()


@register.filter
def get_state(states: dict, key: int) -> str:
    """A reviewer's review state from a {user id: state} mapping."""
    return states.get(key, "")
