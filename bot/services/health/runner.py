"""One round of checks: claim the interval slot, probe concurrently, store, announce."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.clock import Clock
from bot.db.engine import session_scope
from bot.db.models import ServiceHealth, ServiceIncident
from bot.services.claims import JobClaims
from bot.services.health.announcements import Announcer
from bot.services.health.checks import probed, run_round
from bot.services.health.ledger import Change, apply_observation
from bot.services.health.states import rank
from bot.settings import Config

log = logging.getLogger(__name__)
JOB = "health-checks"


@dataclass(frozen=True)
class RoundReport:
    checked: int  # services probed
    changes: int  # effective state changes
    notices: int  # notices queued (changes now, plus held ones whose hold ended)


def slot(timestamp: float, interval: float) -> str:
    """The interval slot a moment falls in: every worker computes the same one."""
    return f"{interval:g}s:{int(timestamp // interval)}"


class CheckRunner:
    def __init__(
        self, engine: Engine, clock: Clock, config: Config, claims: JobClaims, announcer: Announcer
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._config = config
        self._claims = claims
        self._announcer = announcer

    def run(self, *, force: bool = False) -> RoundReport | None:
        """Run this interval's round unless another worker has claimed it (None then).

        ``force`` skips the claim (``supportbot health --check``, benchmarks).
        """
        now = self._clock()
        interval = self._config.health.interval_seconds
        if not force and not self._claims.claim(JOB, slot(now.timestamp(), interval)):
            return None
        services = probed(self._config.services)
        seen = (
            asyncio.run(run_round(services, now, self._config.health.max_concurrency))
            if services
            else {}
        )
        notices = 0
        with session_scope(self._engine) as session, session.no_autoflush:
            locked = select(ServiceHealth).order_by(col(ServiceHealth.service_id)).with_for_update()
            rows = {r.service_id: r for r in session.exec(locked).all()}
            incidents: dict[str, list[ServiceIncident]] = {s: [] for s in rows}
            for incident in session.exec(
                select(ServiceIncident).where(col(ServiceIncident.resolved_at).is_(None))
            ).all():
                incidents.setdefault(incident.service_id, []).append(incident)
            changed: dict[str, int] = {}
            changes: list[Change] = []
            for service in services:
                row, observation = rows.get(service.id), seen.get(service.id)
                if row is None or observation is None:
                    continue
                n = service.confirm_after or self._config.health.confirm_after
                found = incidents.setdefault(service.id, [])
                change = apply_observation(session, row, observation, n, now, found)
                if change is not None:
                    changes.append(change)
            session.flush()  # one flush for the whole round gives every change its id
            for change in changes:
                change.link()
                changed[change.record.service_id] = change.id
            audience = self._announcer.audience(session)
            for row in rows.values():
                if self._announcer.due(row, now):
                    found = incidents.get(row.service_id) or []
                    notices += self._announcer.announce_state(
                        session,
                        row,
                        now,
                        max(found, key=lambda i: rank(i.state)) if found else None,
                        change_id=changed.get(row.service_id),
                        audience=audience,
                    )
        return RoundReport(len(services), len(changed), notices)
