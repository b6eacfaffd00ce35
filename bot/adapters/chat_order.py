"""Runs one chat's work items one after another, in claim order; chats run side by side.

Both pumps (inbox: answering stored deliveries; outbox: sending messages) claim rows
of many chats in a batch. A chat's rows must be handled in the order they were
claimed, and when one fails the rows behind it must not overtake its retry: they are
handed back (``skip``) and the database keeps them behind it (a claim skips a row while
an earlier row of its chat is held or waits for a retry; see the inbox and outbox
services). Rows without a chat key are independent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
Work = Callable[[], Awaitable[bool]]
Skip = Callable[[], Awaitable[None]]


class ChatOrder:
    """Chains each chat's items: an item starts when the one before it succeeded."""

    def __init__(self) -> None:
        self._last: dict[str, asyncio.Task[bool]] = {}

    def __len__(self) -> int:
        """Chats with work in hand."""
        return len(self._last)

    def submit(self, chat: str | None, work: Work, skip: Skip) -> asyncio.Task[bool]:
        """Run ``work`` after the chat's previous item; if that one failed (returned False,
        raised or was cancelled), run ``skip`` instead and count this one failed too.

        Must be called from the event loop, in claim order (it takes no await before
        chaining, so the order of calls is the order of work).
        """
        before = self._last.get(chat) if chat else None
        task = asyncio.ensure_future(self._step(before, work, skip))
        if chat:
            self._last[chat] = task
            task.add_done_callback(lambda done: self._forget(chat, done))
        return task

    def _forget(self, chat: str, done: asyncio.Task[bool]) -> None:
        if self._last.get(chat) is done:
            del self._last[chat]

    @staticmethod
    async def _step(before: asyncio.Task[bool] | None, work: Work, skip: Skip) -> bool:
        try:
            if before is not None:
                await asyncio.wait([before])
                if before.cancelled() or before.exception() is not None or not before.result():
                    await skip()
                    return False
            return await work()
        except asyncio.CancelledError:
            raise
        except Exception:  # the work's own handler logs; this keeps the chain going
            log.exception("chat work failed")
            return False
