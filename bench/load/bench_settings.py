"""The bench stack's settings: the project's own, with the outbox's timings shortened.

The outbox reads its tunables from Django settings (opencall/mail/conf.py), not from
the environment, so the bench lays this module over opencall.settings. Production
waits a minute before the first retry and ten minutes before it calls a send stale;
a bounded run cannot wait that long, so the bench waits seconds. Nothing else changes.
"""

import os

from opencall.settings import *  # noqa: F403

MAIL_RETRY_BASE_SECONDS = float(os.environ.get("BENCH_MAIL_RETRY_BASE_SECONDS", "5"))
MAIL_RETRY_FACTOR = float(os.environ.get("BENCH_MAIL_RETRY_FACTOR", "2"))
MAIL_RETRY_MAX_SECONDS = float(os.environ.get("BENCH_MAIL_RETRY_MAX_SECONDS", "20"))
MAIL_SENDING_STALE_SECONDS = float(os.environ.get("BENCH_MAIL_SENDING_STALE_SECONDS", "15"))
MAIL_REQUEUE_AFTER_SECONDS = float(os.environ.get("BENCH_MAIL_REQUEUE_AFTER_SECONDS", "20"))
