"""django-csp's middleware, with each distinct policy built once per process.

django-csp builds the header anew for every response (the settings read, the parts
copied with `dataclasses.asdict`, every directive joined): a sixth of the time of a
kept public page's answer. Without a nonce the header depends only on the settings and
on the response's own config, update and replace, so it is kept under those and
forgotten when a CONTENT_SECURITY_POLICY setting changes. A response that uses a nonce
is built as django-csp builds it. Which header is set, and when, is django-csp's rule,
repeated here as it stands in its `process_response` (django-csp 4).
"""

from __future__ import annotations

import http.client
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
_KEPT_AT_MOST = 256  # distinct policies; a page's own additions are few
_built: dict[tuple[Any, ...], str] = {}


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def policy(parts: PolicyParts, *, report_only: bool) -> str:
    """The header's value for these parts, as `csp.utils.build_policy` makes it."""
    if parts.nonce is not None:
        return build_policy(
            parts.config, parts.update, parts.replace, parts.nonce, report_only=report_only
        )
    key = (report_only, repr(parts.config), repr(parts.update), repr(parts.replace))
    found = _built.get(key)
    if found is None:
        found = build_policy(parts.config, parts.update, parts.replace, report_only=report_only)
        if len(_built) >= _KEPT_AT_MOST:
            _built.clear()
        _built[key] = found
    return found


class CSPMiddleware(LibraryCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(
                request=request, response=response, report_only=report_only
            )
            value = policy(parts, report_only=report_only)
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # As django-csp: a nonce asked for once the header is written would not be in it.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
