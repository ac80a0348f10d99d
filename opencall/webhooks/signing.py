"""The signature a receiver checks: HMAC-SHA256, keyed with the hook's secret, over
the timestamp, a dot and the body exactly as sent (docs/webhooks.md)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

SECRET_MARK = "whsec_"  # noqa: S105 - a visible mark, so that a leaked secret is recognised


def new_secret() -> str:
    return SECRET_MARK + secrets.token_urlsafe(32)


def body_of(payload: dict[str, Any]) -> bytes:
    """The body sent: the same bytes at every attempt of a delivery."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()
