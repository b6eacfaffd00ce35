"""Running checks: one probe per configured check, all of a round concurrently."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.enums import ServiceState
from bot.services.health.feeds import FeedError, read_feed, read_statuspage
from bot.services.health.http_probe import ProbeError, fetch
from bot.services.health.states import worst
from bot.settings import CheckConfig, ServiceConfig

TEXT_LIMIT = 256 * 1024
FEED_LIMIT = 2 * 1024 * 1024
PROBED = ("http", "tcp", "statuspage", "feed")


@dataclass(frozen=True)
class CheckResult:
    """One probe's verdict. ``state`` None means "no information" (a provider feed
    could not be read): it neither confirms nor breaks a streak."""

    kind: str
    state: ServiceState | None
    detail: str
    latency_ms: float | None = None


async def _http(check: CheckConfig) -> CheckResult:
    limit = TEXT_LIMIT if check.expect_text else 0
    try:
        answer = await fetch(
            check.url or "", method=check.method, timeout=check.timeout_seconds, body_limit=limit
        )
    except TimeoutError:
        return CheckResult("http", ServiceState.MAJOR_OUTAGE, "timeout")
    except ProbeError as exc:
        return CheckResult("http", ServiceState.MAJOR_OUTAGE, str(exc))
    ms = round(answer.elapsed_ms, 1)
    if answer.status not in check.expect_status:
        return CheckResult("http", ServiceState.MAJOR_OUTAGE, f"HTTP {answer.status}", ms)
    if check.expect_text and check.expect_text.encode() not in answer.body:
        return CheckResult("http", ServiceState.PARTIAL_OUTAGE, "expected text missing", ms)
    if check.degraded_after_ms and answer.elapsed_ms > check.degraded_after_ms:
        return CheckResult("http", ServiceState.DEGRADED, f"slow: {ms:.0f} ms", ms)
    return CheckResult("http", ServiceState.OPERATIONAL, f"HTTP {answer.status}", ms)


async def _tcp(check: CheckConfig) -> CheckResult:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(check.timeout_seconds):
            _reader, writer = await asyncio.open_connection(check.host, check.port)
    except TimeoutError:
        return CheckResult("tcp", ServiceState.MAJOR_OUTAGE, "timeout")
    except OSError as exc:
        return CheckResult("tcp", ServiceState.MAJOR_OUTAGE, f"connect: {exc.strerror or exc}")
    writer.close()
    ms = round((time.perf_counter() - started) * 1000, 1)
    if check.degraded_after_ms and ms > check.degraded_after_ms:
        return CheckResult("tcp", ServiceState.DEGRADED, f"slow: {ms:.0f} ms", ms)
    return CheckResult("tcp", ServiceState.OPERATIONAL, "connected", ms)


async def _provider(check: CheckConfig, now: datetime) -> CheckResult:
    """A provider's own status (Statuspage or feed); unreadable means no information."""
    try:
        answer = await fetch(check.url or "", timeout=check.timeout_seconds, body_limit=FEED_LIMIT)
        if answer.status != 200:
            return CheckResult(check.kind, None, f"HTTP {answer.status}")
        if check.kind == "statuspage":
            reading = read_statuspage(answer.body, check.component or "")
        else:
            reading = read_feed(
                answer.body,
                now,
                match=check.match,
                window=timedelta(hours=check.feed_window_hours),
                trouble=check.feed_state,
            )
    except (TimeoutError, ProbeError, FeedError) as exc:
        return CheckResult(check.kind, None, str(exc) or type(exc).__name__)
    return CheckResult(check.kind, reading.state, reading.detail)


async def run_check(check: CheckConfig, now: datetime) -> CheckResult:
    if check.kind == "http":
        return await _http(check)
    if check.kind == "tcp":
        return await _tcp(check)
    return await _provider(check, now)


@dataclass(frozen=True)
class Observation:
    """What one round saw of one service: the worst informative result."""

    state: ServiceState
    detail: str


def observe(results: Sequence[CheckResult]) -> Observation | None:
    """Worst of the results that carry information; None when none does."""
    known = [r for r in results if r.state is not None]
    if not known:
        return None
    state = worst(r.state for r in known if r.state is not None)
    details = [r.detail for r in known if r.state == state and r.detail]
    return Observation(state, details[0] if details else "")


def probed(services: Sequence[ServiceConfig]) -> list[ServiceConfig]:
    """Services that have at least one check to run."""
    return [s for s in services if any(c.kind in PROBED for c in s.checks)]


async def run_round(
    services: Sequence[ServiceConfig], now: datetime, concurrency: int
) -> dict[str, Observation | None]:
    """Run every check of ``services`` at once (at most ``concurrency`` in flight)."""
    gate = asyncio.Semaphore(concurrency)

    async def one(check: CheckConfig) -> CheckResult:
        async with gate:
            return await run_check(check, now)

    jobs = [
        (service.id, asyncio.ensure_future(one(check)))
        for service in services
        for check in service.checks
        if check.kind in PROBED
    ]
    await asyncio.gather(*(task for _, task in jobs))
    grouped: dict[str, list[CheckResult]] = {}
    for service_id, task in jobs:
        grouped.setdefault(service_id, []).append(task.result())
    return {service_id: observe(results) for service_id, results in grouped.items()}
