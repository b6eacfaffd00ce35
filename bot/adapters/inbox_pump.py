"""Store each delivery before the ack, then feed stored deliveries to the front end's handler.

One pump per front end. The ack path calls :meth:`InboxPump.put`, which joins a
group commit: deliveries arriving while a write is in progress go into the next
single transaction, so storing costs one commit per batch, not per request.

The consumer side claims due rows (its own, a redelivered one's, or those a
crashed worker left when their lease ran out), runs the handler on each with a
bounded concurrency, and marks the handled ones done in batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from bot.observability import metrics
from bot.services.inbox import MAX_ATTEMPTS, ClaimedDelivery, Delivery, Inbox

log = logging.getLogger(__name__)
Handler = Callable[[ClaimedDelivery], Awaitable[None]]


class InboxPump:
    """Group-committed writes on the ack path; claimed rows handed to ``handler``."""

    def __init__(
        self,
        inbox: Inbox,
        platform: str,
        handler: Handler,
        *,
        concurrency: int = 4,
        poll_seconds: float = 1.0,
    ) -> None:
        """``concurrency`` rows are handled at once; ``poll_seconds`` is how often the
        pump looks for rows it was not told about (other workers', expired leases)."""
        self._inbox = inbox
        self._platform = platform
        self._handler = handler
        self._concurrency = concurrency
        self._poll_seconds = poll_seconds
        self._io = ThreadPoolExecutor(1, thread_name_prefix=f"{platform}-inbox")
        self._pending: list[tuple[Delivery, asyncio.Future[None]]] = []
        self._has_pending = asyncio.Event()
        self._wake = asyncio.Event()
        self._finished: list[int] = []
        self._has_finished = asyncio.Event()
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []

    async def _run_io(self, func: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._io, partial(func, *args))

    async def put(self, delivery_id: str, body: dict[str, Any]) -> None:
        """Store one delivery (durably, before returning); a redelivery is a no-op.

        Raises whatever the database raised, so the caller can refuse the request
        and let the platform deliver it again.
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((Delivery(self._platform, delivery_id, body), future))
        self._has_pending.set()
        await future

    def start(self) -> None:
        self._stopping = False
        self._tasks = [
            asyncio.create_task(self._write_loop(), name=f"{self._platform}-inbox-writer"),
            asyncio.create_task(self._claim_loop(), name=f"{self._platform}-inbox-reader"),
            asyncio.create_task(self._finish_loop(), name=f"{self._platform}-inbox-finisher"),
        ]

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop claiming, let rows in hand finish (up to ``timeout``), hand back the rest."""
        self._stopping = True
        self._wake.set()
        if self._inflight:
            await asyncio.wait(list(self._inflight.values()), timeout=timeout)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._flush_writes()
        await self._flush_finished()
        unfinished = list(self._inflight)
        for task in self._inflight.values():
            task.cancel()
        if unfinished:
            try:
                await self._run_io(self._inbox.release, unfinished)
            except Exception:  # they come back when their lease ends
                log.warning("%s inbox: %d rows left claimed", self._platform, len(unfinished))
        self._io.shutdown(wait=True)

    # -- the ack side ---------------------------------------------------------------------

    async def _write_loop(self) -> None:
        while True:
            await self._has_pending.wait()
            await self._flush_writes()

    async def _flush_writes(self) -> None:
        self._has_pending.clear()
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            stored = await self._run_io(self._inbox.add_many, [delivery for delivery, _ in batch])
        except Exception as exc:
            log.error("%s inbox: could not store %d deliveries", self._platform, len(batch))
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for _, future in batch:
            if not future.done():
                future.set_result(None)
        if stored < len(batch):
            metrics.DUPLICATES.labels(self._platform).inc(len(batch) - stored)
        self._wake.set()

    # -- the handling side ----------------------------------------------------------------

    async def _claim_loop(self) -> None:
        while not self._stopping:
            self._wake.clear()  # before looking, so no wake-up in between is lost
            room = self._concurrency * 2 - len(self._inflight)
            # Claim in batches: only once half the slots are free (a claim per handled
            # row would cost a transaction per row).
            if room >= self._concurrency:
                try:
                    rows = await self._run_io(self._inbox.claim, self._platform, room)
                except Exception:
                    log.exception("%s inbox: claim failed", self._platform)
                    rows = []
                for row in rows:
                    self._inflight[row.id] = asyncio.create_task(self._handle(row))
                if rows and len(rows) == room:
                    continue  # more may be due: claim again once there is room
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _handle(self, row: ClaimedDelivery) -> None:
        try:
            async with self._slots:
                await self._handler(row)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            metrics.INBOX_FAILURES.labels(self._platform).inc()
            if row.attempts >= MAX_ATTEMPTS:
                log.exception(
                    "%s delivery %s failed %d times; giving up",
                    self._platform,
                    row.delivery_id,
                    row.attempts,
                )
                await self._run_io(self._inbox.give_up, row.id, repr(exc))
            else:  # due again when its lease ends
                log.exception(
                    "%s delivery %s failed (attempt %d)",
                    self._platform,
                    row.delivery_id,
                    row.attempts,
                )
            return
        finally:
            self._inflight.pop(row.id, None)
            self._wake.set()
        self._finished.append(row.id)
        self._has_finished.set()

    async def _finish_loop(self) -> None:
        while True:
            await self._has_finished.wait()
            await self._flush_finished()

    async def _flush_finished(self) -> None:
        self._has_finished.clear()
        ids, self._finished = self._finished, []
        if not ids:
            return
        try:
            await self._run_io(self._inbox.finish, ids)
        except Exception:  # handled again after the lease: answers are de-duplicated
            log.exception("%s inbox: could not mark %d rows done", self._platform, len(ids))
