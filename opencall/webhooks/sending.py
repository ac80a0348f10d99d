"""Sending one delivery: claim, check the address, POST, record. Never twice at once.

1. Claim: one conditional UPDATE moves the row pending → sending and counts the
   attempt; that number is the attempt's token. A second task for the same row (run
   twice, or at the same moment by two workers) finds nothing to claim.
2. The address is checked again (addresses.py) and the POST goes to the address checked.
3. The outcome is recorded only if the row still carries this attempt's token:
   2xx delivered; anything else waits for the next attempt (conf.retry_delay), or is
   failed after the last one; an address now refused is failed at once.

A worker that dies between the POST and the record leaves the row "sending": the sweep
sends it again (at least once, then; the receiver tells a repeat by X-Opencall-Delivery).
"""

from __future__ import annotations

import http.client
import logging
import time

from django.db.models import F
from django.utils import timezone

from opencall.webhooks import conf
from opencall.webhooks.addresses import AddressRefused, HostUnknown, resolve
from opencall.webhooks.enums import DeliveryStatus
from opencall.webhooks.models import Delivery
from opencall.webhooks.outbox import schedule_send
from opencall.webhooks.signing import body_of, signature
from opencall.webhooks.transport import post

logger = logging.getLogger(__name__)

USER_AGENT = "opencall-webhooks"
ERROR_KEPT = 1000


def headers_for(delivery: Delivery, body: bytes, *, timestamp: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Opencall-Event": delivery.event,
        "X-Opencall-Delivery": str(delivery.public_id),
        "X-Opencall-Timestamp": timestamp,
        "X-Opencall-Signature": signature(
            secret=delivery.webhook.secret, timestamp=timestamp, body=body
        ),
    }


def delivery_send(*, delivery_id: int) -> str:
    """Send one row if it is pending. Returns what happened, for the task's result."""
    attempt = _claim(delivery_id)
    if attempt is None:
        return "skipped"
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    try:
        target = resolve(delivery.webhook.url)
    except AddressRefused as exc:
        return _record(delivery_id, attempt, error=str(exc), final=True)
    except HostUnknown as exc:
        return _record(delivery_id, attempt, error=str(exc))
    body = body_of(delivery.payload)
    headers = headers_for(delivery, body, timestamp=str(int(time.time())))
    try:
        answer = post(
            target, body=body, headers=headers, timeout=float(conf.get("WEBHOOKS_TIMEOUT_SECONDS"))
        )
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        logger.warning("webhook delivery %s attempt %s: %s", delivery_id, attempt, error)
        return _record(delivery_id, attempt, error=error)
    if answer.ok:
        return _record(delivery_id, attempt, status_code=answer.status)
    error = f"HTTP {answer.status} {answer.reason}".strip()
    if 300 <= answer.status < 400:
        error += " (redirects are not followed: register the final address)"
    if answer.text:
        error += f": {answer.text}"
    return _record(delivery_id, attempt, status_code=answer.status, error=error)


def _claim(delivery_id: int) -> int | None:
    now = timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING,
        attempts=F("attempts") + 1,
        attempt_started_at=now,
        next_attempt_at=None,
        updated_at=now,
    )
    if not claimed:
        return None
    return Delivery.objects.values_list("attempts", flat=True).get(pk=delivery_id)


def _record(
    delivery_id: int,
    attempt: int,
    *,
    status_code: int | None = None,
    error: str = "",
    final: bool = False,
) -> str:
    """Write the attempt's outcome on the row, if the row is still this attempt's."""
    now = timezone.now()
    changes: dict = {"last_status_code": status_code, "updated_at": now}
    if not error:
        changes.update(status=DeliveryStatus.DELIVERED, delivered_at=now, last_error="")
        outcome = DeliveryStatus.DELIVERED
    else:
        changes["last_error"] = error[:ERROR_KEPT]
        delay = None if final else conf.retry_delay(attempt)
        if delay is None:
            changes["status"] = outcome = DeliveryStatus.FAILED
        else:
            changes.update(status=DeliveryStatus.PENDING, next_attempt_at=now + delay)
            outcome = DeliveryStatus.PENDING
    mine = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING, attempts=attempt)
    if not mine.update(**changes):
        logger.warning("webhook delivery %s: attempt %s was taken over", delivery_id, attempt)
        return "superseded"
    if outcome == DeliveryStatus.PENDING:
        schedule_send(delivery_id, at=changes["next_attempt_at"])
    return str(outcome)
