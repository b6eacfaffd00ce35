"""Digests: build the figures for a period, and deliver scheduled ones exactly once.

Delivery claims (digest name, local day) in the same transaction that puts the
digest in the outbox, so a crash either sends it later or leaves it for the next
attempt — never twice, never lost — with any number of workers.
"""

from __future__ import annotations

import base64
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock, from_db, to_db
from bot.db.models import JobClaim, Ticket
from bot.enums import Platform, Role
from bot.messages import Notice, Reply
from bot.rendering import Renderer
from bot.services.claims import WORKER_ID, JobClaims
from bot.services.digest.chart import render_chart
from bot.services.digest.data import DigestData, TicketRef
from bot.services.digest.figures import FigureQueries
from bot.services.digest.schedule import Occurrence, is_late, latest_due
from bot.services.health.views import DigestIncident
from bot.services.outbox import Outbox
from bot.settings import Config, DigestConfig

log = logging.getLogger(__name__)
CHART_DAYS = 14
FIRST_RUN_GRACE = timedelta(hours=1)
Incidents = Callable[[datetime, datetime, list[str]], list[DigestIncident]]


def local_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of local midnight before ``first`` and after ``last`` (DST-safe)."""
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


class DigestService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        config: Config,
        outbox: Outbox,
        incidents: Incidents | None = None,
    ) -> None:
        self._engine = engine
        self._claims = JobClaims(engine, clock)
        self._clock = clock
        self._config = config
        self._outbox = outbox
        self._tz = ZoneInfo(config.reseller.timezone)
        self.incidents = incidents

    def zone(self, name: str | None = None) -> ZoneInfo:
        return ZoneInfo(name) if name else self._tz

    def yesterday(self, tz: ZoneInfo | None = None) -> date:
        """The previous day in the reseller's (or the digest's) time zone."""
        return self._clock().astimezone(tz or self._tz).date() - timedelta(days=1)

    def build(
        self,
        first_day: date | None = None,
        last_day: date | None = None,
        *,
        customers: list[str] | None = None,
        tz: ZoneInfo | None = None,
        late: bool = False,
    ) -> DigestData:
        """The figures for local days ``first_day``..``last_day`` (default: yesterday)."""
        tz = tz or self._tz
        last_day = last_day or first_day or self.yesterday(tz)
        first_day = first_day or last_day
        start, end = local_bounds(first_day, last_day, tz)
        customers = list(customers or [])
        engineers = [s.id for s in self._config.staff if s.role == Role.ENGINEER]
        with Session(self._engine) as session:
            figures = FigureQueries(session, customers).collect(
                start, end, self._clock(), engineers
            )
        cut = min(end, self._clock())  # a day in progress: incidents so far, not until midnight
        incidents = self.incidents(start, cut, customers) if self.incidents else []
        # Read "now" after the health service has synced the config's incidents: on a
        # fresh database the first digest would otherwise miss the ones it just seeded.
        now = self._clock()
        backlog = figures.backlog
        if self.incidents:
            backlog = replace(backlog, incidents=self.incidents(now, now, customers))
        return DigestData(
            title_start=first_day.isoformat(),
            title_end=last_day.isoformat(),
            timezone=str(tz),
            start=start,
            end=end,
            customers=customers,
            incidents=incidents,
            late=late,
            as_of=now if now < end else None,
            opened=self._named(figures.opened),
            resolved=self._named(figures.resolved),
            still_open=figures.still_open,
            opened_by_severity=figures.opened_by_severity,
            opened_by_category=figures.opened_by_category,
            still_open_by_severity=figures.still_open_by_severity,
            first_response=figures.first_response,
            resolution=figures.resolution,
            breached=self._named(figures.breached),
            at_risk=self._named(figures.at_risk),
            escalations=figures.escalations,
            kb=figures.kb,
            workload=[replace(w, engineer=self._staff_name(w.engineer)) for w in figures.workload],
            backlog=backlog,
        )

    def _staff_name(self, staff_id: str) -> str:
        member = self._config.staff_member(staff_id)
        return member.name if member else staff_id

    def _named(self, refs: list[TicketRef]) -> list[TicketRef]:
        """Tickets with their engineer as people know them ("Alice Engineer", not "alice")."""
        return [replace(r, assignee=r.assignee and self._staff_name(r.assignee)) for r in refs]

    def chart(
        self, last_day: date, customers: list[str] | None = None, tz: ZoneInfo | None = None
    ) -> bytes:
        """PNG of tickets opened and resolved per local day over the last 14 days."""
        tz = tz or self._tz
        first_day = last_day - timedelta(days=CHART_DAYS - 1)
        start, end = local_bounds(first_day, last_day, tz)
        s, e = to_db(start), to_db(end)
        with Session(self._engine) as session:
            created = select(Ticket.created_at).where(Ticket.created_at >= s, Ticket.created_at < e)
            closed = select(Ticket.resolved_at).where(
                col(Ticket.resolved_at) >= s, col(Ticket.resolved_at) < e
            )
            if customers:
                created = created.where(col(Ticket.customer_id).in_(customers))
                closed = closed.where(col(Ticket.customer_id).in_(customers))
            opened = Counter(from_db(c).astimezone(tz).date() for c in session.exec(created))
            resolved = Counter(
                from_db(r).astimezone(tz).date() for r in session.exec(closed) if r is not None
            )
        days = [first_day + timedelta(days=i) for i in range(CHART_DAYS)]
        return render_chart(
            days, [opened[d] for d in days], [resolved[d] for d in days], "Tickets per day"
        )

    # -- scheduled delivery -------------------------------------------------------------

    def run_due(self) -> list[str]:
        """Send every digest whose time has come and that no worker has sent yet.

        A digest missed while the bot was down goes out when it is back, marked late.
        A brand-new digest (never sent before) does not dig up past occurrences
        beyond the first hour: installing the bot at noon sends no 09:00 digest.
        """
        sent = []
        now = self._clock()
        for digest in self._config.digests:
            tz = self.zone(digest.timezone)
            occurrence = latest_due(digest, now, tz)
            if occurrence is None or self._already_sent(digest, occurrence):
                continue
            if now - occurrence.at > FIRST_RUN_GRACE and not self._has_history(digest):
                continue
            if self.deliver(digest, occurrence, now):
                sent.append(f"{digest.name}:{occurrence.period_key}")
        return sent

    def _already_sent(self, digest: DigestConfig, occurrence: Occurrence) -> bool:
        return self._claims.claimed(f"digest:{digest.name}", occurrence.period_key)

    def _has_history(self, digest: DigestConfig) -> bool:
        return self._claims.any_for(f"digest:{digest.name}")

    def deliver(self, digest: DigestConfig, occurrence: Occurrence, now: datetime) -> bool:
        """Claim and enqueue one digest; False when another worker already did."""
        tz = self.zone(digest.timezone)
        data = self.build(
            occurrence.first_day,
            occurrence.last_day,
            customers=digest.customers,
            tz=tz,
            late=is_late(occurrence, now),
        )
        chart = self.chart(occurrence.last_day, digest.customers, tz)
        try:
            with Session(self._engine) as session:
                session.add(
                    JobClaim(
                        job=f"digest:{digest.name}",
                        period=occurrence.period_key,
                        claimed_by=WORKER_ID,
                        claimed_at=to_db(now),
                    )
                )
                session.flush()
                self._enqueue(session, digest, data, chart)
                session.commit()
        except IntegrityError:
            return False
        log.info("digest queued: %s for %s", digest.name, occurrence.period_key)
        return True

    def _enqueue(
        self, session: Session, digest: DigestConfig, data: DigestData, chart: bytes
    ) -> None:
        recipient = digest.recipient
        chart_b64 = base64.b64encode(chart).decode("ascii")
        reply = Reply(
            kind="digest", data={"digest": data, "chart_png": chart_b64}, lang=digest.language
        )
        if recipient.platform == Platform.CONSOLE:
            log.info("console digest %s:\n%s", digest.name, Renderer("console").render(reply))
            return
        # Slack, Telegram or e-mail: rendered with that platform's templates when sent.
        notice = Notice(str(recipient.platform), recipient.id, reply)
        self._outbox.enqueue_notice(notice, session=session)
