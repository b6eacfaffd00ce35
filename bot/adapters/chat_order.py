"""Keeps one chat's outgoing messages in order when one of them has to be retried.

Both senders drain the outbox in rounds and send different chats concurrently.
When a message fails, the chat's later messages must not overtake its retry.
Deferring them "until the retry time" is not enough: the failed row and the
rows behind it come due at about the same instant, and a claim can see a later
row first. So a later row waits until the failed row has actually been sent
(or dropped), with a grace limit in case another worker sent it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# How long past the failed row's retry time later rows keep waiting for it: in one worker it
# goes out within a round or two; when another worker sent it, waiting longer only churns.
ORDER_GRACE_SECONDS = 1.0
# How soon a row that is waiting past the retry time looks again.
ORDER_RECHECK_SECONDS = 0.1


class ChatOrder:
    """Per chat: the row that failed and when it is retried (monotonic seconds)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._blocked: dict[str, tuple[int, float]] = {}

    def wait_for(self, chat: str, row_id: int) -> float:
        """Seconds ``row_id`` must wait behind the chat's failed row; 0 means send it."""
        failed_id, retry_at = self._blocked.get(chat, (0, 0.0))
        if not failed_id or row_id <= failed_id:
            return 0.0
        wait = retry_at - self._clock()
        if wait > 0:
            return wait + ORDER_RECHECK_SECONDS
        if -wait < ORDER_GRACE_SECONDS:
            return ORDER_RECHECK_SECONDS
        del self._blocked[chat]  # another worker must have sent it: don't wait forever
        return 0.0

    def failed(self, chat: str, row_id: int, retry_in: float) -> None:
        """``row_id`` will be retried in ``retry_in`` seconds; the chat's later rows wait."""
        self._blocked[chat] = (row_id, self._clock() + max(0.0, retry_in))

    def done(self, chat: str, row_id: int) -> None:
        """``row_id`` was sent or dropped for good: it no longer holds the chat."""
        if self._blocked.get(chat, (0, 0.0))[0] == row_id:
            del self._blocked[chat]
