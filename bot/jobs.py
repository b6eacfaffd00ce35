"""Periodic work inside the server process: the SLA scan (health checks and digests later).

Each run is safe to repeat and safe on several workers at once: the scan's
conditional updates decide who sends a notice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class PeriodicJob:
    """Runs a blocking function every ``seconds`` in a worker thread until stopped."""

    def __init__(self, name: str, seconds: float, work: Callable[[], object]) -> None:
        self.name = name
        self.seconds = seconds
        self._work = work
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self._work)
            except Exception:
                log.exception("job failed: %s", self.name)
            await asyncio.sleep(self.seconds)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=f"job:{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
