"""The outbox's tunables, read from Django settings with safe defaults.

None of them needs setting: the defaults keep retrying for about a day, which rides
out a mail server's usual outage. They are read on each use, so tests may override them.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

DEFAULTS = {
    # Attempts per row before it is marked failed (staff retry gives as many again).
    "MAIL_MAX_ATTEMPTS": 10,
    # Delay before retry n (n >= 1): base * factor**(n - 1), at most the cap.
    "MAIL_RETRY_BASE_SECONDS": 60.0,
    "MAIL_RETRY_FACTOR": 3.0,
    "MAIL_RETRY_MAX_SECONDS": 6 * 3600.0,
    # A row still "sending" after this long belongs to a worker that died.
    "MAIL_SENDING_STALE_SECONDS": 600.0,
    # A queued row this much past its time has lost its task: queue it again.
    "MAIL_REQUEUE_AFTER_SECONDS": 900.0,
    # Drafts are reminded this many days before the call closes (a call may say
    # otherwise in its definition: extra.mail.draft_reminder_days).
    "MAIL_DRAFT_REMINDER_DAYS": 3,
    # Unanswered requests for information are reminded after this many days.
    "MAIL_INFO_REMINDER_DAYS": 5,
    # Reviewers with open reviews are reminded this many days before the decision date.
    "MAIL_REVIEW_REMINDER_DAYS": (7, 2),
    # Deliverables' owners and organisers are reminded this many days before a due date
    # (and once when it has passed).
    "MAIL_COLLABORATION_REMINDER_DAYS": 7,
    # An accepted applicant who has not answered the offer is reminded when fewer than
    # this many days are left before its deadline (selection/offers.py).
    "MAIL_OFFER_REMINDER_DAYS": (7, 1),
    # Organisers get a check-in this many days before their event's first day.
    "MAIL_COLLABORATION_CHECKIN_DAYS": (30, 7),
    # A group message sent again with the same audience and text within this many hours
    # reaches nobody twice (groups.py).
    "MAIL_GROUP_RESEND_WINDOW_HOURS": 24,
    "MAIL_QUEUE": "mail",
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th attempt failed for a passing reason."""
    seconds = float(get("MAIL_RETRY_BASE_SECONDS")) * float(get("MAIL_RETRY_FACTOR")) ** max(
        attempts - 1, 0
    )
    return dt.timedelta(seconds=min(seconds, float(get("MAIL_RETRY_MAX_SECONDS"))))


def seconds(name: str) -> dt.timedelta:
    return dt.timedelta(seconds=float(get(name)))


def message_id_domain() -> str:
    """The right-hand side of our Message-IDs: the sender's domain, else the site's."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2]
    return domain or urlsplit(settings.SITE_URL).hostname or "localhost"
