"""What every part of opencall accepts as a web address. Pure Python."""

from urllib.parse import urlsplit


def web_address_problem(value: str) -> bool:
    """Whether `value` is not a web address a person can open (http(s), a host with a dot)."""
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return True
    return parts.scheme not in {"http", "https"} or "." not in host or " " in value
