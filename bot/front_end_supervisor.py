"""Keeps each front end starting until its platform answers, without holding up the others.

Telegram is blocked in mainland China, Slack has outages: a front end that cannot
reach its platform at start must not take the server (and Slack, the SLA scans and
the status page) down with it. The supervisor starts it in the background, retries
with exponential backoff and jitter, logs every failure in one line, and tells
``/readyz`` where each front end stands.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.clock import Clock, utc_now
from bot.errors import ConfigError
from bot.frontend import FrontEnd

log = logging.getLogger(__name__)
State = Literal["starting", "connected", "retrying", "stopped"]


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts: ``first`` seconds, doubling up to ``most``, ±``jitter``."""

    first: float = 2.0
    most: float = 120.0
    jitter: float = 0.2

    def delay(self, attempt: int, draw: Callable[[], float] = random.random) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        base = min(self.most, self.first * 2 ** (attempt - 1))
        return base * (1 + self.jitter * (2 * draw() - 1))


@dataclass(frozen=True)
class FrontEndStatus:
    """What ``/readyz`` shows for one front end."""

    name: str
    state: State
    attempts: int = 0
    error: str | None = None
    retry_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"state": self.state}
        if self.state == "retrying":
            found["attempts"] = self.attempts
            found["error"] = self.error
            found["retry_at"] = self.retry_at.isoformat() if self.retry_at else None
        return found


class FrontEndSupervisor:
    """Starts one front end now or, failing that, again and again until it works."""

    def __init__(
        self, front_end: FrontEnd, backoff: Backoff | None = None, clock: Clock = utc_now
    ) -> None:
        self.front_end = front_end
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._status = FrontEndStatus(front_end.name, "starting")
        self._task: asyncio.Task[None] | None = None
        self._wait = 0.0

    @property
    def status(self) -> FrontEndStatus:
        return self._status

    async def start(self) -> None:
        """Try once now; if the platform cannot be reached, keep trying in the background.

        Raises:
            ConfigError: the front end is misconfigured (retrying would not help).
        """
        if not await self._attempt(1):
            self._task = asyncio.create_task(self._retry(), name=f"{self.front_end.name}-start")

    async def _attempt(self, attempt: int) -> bool:
        try:
            await self.front_end.start()
        except ConfigError:
            raise
        except Exception as exc:  # any failure to reach the platform: retry later
            delay = self._wait = self._backoff.delay(attempt)
            retry_at = self._clock() + timedelta(seconds=delay)
            error = f"{type(exc).__name__}: {exc}"[:300]
            self._status = FrontEndStatus(self.front_end.name, "retrying", attempt, error, retry_at)
            log.warning(
                "%s: cannot reach the platform (attempt %d: %s); retrying in %.0f s, "
                "the other front ends keep running",
                self.front_end.name,
                attempt,
                error,
                delay,
            )
            return False
        self._status = FrontEndStatus(self.front_end.name, "connected", attempt)
        if attempt > 1:
            log.warning("%s: connected after %d attempts", self.front_end.name, attempt)
        else:
            log.info("%s: connected", self.front_end.name)
        return True

    async def _retry(self) -> None:
        attempt = 1
        while True:
            await asyncio.sleep(self._wait)
            attempt += 1
            if await self._attempt(attempt):
                return

    async def stop(self) -> None:
        """Stop retrying, then stop the front end (it stops what it had started)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.front_end.stop()
        self._status = FrontEndStatus(self.front_end.name, "stopped", self._status.attempts)
