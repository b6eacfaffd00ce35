"""Rate-limit pauses a platform asked for: one method, or every call, until a moment.

A pause for a single chat is not kept here: that row waits in the outbox for its
Retry-After and the claim holds the chat's later rows behind it.
"""

from __future__ import annotations

import time

from bot.adapters.transport import Limit

EVERY_CALL = ""


class RatePauses:
    """Monotonic-clock ends of the pauses in force, per method ("" pauses every call)."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def left(self, method: str = EVERY_CALL) -> float:
        """Seconds this method (or, for "", every call) is still paused; <= 0 when free."""
        now = time.monotonic()
        return max(self._until.get(EVERY_CALL, 0.0), self._until.get(method, 0.0)) - now

    def pause(self, limit: Limit | None, method: str, retry_after: float | None) -> None:
        """Remember a method or platform limit; a chat limit is the row's own business."""
        if limit is not Limit.METHOD and limit is not Limit.PLATFORM:
            return
        until = time.monotonic() + (retry_after or 1.0)
        key = method if limit is Limit.METHOD else EVERY_CALL
        self._until[key] = max(self._until.get(key, 0.0), until)
