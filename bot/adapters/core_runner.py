"""Runs the synchronous core off the event loop: one runner, shared by every front end.

Handlers and services are synchronous (sqlmodel sessions); front ends are async and
must keep answering their platform (acks within milliseconds) while the core works.
The runner gives the core a small thread pool instead of async twins of the core.
Few threads on purpose: the core is CPU-bound Python under the GIL, and every extra
thread takes time slices from the event loop that acks (measured on Slack at 300
events/s: with two core threads ack p99 63 ms, with one 31-43 ms at the same
throughput).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


class CoreRunner:
    """``await runner.run(func, *args)`` runs ``func`` on one of the core's threads;
    ``await runner.write(func, *args)`` runs a short database write on its own thread, so
    storing an answer never waits behind the next question and the core never waits
    behind a commit."""

    def __init__(self, name: str, threads: int = 1) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix=f"{name}-core")
        self._writes = ThreadPoolExecutor(1, thread_name_prefix=f"{name}-write")

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run blocking core code (the dispatcher, a ticket)."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, partial(func, *args))

    @property
    def writes(self) -> Executor:
        """The write thread, for the front end's outbox pump to share (one writer, not two)."""
        return self._writes

    async def write(self, func: Callable[..., T], *args: Any) -> T:
        """Run a short blocking write (an answer into the outbox)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writes, partial(func, *args))

    def close(self) -> None:
        """Release the threads (after the front end's last job)."""
        self._pool.shutdown(wait=False)
        self._writes.shutdown(wait=False)
