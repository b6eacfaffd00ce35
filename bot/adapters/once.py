"""A call that must not be done twice for one request, however often the outbox retries it.

A customer's file sent again (``/file T-1001 2``) is an upload, and a platform that takes
the upload but answers after the call's deadline looks, to the outbox, like a failure:
it retries, and the engineer gets the file twice. No platform offers an idempotency key
for uploads, so the front end keeps one itself: the copy runs as a task keyed by the
request that asked for it (the ``/file`` message's delivery id and the file's number).
The outbox's deadline stops waiting for it, not the task; a retry of the same request
waits for the task still running, or is done at once when it finished well. Only a copy
that failed is tried again.

The record is this worker's, in memory: after a restart, or on another worker after the
outbox lease ran out, a retry uploads again (as any call in flight during a crash).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable

# Requests remembered (the last ones): enough for every retry of a busy hour.
KEEP = 512


class OncePerRequest:
    """Runs ``work`` once per key: a retry joins the running task or its success."""

    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._tasks: OrderedDict[str, asyncio.Task[None]] = OrderedDict()

    async def run(self, key: str, work: Callable[[], Awaitable[None]]) -> None:
        """Await ``work()`` for ``key`` (an empty key: every call runs it). A caller that
        stops waiting (the outbox's deadline) leaves the task running for the retry.

        Raises:
            Exception: whatever ``work`` raised; the next call for ``key`` runs it again.
        """
        if not key:
            await work()
            return
        task = self._tasks.get(key)
        if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):
            task = asyncio.ensure_future(work())
            self._tasks[key] = task
            self._tasks.move_to_end(key)
            while len(self._tasks) > self._keep:
                self._tasks.popitem(last=False)
        await asyncio.shield(task)
