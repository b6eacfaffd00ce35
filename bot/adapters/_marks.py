"""Group-committed outbox bookkeeping: what went out is written as soon as its call returns.

Each chat's sender waits for its row's mark before its next call, so a crash repeats
at most the calls in flight; marks that arrive while a write is in progress share
the next transaction, so marking costs one commit per burst, not one per message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.services.outbox import Outbox

log = logging.getLogger(__name__)
RunIo = Callable[..., Awaitable[Any]]


class OutboxMarks:
    """Collects sent rows, parts sent and rows handed back; writes them together."""

    def __init__(self, outbox: Outbox, run_io: RunIo) -> None:
        self._outbox = outbox
        self._run_io = run_io
        self._sent: list[int] = []
        self._progress: list[tuple[int, int]] = []
        self._released: list[int] = []
        self._waiting: list[asyncio.Future[None]] = []
        self._writing: asyncio.Task[None] | None = None

    async def sent(self, row_id: int) -> None:
        """``row_id`` went out; returns once that is stored (or failed to be: logged)."""
        self._sent.append(row_id)
        await self._join()

    async def progress(self, row_id: int, parts_sent: int) -> None:
        """The first ``parts_sent`` calls of ``row_id`` went out."""
        self._progress.append((row_id, parts_sent))
        await self._join()

    async def released(self, row_id: int) -> None:
        """``row_id`` was not tried (its chat's earlier row failed): due again at once,
        held back by the claim until that earlier row is sent."""
        self._released.append(row_id)
        await self._join()

    async def _join(self) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        if self._writing is None or self._writing.done():
            self._writing = asyncio.ensure_future(self._write())
        await future

    async def _write(self) -> None:
        while self._waiting:
            sent, self._sent = self._sent, []
            progress, self._progress = self._progress, []
            released, self._released = self._released, []
            waiting, self._waiting = self._waiting, []
            try:
                await self._run_io(self._outbox.record, sent, progress, released)
            except Exception:  # sent twice after the lease at worst; never lost
                log.exception("outbox: %d marks could not be written", len(waiting))
            for future in waiting:
                if not future.done():
                    future.set_result(None)
