"""A real HTTP receiver on 127.0.0.1 (a random port, in a thread) that checks each
delivery's signature as docs/webhooks.md tells receivers to, and hooks pointing at it.
Loopback is allowed here (OPENCALL_WEBHOOKS_ALLOW_PRIVATE); the tests of the address
check turn it off."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.accounts.people import make_user, staff  # noqa: F401 (fixture)
from tests.community import answered  # noqa: F401 (fixture)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: bool  # the signature matched the receiver's copy of the secret

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (the snippet of docs/webhooks.md, without the clock check)."""
    timestamp = headers.get("X-Opencall-Timestamp", "")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    given = headers.get("X-Opencall-Signature", "")
    return hmac.compare_digest("sha256=" + expected.hexdigest(), given)


@dataclass
class Receiver:
    port: int
    secret: str = ""
    answers: list[int] = field(default_factory=list)  # statuses to give first, then 200
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/opencall?source=test"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = dict(self.headers.items())
                with receiver.lock:
                    receiver.received.append(
                        Received(headers, body, verify(receiver.secret, headers, body))
                    )
                    status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"come back later")

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def allow_loopback(settings):
    settings.OPENCALL_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def immediate_tasks(settings):
    """Send tasks run at once, where they are queued (the sweep runs the retries)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail"],
        }
    }


@pytest.fixture
def receiver():
    """A receiver, listening."""
    server = Receiver(port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def receiver_down():
    """A receiver whose port nobody listens on yet: `start()` brings it up."""
    server = Receiver(port=free_port())
    yield server
    server.stop()


@pytest.fixture
def call_admin(call_2022):
    from opencall.accounts.services import membership_add

    admin = make_user("hooks-admin")
    membership_add(user=admin, call=call_2022, role="call_admin")
    return admin


@pytest.fixture
def hook_for(call_2022, call_admin):
    """hook_for(receiver, events) -> a hook of the 2022 call, the receiver given its secret."""
    from opencall.webhooks.services import webhook_create

    def make(receiver: Receiver, events: list[str], call: Any = None) -> Any:
        hook = webhook_create(
            call=call or call_2022, url=receiver.url, events=events, by=call_admin
        )
        receiver.secret = hook.secret
        return hook

    return make
