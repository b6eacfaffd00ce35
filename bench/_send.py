"""Sending the drills' load: ``concurrency`` requests at a time, one connection each (so the
proxy balances each request), redelivering what failed as Slack and Telegram would."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp
from _load import Item, Load, slack_headers, telegram_headers


@dataclass
class SendStats:
    """What the load generator saw; ``gave_up`` are genuine items never acked."""

    started: float = field(default_factory=time.monotonic)
    finished: float = 0.0
    requests: int = 0
    acked: int = 0
    redelivered: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    forged_accepted: int = 0
    forged_rejected: Counter[int] = field(default_factory=Counter)
    gave_up: list[Item] = field(default_factory=list)
    ack_seconds: list[float] = field(default_factory=list)
    first_sent: dict[int, float] = field(default_factory=dict)  # item number → first attempt
    failed_at: list[float] = field(default_factory=list)  # when failed requests began

    def line(self) -> str:
        errors = ", ".join(f"{k} {v}" for k, v in self.errors.most_common(4)) or "none"
        return (
            f"requests {self.requests}, acked {self.acked}, redelivered {self.redelivered}, "
            f"errors: {errors}"
        )


async def send_load(
    url: str,
    load: Load,
    *,
    concurrency: int = 32,
    ack_timeout: float = 3.0,
    max_attempts: int = 8,
    give_up_after: float = 900.0,
    at_half: Callable[[], Awaitable[None]] | None = None,
    progress: Callable[[SendStats], None] | None = None,
) -> SendStats:
    """Send the plan, ``concurrency`` requests at a time, one connection per request (so
    the proxy balances each request, as nginx would). Like Slack and Telegram, a genuine
    request that failed (connection error, timeout after ``ack_timeout``, non-2xx) is
    delivered again later with the same id, Slack's with X-Slack-Retry-Num; forged ones
    are sent once. ``at_half`` runs (concurrently) once half of the plan was sent."""
    stats = SendStats()
    slots = asyncio.Semaphore(concurrency)
    deadline = time.monotonic() + give_up_after
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=ack_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def post(item: Item, retry: int) -> str | None:
            """One request; None when acked with 2xx, else why not."""
            if item.platform == "slack":
                headers = slack_headers(item, retry)
            else:
                headers = telegram_headers(item)
            stats.requests += 1
            began = time.monotonic()
            stats.first_sent.setdefault(item.number, began)
            try:
                async with session.post(url + item.path, data=item.body, headers=headers) as r:
                    await r.read()
                    status = r.status
            except TimeoutError:
                return "timeout"
            except (aiohttp.ClientError, OSError) as exc:
                return type(exc).__name__
            if not item.genuine:
                if 200 <= status < 300:
                    stats.forged_accepted += 1
                else:
                    stats.forged_rejected[status] += 1
                return None
            if 200 <= status < 300:
                stats.acked += 1
                stats.ack_seconds.append(time.monotonic() - began)
                return None
            return f"HTTP {status}"

        async def deliver(item: Item, planned: bool) -> None:
            """Holds a slot on entry (taken by the feeder); retries take one again."""
            retry = 1 if planned else 0
            held = True
            for attempt in range(max_attempts):
                if not held:
                    await slots.acquire()
                held = False
                began = time.monotonic()
                try:
                    reason = await post(item, retry)
                finally:
                    slots.release()
                if reason is None:
                    return
                stats.errors[reason] += 1
                stats.failed_at.append(began)
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(min(0.25 * 2**attempt, 5.0))
                retry += 1
                stats.redelivered += 1
            stats.gave_up.append(item)

        async def report() -> None:
            while progress is not None:
                await asyncio.sleep(5)
                progress(stats)

        reporter = asyncio.create_task(report())
        tasks: list[asyncio.Task[None]] = []
        half: asyncio.Task[None] | None = None
        for index, (item, planned) in enumerate(load.plan):
            await slots.acquire()
            tasks.append(asyncio.create_task(deliver(item, planned)))
            if at_half is not None and index == len(load.plan) // 2:
                half = asyncio.create_task(at_half())
        await asyncio.gather(*tasks)
        stats.finished = time.monotonic()
        if half is not None:
            await half
        reporter.cancel()
    return stats
