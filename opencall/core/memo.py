"""Reads that several steps of one piece of work make, made once for it.

A submission announces four events after its two commits (submitted, its status, its
screening, its status again), and each asks which webhooks of the call hear it. Inside
`reading_once()` (the submit page wraps its one service call in it), such a read is
made the first time and remembered until the block ends; outside it, every call reads
again, as before. What is remembered is what one request saw: a hook added by someone
else during those few milliseconds hears the next event, like one added just after.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_READS: ContextVar[dict[Hashable, Any] | None] = ContextVar("opencall_reads", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    token = _READS.set({})
    try:
        yield
    finally:
        _READS.reset(token)


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, or what it returned the first time inside the current `reading_once()`."""
    reads = _READS.get()
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return reads[key]
