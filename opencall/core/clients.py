"""The address a request comes from, read one way by every limit (sign-ins, drafts and
mail, the API): X-Forwarded-For counts only behind the configured number of proxies
(NUM_PROXIES), so a client cannot dodge a limit with a header, and a proxy's own
address is not taken for every client behind it."""

from django.http import HttpRequest
from ninja.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str:
    return BaseThrottle().get_ident(request) or ""
