"""Scheduled work in the server process, on APScheduler's asyncio scheduler.

Jobs are blocking functions (the core is synchronous) run in worker threads.
Jobs that must run once per period across several workers claim the period in
the database (:class:`bot.services.claims.JobClaims`) before doing anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import utc_now
from bot.observability import metrics
from bot.services.claims import COMMAND_CLAIMS

if TYPE_CHECKING:  # the dispatcher imports every service; the scheduler needs its type only
    from bot.dispatcher import Dispatcher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    """``work`` runs every ``seconds``; it decides itself whether its period is due."""

    name: str
    seconds: float
    work: Callable[[], object]


class Scheduler:
    def __init__(self, jobs: list[ScheduledJob]) -> None:
        self._jobs = jobs
        self._scheduler: AsyncIOScheduler | None = None

    @staticmethod
    def _wrap(job: ScheduledJob) -> Callable[[], object]:
        async def run() -> None:
            try:
                await asyncio.to_thread(job.work)
            except Exception:
                metrics.JOB_RUNS.labels(job.name, "failed").inc()
                log.exception("scheduled job failed: %s", job.name)
            else:
                metrics.JOB_RUNS.labels(job.name, "ok").inc()

        return run

    def start(self) -> None:
        """Start in the running event loop; every job also runs once right away."""
        self._scheduler = AsyncIOScheduler()
        for job in self._jobs:
            self._scheduler.add_job(
                self._wrap(job),
                "interval",
                seconds=job.seconds,
                id=job.name,
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)


def build_jobs(dispatcher: Dispatcher) -> list[ScheduledJob]:
    """Every periodic job of a deployment. Each service adds its own here."""
    config = dispatcher.settings.config
    services = dispatcher.services
    jobs = [
        ScheduledJob("sla-scan", config.sla.scan_seconds, services.sla_scanner.scan),
        ScheduledJob("digests", 30, services.digest.run_due),
        # Handled deliveries are kept a week (platforms redeliver within minutes), then
        # forgotten; a plain DELETE, harmless when every worker runs it.
        ScheduledJob("inbox-prune", 3600, services.inbox.prune),
        # A replayed Slack command is refused by its trigger_id's claim; Slack's signature
        # window is five minutes, so a day's claims are plenty.
        ScheduledJob(
            "command-claims-prune",
            3600,
            lambda: services.claims.forget(COMMAND_CLAIMS, utc_now() - timedelta(days=1)),
        ),
    ]
    # An incident's promised update time passed without one: the engineers are told once.
    jobs.append(ScheduledJob("incident-updates-due", 60, services.health.desk.remind_overdue))
    if any(check.probed for s in config.services for check in s.checks):
        every = config.health.interval_seconds
        jobs.append(ScheduledJob("health-checks", every, services.health.run_checks))
    return jobs
