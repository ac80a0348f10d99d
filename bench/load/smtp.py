"""A real SMTP server on loopback that remembers every message it accepted.

Only what counting needs is kept (Message-ID, recipients, when): the outbox gives
each message one Message-ID for all its attempts, so a copy shows as the same id
twice. It can be stopped (clients get "connection refused") and started again on
the same port, and it can take its time before accepting DATA, so that a worker
is caught mid-send.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    message_id: str
    to: tuple[str, ...]
    at: float  # time.monotonic()


class MailRecorder:
    def __init__(self, host: str, port: int, *, data_delay: float = 0.0) -> None:
        self.host = host
        self.port = port
        self.data_delay = data_delay
        self._controller: Controller | None = None
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self.busy = 0  # transactions between RCPT and the answer to DATA

    def start(self) -> None:
        if self._controller is None:
            controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            controller.start()
            self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def _record(self, to: list[str], content: bytes) -> None:
        headers = email.message_from_bytes(content, policy=email.policy.default)
        entry = Received(str(headers["Message-ID"] or "").strip(), tuple(to), time.monotonic())
        with self._lock:
            self._received.append(entry)


class _Handler:
    def __init__(self, recorder: MailRecorder) -> None:
        self.recorder = recorder

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not envelope.rcpt_tos:
            self.recorder.busy += 1
            session.bench_busy = True
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            # Stored first, answered after the delay: killed now, the sender has
            # handed the message over without hearing so.
            self.recorder._record(envelope.rcpt_tos, envelope.original_content)
            if self.recorder.data_delay:
                await asyncio.sleep(self.recorder.data_delay)
            return "250 Message accepted for delivery"
        finally:
            if getattr(session, "bench_busy", False):
                session.bench_busy = False
                self.recorder.busy -= 1
