"""The mail scheduler waits out a database outage with one line, not a traceback a tick."""

import logging
import signal

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from opencall.mail.management.commands import mail_scheduler

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_scheduler_waits_for_the_database_then_ticks(monkeypatch, settings, caplog):
    settings.WORKER_BACKOFF_BASE_SECONDS = 0.01
    original = connection.ensure_connection
    refused = []

    def flaky():
        if len(refused) < 2:
            refused.append(1)
            raise OperationalError("the database system is starting up")
        return original()

    ticks = []

    def tick(**kwargs):
        ticks.append(1)
        signal.raise_signal(signal.SIGTERM)  # then stop, as a service manager would
        return {"recovered": 0}

    monkeypatch.setattr(connection, "ensure_connection", flaky)
    monkeypatch.setattr(mail_scheduler, "mail_tick", tick)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with caplog.at_level(logging.WARNING):
            call_command("mail_scheduler", "--interval", "0.01")
    finally:
        signal.signal(signal.SIGTERM, previous)

    assert (len(refused), len(ticks)) == (2, 1)
    assert "database unavailable" in caplog.text
    assert "Traceback" not in caplog.text
