"""The real processes against a real PostgreSQL: the database goes away and comes
back (the site answers 503, the worker and the scheduler wait and go on); a worker
killed mid-send is replaced and its mail arrives once, within seconds.

The outage is made without touching the shared server: the install's own database
stops accepting connections and its sessions are ended, then it is let in again.
"""

from __future__ import annotations

import ast
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
import warnings
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.fixtures.smtp import free_port
from tests.mail.install import Install
from tests.mail.test_killed_worker import QUEUE_ONE_MAIL

pytestmark = [
    pytest.mark.postgres_only,
]

FAST = {
    "WORKER_HEARTBEAT_SECONDS": "0.5",
    "WORKER_STALE_SECONDS": "3",
    "WORKER_RECOVERY_SECONDS": "1",
    "WORKER_BACKOFF_MAX_SECONDS": "2",
    "OUTAGE_RETRY_AFTER_SECONDS": "15",
    "DEBUG": "0",
}


def run_worker(install: Install, name: str):
    return install.start(
        name,
        [
            *(sys.executable, "manage.py", "run_worker", "--queue-name", "default,mail"),
            *("--interval", "0.2", "--no-reload", "--no-startup-delay", "--worker-id", name),
        ],
    )


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, dict(answer.headers), answer.read().decode()


def wait_for(what, timeout: float, message=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {message()}")
        time.sleep(0.3)


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Outage:
    """Keep clients out of the install's database, then let them in again."""

    def __init__(self, install: Install) -> None:
        import psycopg

        parts = urlsplit(install.env["DATABASE_URL"])
        self.name = parts.path.lstrip("/")
        self.admin = psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)

    def begin(self) -> None:
        self.admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
        self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (self.name,),
        )

    def end(self) -> None:
        self.admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def close(self) -> None:
        self.end()
        self.admin.close()


@pytest.fixture
def install(tmp_path, smtp_server):
    install = Install(
        tmp_path=tmp_path, env={**smtp_server.env, **FAST}, settings="opencall.settings"
    )
    try:
        install.set_up()
        yield install
    finally:
        install.close()


def test_the_site_answers_503_during_an_outage_and_the_worker_carries_on(install, smtp_server):
    port = free_port()
    install.start(
        "web",
        [
            *(sys.executable, "-m", "gunicorn", "opencall.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
        ],
    )
    worker = run_worker(install, "worker")
    scheduler = install.start(
        "scheduler", [sys.executable, "manage.py", "mail_scheduler", "--interval", "1"]
    )
    wait_for(lambda: listening(port), 60, lambda: install.log("web"))
    site = f"http://127.0.0.1:{port}"
    wait_for(lambda: get(f"{site}/healthz")[0] == 200, 30, lambda: get(f"{site}/healthz"))

    outage = Outage(install)
    try:
        outage.begin()
        status, headers, page = get(f"{site}/")
        assert (status, headers["Retry-After"]) == (503, "15"), page[:500]
        assert "temporarily unavailable" in page
        status, _headers, body = get(f"{site}/healthz")
        assert status == 503 and '"database": "unavailable"' in body
        time.sleep(4)  # several backoffs of the worker and the scheduler
        assert worker.poll() is None, install.log("worker")
        assert scheduler.poll() is None, install.log("scheduler")
    finally:
        outage.close()

    wait_for(lambda: get(f"{site}/healthz")[0] == 200, 30, lambda: get(f"{site}/healthz"))
    assert get(f"{site}/")[0] == 200
    install.python(QUEUE_ONE_MAIL)
    (received,) = smtp_server.wait_for(1, timeout=30)
    assert received.rcpt_tos == ("ana@example.org",)
    assert "database unavailable" in install.log("worker")
    assert "Traceback" not in install.log("worker")


def test_a_worker_killed_mid_send_is_replaced_and_the_mail_arrives_once(install, smtp_server):
    smtp_server.hold("rcpt", 60)
    first = run_worker(install, "first")
    install.python(QUEUE_ONE_MAIL)
    assert smtp_server.waiting.wait(60), install.log("first")
    install.stop(first, signal.SIGKILL)
    smtp_server.behave()

    run_worker(install, "second")  # settles the dead worker's task once it is stale

    install.wait_until(lambda: install.mails()[0]["status"] == "sent", timeout=60)
    (mail,) = install.mails()
    time.sleep(1)  # give a duplicate every chance to show up
    logs = install.log("first") + install.log("second")
    assert len(smtp_server.messages) == 1, logs
    tasks = install.python(
        "from django_tasks_db.models import DBTaskResult\n"
        "print([t.status for t in DBTaskResult.objects.order_by('enqueued_at')])"
    )
    statuses = ast.literal_eval(tasks.strip())
    # The killed worker's task failed; the mail's last task sent it. Under a loaded
    # machine a replacement attempt may itself be fenced off or retried (sending.py):
    # the mail still arrives once, which is what matters; the extra attempt is shown.
    assert statuses[0] == "FAILED" and statuses[-1] == "SUCCESSFUL", (statuses, logs)
    assert mail["attempts"] >= 2, mail
    if mail["attempts"] != 2:
        warnings.warn(f"mail sent on attempt {mail['attempts']}: {statuses}\n{logs}", stacklevel=1)
