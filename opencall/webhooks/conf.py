"""The webhooks' tunables, read from Django settings with safe defaults, on each use
(so tests may override them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Waits before attempts 2, 3, ...: 1 min, 5 min, 30 min, 2 h, 6 h; after the last
    # wait's attempt fails the delivery is failed (staff may send it again).
    "WEBHOOKS_RETRY_SECONDS": (60, 300, 1800, 7200, 21600),
    # Connecting and waiting for the answer, each (a receiver should answer at once and
    # do its work later).
    "WEBHOOKS_TIMEOUT_SECONDS": 5.0,
    # A row still "sending" after this long belongs to a worker that died.
    "WEBHOOKS_SENDING_STALE_SECONDS": 120.0,
    # Deliver to private, loopback, link-local... addresses (a test, a closed network).
    "OPENCALL_WEBHOOKS_ALLOW_PRIVATE": False,
    # Deliver over plain http:// (the body is signed, not hidden): off in production.
    "OPENCALL_WEBHOOKS_ALLOW_HTTP": True,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def max_attempts() -> int:
    return len(get("WEBHOOKS_RETRY_SECONDS")) + 1


def retry_delay(attempts: int) -> dt.timedelta | None:
    """How long to wait after the `attempts`-th attempt failed; None: no more attempts."""
    delays = get("WEBHOOKS_RETRY_SECONDS")
    if attempts < 1 or attempts > len(delays):
        return None
    return dt.timedelta(seconds=float(delays[attempts - 1]))


def seconds(name: str) -> dt.timedelta:
    return dt.timedelta(seconds=float(get(name)))
