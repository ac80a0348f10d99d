"""Announcing what happened only once it is committed, so that receivers (mail) never
act on a change that was rolled back. docs/architecture.md ("Signals that remain")
lists the signals."""

from typing import Any

from django.db import transaction
from django.dispatch import Signal


def send_on_commit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))
