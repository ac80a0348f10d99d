"""What every part of opencall accepts as a web address. Pure Python."""

import re
from urllib.parse import urlsplit

# The common case, decided without urlsplit (a tenth of a screening run's reading): http(s),
# a host of letters, digits, dots and hyphens with a dot, then nothing or a path, query or
# fragment without white space. Anything else (a port, a user, a capital in the scheme...)
# goes the long way below; tests/core/test_web.py checks both agree.
_PLAIN = re.compile(r"https?://[A-Za-z0-9-]*\.[A-Za-z0-9.-]*(?:[/?#]\S*)?")


def web_address_problem(value: str) -> bool:
    """Whether `value` is not a web address a person can open (http(s), a host with a dot)."""
    if _PLAIN.fullmatch(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return True
    return parts.scheme not in {"http", "https"} or "." not in host or " " in value
