"""The health service handlers use: states, incidents, uptime, the public page."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock, from_db
from bot.db.engine import session_scope
from bot.db.models import ServiceHealth, ServiceIncident, core_table
from bot.enums import Role, ServiceState
from bot.messages import Actor
from bot.services.claims import JobClaims
from bot.services.health.announcements import Announcer
from bot.services.health.history import (
    day_cells,
    load_points,
    monitored_since,
    uptime,
    uptimes,
)
from bot.services.health.incidents import IncidentDesk, to_incident_view
from bot.services.health.ledger import apply_seed, create_row, seed_of, settle
from bot.services.health.mentions import asks_if_down, named_in, named_service, readings
from bot.services.health.reading import all_names, reader, service_status
from bot.services.health.runner import CheckRunner, RoundReport
from bot.services.health.states import worst
from bot.services.health.subscriptions import services_of, subscribers
from bot.services.health.views import (
    DigestIncident,
    DownQuestion,
    IncidentView,
    PageRow,
    ServiceDetail,
    ServiceStatus,
    StatusPage,
)
from bot.services.outbox import Outbox
from bot.settings import Config, ServiceConfig

RECENT_INCIDENTS = 5
PAGE_DAYS = 30


_HEALTH = core_table(ServiceHealth)
_STATES = sa_select(_HEALTH.c.service_id, _HEALTH.c.state).where(
    _HEALTH.c.service_id.in_(bindparam("p_ids", expanding=True))
)


class HealthService:
    """Answers "is X working?" for the services an actor may see, and runs the checks.

    A customer sees only the services it subscribes to; staff see the catalog.
    """

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        config: Config,
        outbox: Outbox,
        claims: JobClaims,
        says: Callable[[str, set[str]], bool] | None = None,
    ) -> None:
        """``says``: ``kb_aliases.says_any`` over the KB's synonyms (a nickname names a service)."""
        self._says = says
        self._engine = engine
        self._clock = clock
        self._config = config
        self._synced = False
        self._lock = threading.Lock()
        self.announcer = Announcer(config, outbox, config.health.announce_hold)
        self.desk = IncidentDesk(engine, clock, config, self.announcer, self.sync)
        self._runner = CheckRunner(engine, clock, config, claims, self.announcer)

    # -- catalog ---------------------------------------------------------------------------
    def sync(self) -> None:
        """Give every configured service a row; apply edits of a config ``status``/``note``."""
        with self._lock:
            if self._synced:
                return
            try:
                self._sync_once()
            except IntegrityError:  # another worker created the rows at the same moment
                self._sync_once()
            self._synced = True

    def _sync_once(self) -> None:
        now = self._clock()
        with session_scope(self._engine) as session:
            locked = select(ServiceHealth).order_by(col(ServiceHealth.service_id)).with_for_update()
            rows = {r.service_id: r for r in session.exec(locked).all()}
            for service in self._config.services:
                row = rows.get(service.id)
                if row is None:
                    create_row(session, service, now)
                elif row.seed != seed_of(service):
                    apply_seed(session, row, service, now)
                    settle(session, row, now, "config", service.note)
                    if row.state != row.announced_state:  # an operator's edit: told at once
                        self.announcer.announce_state(session, row, now)

    def run_checks(self, *, force: bool = False) -> RoundReport | None:
        """The scheduled job: this interval's round, once across workers."""
        self.sync()
        return self._runner.run(force=force)

    # -- reads -----------------------------------------------------------------------------
    def _visible(self, session: Session, actor: Actor) -> list[ServiceConfig]:
        if actor.is_staff:
            return list(self._config.services)
        chosen = services_of(session, self._config, actor.customer_id or "")
        return [s for s in self._config.services if s.id in chosen]

    def _status(
        self, session: Session, service: ServiceConfig, staff: bool, lang: str | None = None
    ) -> ServiceStatus:
        return service_status(session, service, self._config, staff, lang, self._clock())

    def statuses(self, actor: Actor) -> list[ServiceStatus]:
        self.sync()
        with session_scope(self._engine) as session:
            return [
                self._status(session, s, actor.is_staff, reader(actor))
                for s in self._visible(session, actor)
            ]

    def _find(self, session: Session, actor: Actor, query: str) -> ServiceConfig:
        wanted = query.strip().lower()
        for service in self._visible(session, actor):
            if wanted in (service.id.lower(), *(n.lower() for n in all_names(service))):
                return service
        return named_service(self._visible(session, actor), query, self._config.reseller.name)

    def status(self, actor: Actor, query: str) -> ServiceStatus:
        """One service by id or name (case-insensitive).

        Raises:
            NotFound: no such service among those the actor may see.
        """
        self.sync()
        with session_scope(self._engine) as session:
            service = self._find(session, actor, query)
            return self._status(session, service, actor.is_staff, reader(actor))

    def detail(self, actor: Actor, query: str) -> ServiceDetail:
        """State, since when, recent incidents and uptime over 24 h / 7 d / 30 d."""
        self.sync()
        now = self._clock()
        with session_scope(self._engine) as session:
            service = self._find(session, actor, query)
            points = load_points(session, [service.id], now - timedelta(days=PAGE_DAYS))
            recent = session.exec(
                select(ServiceIncident)
                .where(
                    ServiceIncident.service_id == service.id,
                    (col(ServiceIncident.resolved_at).is_(None))
                    | (col(ServiceIncident.resolved_at) >= now - timedelta(days=PAGE_DAYS)),
                )
                .order_by(col(ServiceIncident.id).desc())
                .limit(RECENT_INCIDENTS)
            ).all()
            lang = reader(actor)
            return ServiceDetail(
                self._status(session, service, actor.is_staff, lang),
                uptimes(points[service.id], now),
                [to_incident_view(session, i, self._config, lang) for i in recent],
            )

    def troubles_mentioned(self, actor: Actor, text: str) -> list[ServiceStatus]:
        """Services in trouble that ``text`` talks about (by id, name or keyword)."""
        # Most questions name no service: decide that from the config, without the database.
        named = set(self.names_in(text))
        if not named:
            return []
        self.sync()
        # Usually the named services are fine: one small read says so before anything else.
        with self._engine.connect() as conn:
            rows = conn.execute(_STATES, {"p_ids": sorted(named)}).all()
        named &= {row.service_id for row in rows if ServiceState(row.state).is_trouble}
        if not named:
            return []
        with session_scope(self._engine) as session:
            statuses = [
                self._status(session, service, actor.is_staff, reader(actor))
                for service in self._visible(session, actor)
                if service.id in named
            ]
        return [status for status in statuses if status.state.is_trouble]

    def asked_if_down(self, actor: Actor, text: str) -> DownQuestion | None:
        """ "Is Outlook down?" (Cyrillic, Latin or mistyped): the one service it names."""
        if not asks_if_down(text):
            return None
        with session_scope(self._engine) as session:
            visible = self._visible(session, actor)
            named = next((n for r in readings(text) if (n := self.names_in(r, visible))), [])
        return DownQuestion(named[0] if len(named) == 1 else None)

    def names_in(self, text: str, services: list[ServiceConfig] | None = None) -> list[str]:
        """The ids of ``services`` (the catalog) ``text`` names (id, name, keyword, nickname)."""
        chosen = self._config.services if services is None else services
        return named_in(list(chosen), text, self._config.reseller.name, self._says)

    def incident_for(self, customer_id: str, service_id: str | None, text: str) -> int | None:
        """The open incident a new ticket is about: its service's, or one its text names."""
        actor = Actor(role=Role.CUSTOMER, user_id="", customer_id=customer_id)
        for status in self.statuses(actor):
            if status.incident_id and status.service_id == service_id:
                return status.incident_id
        found = self.troubles_mentioned(actor, text)
        return next((s.incident_id for s in found if s.incident_id), None)

    def open_incidents(self) -> list[IncidentView]:
        self.sync()
        with session_scope(self._engine) as session:
            rows = session.exec(
                select(ServiceIncident)
                .where(col(ServiceIncident.resolved_at).is_(None))
                .order_by(col(ServiceIncident.id))
            ).all()
            return [to_incident_view(session, i, self._config) for i in rows]

    # -- public page and digest ------------------------------------------------------------
    def page(self) -> StatusPage:
        """Every public service with 30 day cells (UTC days), and open public incidents."""
        self.sync()
        now = self._clock().astimezone(UTC)
        today = now.date()
        days = [
            (
                day,
                datetime(day.year, day.month, day.day, tzinfo=UTC),
                datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1),
            )
            for day in (today - timedelta(days=n) for n in range(PAGE_DAYS - 1, -1, -1))
        ]
        public = [s for s in self._config.services if s.public]
        with session_scope(self._engine) as session:
            points = load_points(session, [s.id for s in public], days[0][1])
            rows = [
                PageRow(
                    self._status(session, s, staff=False),
                    day_cells(points[s.id], days, now),
                    uptime(points[s.id], days[0][1], now),
                    monitored_since(points[s.id], days[0][1]),
                )
                for s in public
            ]
        ids = {s.id for s in public}
        incidents = [i for i in self.open_incidents() if i.service_id in ids]
        title = self._config.health.status_page_title or self._config.reseller.name
        overall = worst(r.status.state for r in rows)
        return StatusPage(title, now, overall, rows, incidents)

    def digest_incidents(
        self, start: datetime, end: datetime, customers: list[str]
    ) -> list[DigestIncident]:
        """Incidents that overlapped [start, end), with the customers following the service.

        ``start == end`` asks for the incidents open at that moment (the digest's backlog).
        """
        self.sync()
        with session_scope(self._engine) as session:
            found = session.exec(
                select(ServiceIncident).where(
                    ServiceIncident.opened_at <= end
                    if start == end
                    else ServiceIncident.opened_at < end,
                    col(ServiceIncident.resolved_at).is_(None)
                    | (col(ServiceIncident.resolved_at) >= start),
                )
            ).all()
            result = []
            for incident in found:
                names = [c.id for c in subscribers(session, self._config, incident.service_id)]
                if customers and not set(customers) & set(names):
                    continue
                opened = from_db(incident.opened_at)
                closed = from_db(incident.resolved_at) if incident.resolved_at else end
                service = self._config.service(incident.service_id)
                result.append(
                    DigestIncident(
                        service.name if service else incident.service_id,
                        ServiceState(incident.state),
                        (min(closed, end) - max(opened, start)).total_seconds(),
                        names if not customers else [n for n in names if n in customers],
                        since=opened,
                        ongoing=incident.resolved_at is None,
                    )
                )
            return result
