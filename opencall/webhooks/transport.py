"""One POST to a checked address: connect to the IP that was checked (addresses.py),
while the Host header and the TLS certificate check use the name in the address.
Short timeouts, no redirect followed (http.client follows none)."""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass

from opencall.webhooks.addresses import Target

ANSWER_KEPT = 300  # characters of the receiver's answer kept for staff


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    text: str  # the start of the body, for the delivery's last error

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(target: Target, *, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """Raises OSError (refused, timed out, TLS) or http.client.HTTPException."""
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = kind(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(ANSWER_KEPT * 4).decode("utf-8", "replace")[:ANSWER_KEPT]
        return Answer(status=response.status, reason=response.reason, text=text.strip())
    finally:
        connection.close()
