"""Store each delivery before the ack, then feed stored deliveries to the front end's handler.

One pump per front end. The ack path calls :meth:`InboxPump.put`, which joins a
group commit: deliveries arriving while a write is in progress go into the next
single transaction, so storing costs one commit per batch, not per request. A
delivery the database cannot store is refused alone: it is checked before it joins
a batch, and a batch that fails anyway is stored again one delivery at a time.

The consumer side claims due rows (its own, a redelivered one's, or those a
crashed worker left when their lease ran out), runs the handler on each with a
bounded concurrency, and marks the handled ones done in batches. One chat's rows
are handled one after another in claim order (``ChatOrder``); the claim gives a
chat's rows to one worker at a time, so answers keep their order with any number
of workers. When a row fails, the chat's rows behind it are handed back and wait
for its retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from bot.adapters.chat_order import ChatOrder
from bot.observability import metrics
from bot.services.inbox import MAX_ATTEMPTS, ClaimedDelivery, Delivery, Inbox, delivery_row

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
        self._inflight: dict[int, asyncio.Task[bool]] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._order = ChatOrder()
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []

    async def _run_io(self, func: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._io, partial(func, *args))

    async def put(
        self, delivery_id: str, body: dict[str, Any], chat_key: str | None = None
    ) -> None:
        """Store one delivery (durably, before returning); a redelivery is a no-op.
        ``chat_key`` names its chat: one chat's deliveries are answered in order.

        Raises:
            UnstorableDelivery: this delivery can never be stored (the others are).
            Exception: whatever the database raised, so the caller can refuse the
                request and let the platform deliver it again.
        """
        delivery = Delivery(self._platform, delivery_id, body, chat_key)
        delivery_row(delivery)  # a delivery that can never be stored fails here, alone
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((delivery, future))
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
        for handling in self._inflight.values():
            handling.cancel()
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
            stored = await self._run_io(self._inbox.add_many, [item for item, _ in batch])
        except Exception as exc:
            if len(batch) == 1:
                log.error("%s inbox: could not store a delivery: %r", self._platform, exc)
                _settle(batch[0][1], exc)
                return
            # One bad row fails the whole transaction: store them one by one, so only
            # the deliveries that cannot be stored are refused.
            stored = 0
            for item, future in batch:
                try:
                    stored += await self._run_io(self._inbox.add_many, [item])
                except Exception as alone:
                    log.error("%s inbox: could not store a delivery: %r", self._platform, alone)
                    _settle(future, alone)
        for _, future in batch:
            _settle(future, None)
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
                for row in rows:  # in claim order: a chat's rows run one after another
                    self._inflight[row.id] = self._order.submit(
                        row.chat_key, partial(self._handle, row), partial(self._release, row)
                    )
                if rows and len(rows) == room:
                    continue  # more may be due: claim again once there is room
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _release(self, row: ClaimedDelivery) -> None:
        """The chat's earlier row failed: hand this one back to wait behind its retry."""
        self._inflight.pop(row.id, None)
        self._wake.set()
        try:
            await self._run_io(self._inbox.release, [row.id])
        except Exception:  # it comes back when its lease ends
            log.exception("%s inbox: could not hand back row %s", self._platform, row.id)

    async def _handle(self, row: ClaimedDelivery) -> bool:
        """Run the handler on one row; True when it succeeded."""
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
                return True  # given up: it no longer holds its chat
            log.exception(  # due again when its lease ends
                "%s delivery %s failed (attempt %d)",
                self._platform,
                row.delivery_id,
                row.attempts,
            )
            return False
        finally:
            self._inflight.pop(row.id, None)
            self._wake.set()
        self._finished.append(row.id)
        self._has_finished.set()
        return True

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


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if not future.done():
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
