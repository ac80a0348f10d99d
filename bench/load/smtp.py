"""A real SMTP server on loopback that remembers every message it accepted.

Only what counting needs is kept (Message-ID, recipients, when): the outbox gives
each message one Message-ID for all its attempts, so a copy shows as the same id
twice. It can be stopped (clients get "connection refused") and started again on
the same port, and it can keep each client waiting at RCPT (before the message)
or after DATA (message stored, answer not yet given), so that a worker is caught
mid-send at the stage one wants.
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
    def __init__(self, host: str, port: int, *, delay: float = 0.0, stage: str = "data") -> None:
        self.host = host
        self.port = port
        self.delay = delay  # seconds of waiting, at `stage`: "rcpt" or "data"
        self.stage = stage
        self._controller: Controller | None = None
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self.waiting = 0  # clients kept waiting at `stage` right now

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

    async def _wait(self, stage: str) -> None:
        if self.recorder.delay and self.recorder.stage == stage:
            self.recorder.waiting += 1
            try:
                await asyncio.sleep(self.recorder.delay)
            finally:
                self.recorder.waiting -= 1

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Before DATA: killed now, the sender knows the server cannot have the message.
        await self._wait("rcpt")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Stored first, answered after the wait: killed now, the sender has handed
        # the message over without hearing so.
        self.recorder._record(envelope.rcpt_tos, envelope.original_content)
        await self._wait("data")
        return "250 Message accepted for delivery"
