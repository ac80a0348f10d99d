"""How much mail and how many drafts one client or one address may cause.

Step 1 of the form mails whatever address it is given, so without limits anyone can
flood a stranger's inbox or the database. Counters live in Django's cache (Redis when
REDIS_URL is set), never in this process, so the limits hold across web processes.
Each counter covers one clock hour: simple, and at worst twice the limit at the turn.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

HOUR = 3600


class TooManyRequests(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    name: str
    setting: str  # how many per hour, from settings (and the environment)

    @property
    def per_hour(self) -> int:
        return int(getattr(settings, self.setting))


DRAFTS_PER_CLIENT = Limit("drafts-client", "DRAFTS_PER_CLIENT_PER_HOUR")
DRAFTS_PER_ADDRESS = Limit("drafts-address", "DRAFTS_PER_ADDRESS_PER_HOUR")
MAILS_PER_ADDRESS = Limit("mails-address", "MAILS_PER_ADDRESS_PER_HOUR")
LINK_REQUESTS_PER_CLIENT = Limit("links-client", "LINK_REQUESTS_PER_CLIENT_PER_HOUR")


def _digest(who: str) -> str:
    # Addresses are hashed: valid cache keys, and no address in plain in Redis.
    return hashlib.sha256(who.strip().lower().encode()).hexdigest()[:32]


def _key(limit: Limit, who: str, window: int) -> str:
    return f"limit:{limit.name}:{_digest(who)}:{window}"


def _count(key: str) -> int:
    cache.add(key, 0, timeout=HOUR + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=HOUR + 60)
        return 1


def _take(limit: Limit, who: str, now: float) -> int | None:
    """Count one more for `who`; the seconds to wait when that is over the limit."""
    window = int(now // HOUR)
    try:
        count = _count(_key(limit, who, window))
    except Exception:
        # The cache (Redis) is down: applicants must still be able to apply.
        logger.warning("limit %s not counted: the cache does not answer", limit.name)
        return None
    if count <= limit.per_hour:
        return None
    return max(1, math.ceil((window + 1) * HOUR - now))


def _give_back(limit: Limit, who: str, now: float) -> None:
    with contextlib.suppress(Exception):  # expired meanwhile, or the cache is down
        cache.decr(_key(limit, who, int(now // HOUR)))


def take(*counts: tuple[Limit, str]) -> None:
    """Count one against each (limit, who), all or none: over any limit, the counts
    already taken are given back and TooManyRequests says how long to wait."""
    now = time.time()
    taken: list[tuple[Limit, str]] = []
    for limit, who in counts:
        wait = _take(limit, who, now)
        if wait is not None:
            for earlier in [*taken, (limit, who)]:
                _give_back(*earlier, now)
            raise TooManyRequests(wait)
        taken.append((limit, who))


def draft_allowed(*, client: str, email: str) -> None:
    """Count a new draft from this client for this address, or raise TooManyRequests."""
    take((DRAFTS_PER_CLIENT, client), (DRAFTS_PER_ADDRESS, email))


def link_request_allowed(*, client: str) -> None:
    take((LINK_REQUESTS_PER_CLIENT, client))


def mail_allowed(*, email: str) -> None:
    """Count one private-link mail to this address, or raise TooManyRequests."""
    take((MAILS_PER_ADDRESS, email))


def claim_draft_mail(*, call_id: int, email: str) -> bool:
    """True the first time a draft of this call is started for this address in the
    window (DRAFT_MAIL_WINDOW_MINUTES): that draft's link is mailed, later ones' not."""
    key = f"limit:draft-mail:{call_id}:{_digest(email)}"
    try:
        if not cache.add(key, 1, timeout=settings.DRAFT_MAIL_WINDOW_MINUTES * 60):
            return False
    except Exception:
        logger.warning("draft mail not counted: the cache does not answer")
        return True
    try:
        mail_allowed(email=email)
    except TooManyRequests:
        with contextlib.suppress(Exception):  # nothing was sent: a later draft may
            cache.delete(key)
        return False
    return True
