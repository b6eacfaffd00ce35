"""Sends a platform's outbox: claim due notices, render, send each chat's in order, mark.

The mirror of ``inbox_pump.py`` on the way out, shared by every platform. A pump
claims due rows (the claim keeps a chat's rows behind its earlier ones, across
workers), renders each with the platform's renderer (a notice may become several
calls: a long text, a chart and its text), and sends through the platform's
transport, each chat's rows one after another and different chats side by side.
Each call has a deadline shorter than the outbox lease, and each row is marked as
soon as its call returns (group-committed), so a crash repeats at most the calls in
flight. Failures come back as :class:`~bot.adapters.transport.SendFailed`:

- a rate limit pauses what it names: the chat (the row waits for Retry-After and the
  claim holds the chat's later rows behind it), the method, or the whole platform;
- other transient failures are retried with the outbox's backoff (1 s, 2 s … 10 min);
- a permanent failure (or a notice that cannot be rendered) is given up: kept with its
  error, no longer holding the chat. An answer that cannot be rendered is replaced by
  the polite ``error_internal`` reply instead.

Every error is scrubbed of secrets before it is stored or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial
from typing import Any

from bot.adapters._marks import OutboxMarks
from bot.adapters._pauses import RatePauses
from bot.adapters._prepare import ANSWER, Prepared, prepare
from bot.adapters.chat_order import ChatOrder
from bot.adapters.transport import BaseTransport, Call, NoticeRenderer, SendFailed
from bot.observability.logs import RedactSecrets
from bot.services.outbox import CLAIM_LEASE, ClaimedNotice, Outbox

__all__ = ["ANSWER", "CALL_TIMEOUT_SECONDS", "OutboxPump"]  # ANSWER: front ends mark answers

log = logging.getLogger(__name__)
# Every call ends within this (the transports' own timeouts are the same or shorter), far
# inside the outbox lease, so a hung call is abandoned before another worker may send the
# row again.
CALL_TIMEOUT_SECONDS = 10.0
LEASE_SECONDS = CLAIM_LEASE.total_seconds()
LINGER_SECONDS = 0.01
BUSY_SECONDS = 0.1  # a claim this recent means answers are flowing: batch them


class OutboxPump:
    """One platform's sender; ``wake()`` right after enqueueing for prompt delivery."""

    def __init__(
        self,
        outbox: Outbox,
        platform: str,
        renderer: NoticeRenderer,
        transport: BaseTransport,
        *,
        secrets: Iterable[str] = (),
        concurrency: int = 32,
        batch: int = 100,
        poll_seconds: float = 0.2,
        call_timeout: float = CALL_TIMEOUT_SECONDS,
        writes: Executor | None = None,
    ) -> None:
        """``concurrency`` calls at once (different chats); ``batch`` rows in hand at most;
        ``poll_seconds``: how often to look for rows nobody woke us for (core notices,
        retries, other workers' leftovers); ``writes``: the thread for database work when
        the front end has one (its ``CoreRunner``'s: on SQLite two threads writing at once
        make one of them sleep in SQLite's busy handler), else the pump's own."""
        self._outbox = outbox
        self.platform = platform
        self._renderer = renderer
        self._transport = transport
        self._scrub = RedactSecrets(secrets).scrub
        self._slots = asyncio.Semaphore(concurrency)
        self._batch = batch
        self._poll = poll_seconds
        self._call_timeout = call_timeout
        # Database writes on one thread (marks must not wait behind rendering, or a crash
        # would repeat more than the calls in flight); rendering on another.
        self._own_io = writes is None
        self._io = writes or ThreadPoolExecutor(1, thread_name_prefix=f"{platform}-outbox")
        self._render_pool = ThreadPoolExecutor(1, thread_name_prefix=f"{platform}-render")
        self._marks = OutboxMarks(outbox, self._run_io)
        self._order = ChatOrder()
        self._in_hand: dict[int, asyncio.Task[bool]] = {}
        self._paused = RatePauses()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last_claim = 0.0

    async def _run_io(self, func: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._io, partial(func, *args))

    def wake(self) -> None:
        """Look at the outbox now (called right after enqueueing, from any thread)."""
        loop = self._loop
        if loop is None or _running_loop() is loop:
            self._wake.set()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    def start(self) -> None:
        self._stopping = False
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._claim_loop(), name=f"{self.platform}-outbox")

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop claiming, send what is due for up to ``timeout`` seconds, hand back the rest."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:  # never started (its platform never answered): no drain
            await asyncio.gather(self._task, return_exceptions=True)
            try:
                await asyncio.wait_for(self.drain(), timeout)
            except Exception as exc:  # shutting down: what is left stays in the outbox
                log.warning("%s outbox stopped with messages left (%r)", self.platform, exc)
        for task in list(self._in_hand.values()):
            task.cancel()
        left = list(self._in_hand)
        if left:
            with contextlib.suppress(Exception):
                await self._run_io(self._outbox.defer_many, left)
        if self._own_io:
            self._io.shutdown(wait=True)
        self._render_pool.shutdown(wait=True)
        await self._transport.close()

    async def drain(self) -> int:
        """Send everything due now (and what comes due meanwhile); returns rows handled."""
        handled = 0
        while True:
            claimed = await self._claim(self._batch - len(self._in_hand))
            handled += claimed
            if self._in_hand:
                await asyncio.wait(list(self._in_hand.values()))
            elif not claimed:
                return handled

    # -- claiming --------------------------------------------------------------------------

    async def _claim_loop(self) -> None:
        """Claim whenever there is room; a failing round is logged and the loop goes on.

        After a wake-up while busy (rows in hand, or a claim moments ago) the pump lingers
        a few milliseconds, so answers finishing together share one claim (a claim is a
        database transaction); after a quiet spell it claims at once (a lone answer should
        not wait).
        """
        while not self._stopping:
            busy = self._in_hand or time.monotonic() - self._last_claim < BUSY_SECONDS
            if self._wake.is_set() and busy:
                await asyncio.sleep(LINGER_SECONDS)
            self._wake.clear()
            room = self._batch - len(self._in_hand)
            claimed = 0
            if room >= self._batch // 2 and self._paused.left("") <= 0:
                try:
                    claimed = await self._claim(room)
                except Exception:
                    log.exception("%s outbox: claim failed", self.platform)
            if claimed and claimed == room:
                continue  # more may be due: claim again once there is room
            wait = max(self._poll, self._paused.left(""))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _claim(self, room: int) -> int:
        if room <= 0:
            return 0
        leased_at = time.monotonic()  # the lease starts about now (measured on this thread)
        self._last_claim = time.monotonic()
        rows = await self._run_io(self._outbox.claim, self.platform, room)
        if not rows:
            return 0
        loop = asyncio.get_running_loop()
        prepared = await loop.run_in_executor(self._render_pool, self._render_all, rows)
        for item in prepared:  # in claim order: ChatOrder chains each chat's rows
            item.claimed_at = leased_at
            task = self._order.submit(
                item.row.chat_key, partial(self._deliver, item), partial(self._hand_back, item)
            )
            self._in_hand[item.row.id] = task
            task.add_done_callback(partial(self._done, item.row.id))
        return len(prepared)

    def _done(self, row_id: int, _task: asyncio.Task[bool]) -> None:
        self._in_hand.pop(row_id, None)
        self._wake.set()

    def _render_all(self, rows: list[ClaimedNotice]) -> list[Prepared]:
        """Render claimed rows off the event loop (templates are CPU work)."""
        return [prepare(row, self._renderer, self.platform) for row in rows]

    # -- sending ---------------------------------------------------------------------------

    async def _deliver(self, item: Prepared) -> bool:
        """Send a row's calls from where it stopped; True when the chat may go on."""
        row = item.row
        if item.error is not None:
            await self._run_io(self._outbox.give_up, row.id, item.error)
            return True  # given up: it no longer holds the chat
        async with self._slots:
            for index in range(row.parts_sent, len(item.calls)):
                call = item.calls[index]
                paused = self._paused.left(call.method)
                if paused > 0:  # our own wait, not a failed attempt
                    await self._run_io(partial(self._outbox.defer_many, [row.id], seconds=paused))
                    return False
                if time.monotonic() - item.claimed_at > LEASE_SECONDS - 2 * self._call_timeout:
                    await self._marks.released(row.id)  # its lease is running out: let it go
                    return False
                try:
                    await asyncio.wait_for(self._transport.send(call), self._call_timeout)
                except SendFailed as exc:
                    if exc.permanent and call.optional:
                        log.info("%s %s skipped: %s", self.platform, call.method, exc.reason)
                        continue
                    return await self._failed(item, index, call, exc)
                except TimeoutError:
                    return await self._failed(item, index, call, SendFailed("timed out"))
                if index + 1 < len(item.calls):
                    await self._marks.progress(row.id, index + 1)
            await self._marks.sent(row.id)
            return True

    async def _failed(self, item: Prepared, index: int, call: Call, exc: SendFailed) -> bool:
        """Record the failure; True when it no longer holds the chat (given up)."""
        row = item.row
        reason = self._scrub(f"{call.method}: {exc.reason}")
        if exc.permanent:
            log.error("%s outbox %s failed for good: %s", self.platform, row.id, reason)
            await self._run_io(partial(self._outbox.give_up, row.id, reason, parts_sent=index))
            return True
        self._paused.pause(exc.limit, call.method, exc.retry_after)
        log.warning("%s outbox %s will be retried: %s", self.platform, row.id, reason)
        await self._run_io(
            partial(self._outbox.mark_failed, row.id, reason, exc.retry_after, parts_sent=index)
        )
        return False

    async def _hand_back(self, item: Prepared) -> None:
        """Not tried, because the chat's earlier row failed: back in the outbox behind it."""
        await self._marks.released(item.row.id)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
