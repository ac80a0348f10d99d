"""Scale-out proof: two web processes (gunicorn) and two workers (run_worker) on one
PostgreSQL database and one Redis. Applicants go through both web processes in
turn; every mail arrives exactly once, every task runs once, and a throttle counts
across both web processes.

Needs PostgreSQL (DATABASE_URL) and Redis on 127.0.0.1:6379; skipped otherwise.
The install is a fresh database of its own (tests/mail/install.py), so the
processes see only committed data; Redis gets a key prefix of its own, and only
those keys are deleted at the end.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from tests.fixtures.smtp import free_port
from tests.mail.install import Install

REDIS = ("127.0.0.1", 6379)
REDIS_DB = 13  # a database number of its own; keys carry a prefix of their own too
APPLICANTS = 6
CHECK_LIMIT = 3  # per client address and minute, across every web process


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not _redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test reads Location itself


class Visitor:
    """One browser: its own cookies; each request goes to the next web process."""

    def __init__(self, webs: list[str]) -> None:
        self.webs = webs
        self.turn = 0
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )
        self.served_by: list[str] = []

    def request(self, path: str, data: dict | None = None, *, json_body: dict | None = None):
        web = self.webs[self.turn % len(self.webs)]
        self.turn += 1
        self.served_by.append(web)
        headers = {}
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self._csrf(), **data}
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(web + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers), answer.read().decode()

    def _csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")


def _apply(visitor: Visitor, slug: str, email: str) -> None:
    status, _headers, page = visitor.request(f"/calls/{slug}/apply/")
    assert status == 200, page[:500]
    form_key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    status, headers, page = visitor.request(
        f"/calls/{slug}/apply/",
        {
            "form_key": form_key,
            "event_name": f"State of the Map {email.split('@')[0]}",
            "format": "conference",
            "organisation": "OpenStreetMap",
            "contact_name_0": "Ana",
            "contact_email_0": email,
            "language": "en",
        },
    )
    assert status == 302, page[:2000]
    base = headers["Location"].rsplit("/", 2)[0] + "/"
    status, _headers, page = visitor.request(f"{base}audience/", {"scope": "international"})
    assert status == 302, page[:2000]
    status, _headers, page = visitor.request(f"{base}submit/", {})
    assert status == 302, page[:2000]


def _wait_for(what, timeout: float, message) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(message())
        time.sleep(0.3)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


TASK_ROWS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.values("task_path", "status", "worker_ids", "args_kwargs")
print(json.dumps(list(rows)))
"""


@pytest.fixture
def site(tmp_path, smtp_server):
    prefix = f"scaleout-{secrets.token_hex(4)}"
    env = {
        **smtp_server.env,
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": prefix,
        "API_CHECK_RATE": f"{CHECK_LIMIT}/m",
        "DEBUG": "0",
        "WORKER_HEARTBEAT_SECONDS": "1",
        # All applicants come from 127.0.0.1: keep the per-client draft limit out of the way.
        "DRAFTS_PER_CLIENT_PER_HOUR": "1000",
    }
    install = Install(tmp_path=tmp_path, env=env, settings="opencall.settings")
    try:
        install.set_up()
        ports = [free_port(), free_port()]
        for name, port in zip(("web-a", "web-b"), ports, strict=True):
            install.start(
                name,
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "opencall.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "60",
                ],
            )
        for name in ("worker-a", "worker-b"):
            install.start(
                name,
                [
                    sys.executable,
                    "manage.py",
                    "run_worker",
                    "--queue-name",
                    "default,mail",
                    "--interval",
                    "0.2",
                    "--no-reload",
                    "--worker-id",
                    name,
                ],
            )
        for port, name in zip(ports, ("web-a", "web-b"), strict=True):
            _wait_for(lambda port=port: _listening(port), 60, lambda name=name: install.log(name))
        install.webs = [f"http://127.0.0.1:{port}" for port in ports]
        yield install
    finally:
        install.close()
        import redis

        client = redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


def test_two_web_processes_and_two_workers_send_each_mail_once_and_share_throttles(
    site, smtp_server
):
    slug = "hot-summit-2022-practice"
    addresses = [f"applicant{n}@example.org" for n in range(APPLICANTS)]
    visitors = []
    for address in addresses:
        visitor = Visitor(site.webs)
        _apply(visitor, slug, address)
        visitors.append(visitor)
    assert all(set(v.served_by) == set(site.webs) for v in visitors)

    # Each applicant: the mail with their private link, then the confirmation.
    expected = 2 * APPLICANTS
    _wait_for(
        lambda: (
            len(smtp_server.messages) >= expected
            and all(m["status"] == "sent" for m in site.mails())
        ),
        90,
        lambda: f"{len(smtp_server.messages)} received; {site.mails()}",
    )
    time.sleep(1.5)  # give a duplicate every chance to show up

    mails = site.mails()
    assert len(mails) == expected
    assert {(m["key"], m["status"], m["attempts"]) for m in mails} == {
        ("draft_started", "sent", 1),
        ("submitted", "sent", 1),
    }
    received = Counter((m.rcpt_tos, m.message_id) for m in smtp_server.messages)
    assert len(received) == expected and set(received.values()) == {1}
    per_address = Counter(to for (to,), _id in received)
    assert per_address == dict.fromkeys(addresses, 2)

    tasks = json.loads(site.python(TASK_ROWS))
    sends = [t for t in tasks if t["task_path"].endswith("send_mail")]
    assert len(sends) == expected
    assert {t["status"] for t in tasks} == {"SUCCESSFUL"}
    assert all(len(t["worker_ids"]) == 1 for t in tasks)  # claimed once, run once
    assert {t["worker_ids"][0] for t in tasks} <= {"worker-a", "worker-b"}
    sent_for = Counter(t["args_kwargs"]["kwargs"]["mail_id"] for t in sends)
    assert set(sent_for.values()) == {1}

    # The check's throttle: 3 a minute per address, counted in Redis by both processes.
    client = Visitor(site.webs)
    document = {"event_name": "FOSS4G", "contacts": [{"name": "Ana", "email": "a@b.org"}]}
    answers = [
        client.request(f"/api/v1/calls/{slug}/check", json_body=document)[0]
        for _ in range(CHECK_LIMIT + 1)
    ]
    assert 429 not in answers[:CHECK_LIMIT], answers
    assert answers[CHECK_LIMIT] == 429
    assert client.served_by == [*site.webs, *site.webs]  # web A and B took two each

    status, _headers, body = Visitor(site.webs).request("/healthz")
    assert status == 200, body
