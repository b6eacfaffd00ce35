"""Running checks: every probed check of a round concurrently, worst result per service.

What a check does is its kind's business (``probes/``); this module only runs them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.enums import ServiceState
from bot.services.health.probes import BaseCheck, CheckResult
from bot.services.health.states import worst
from bot.settings import ServiceConfig

__all__ = ["CheckResult", "Observation", "observe", "probed", "run_check", "run_round"]


async def run_check(check: BaseCheck, now: datetime) -> CheckResult:
    """One probe of one check (its kind decides how)."""
    return await check.probe(now)


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
    return [s for s in services if any(c.probed for c in s.checks)]


async def run_round(
    services: Sequence[ServiceConfig], now: datetime, concurrency: int
) -> dict[str, Observation | None]:
    """Run every check of ``services`` at once (at most ``concurrency`` in flight)."""
    gate = asyncio.Semaphore(concurrency)

    async def one(check: BaseCheck) -> CheckResult:
        async with gate:
            return await run_check(check, now)

    jobs = [
        (service.id, asyncio.ensure_future(one(check)))
        for service in services
        for check in service.checks
        if check.probed
    ]
    await asyncio.gather(*(task for _, task in jobs))
    grouped: dict[str, list[CheckResult]] = {}
    for service_id, task in jobs:
        grouped.setdefault(service_id, []).append(task.result())
    return {service_id: observe(results) for service_id, results in grouped.items()}
