"""Engineers' side: declare, update and resolve incidents; subscribe customers to services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock, from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import IncidentUpdate, ServiceHealth, ServiceIncident
from bot.enums import ServiceState
from bot.errors import BadInput, NotAllowed, NotFound
from bot.languages import localized_note
from bot.messages import Actor, Reply
from bot.services.health.announcements import Announcer
from bot.services.health.ledger import add_update, open_incident, settle
from bot.services.health.subscriptions import set_subscription
from bot.services.health.views import IncidentView, UpdateView
from bot.settings import Config, ServiceConfig

TEXT_MAX = 2000
# When the next update comes unless the engineer says (``--next 30m``): within the hour
# for a major outage; a lesser state promises nothing unless told to.
NEXT_UPDATE_DEFAULTS = {ServiceState.MAJOR_OUTAGE: timedelta(minutes=60)}


def promise(
    incident: ServiceIncident, now: datetime, state: ServiceState, wait: timedelta | None
) -> None:
    """Set when ``incident``'s next update comes: ``wait`` from now, else the state's
    default (none for most); the engineers are reminded afresh when it passes."""
    wait = wait if wait is not None else NEXT_UPDATE_DEFAULTS.get(state)
    incident.next_update_at = to_db(now + wait) if wait is not None else None
    incident.update_reminded = False


def to_incident_view(
    session: Session, incident: ServiceIncident, config: Config, lang: str | None = None
) -> IncidentView:
    """An incident as shown; with ``lang`` (a customer's), its service's name and its
    texts in that language (:func:`bot.languages.localized_note`)."""

    def text(value: str) -> str:
        if lang is None or not value:
            return value
        return localized_note(value, lang, config.reseller.default_language)

    updates = session.exec(
        select(IncidentUpdate)
        .where(IncidentUpdate.incident_id == incident.id)
        .order_by(col(IncidentUpdate.id))
    ).all()
    service = config.service(incident.service_id)
    return IncidentView(
        id=incident.id or 0,
        service_id=incident.service_id,
        service_name=(service.name_in(lang) if lang else service.name)
        if service
        else incident.service_id,
        state=ServiceState(incident.state),
        source=incident.source,
        title=text(incident.title),
        opened_at=from_db(incident.opened_at),
        resolved_at=from_db(incident.resolved_at) if incident.resolved_at else None,
        next_update=from_db(incident.next_update_at) if incident.next_update_at else None,
        updates=tuple(
            UpdateView(from_db(u.at), u.author, ServiceState(u.state), text(u.text))
            for u in updates
        ),
    )


def parse_incident_id(text: str) -> int:
    cleaned = text.strip().lstrip("#").lower().removeprefix("i-")
    if not cleaned.isdigit():
        raise BadInput("incident number", example="/incident resolve 3")
    return int(cleaned)


class IncidentDesk:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        config: Config,
        announcer: Announcer,
        ensure_rows: Callable[[], None],
    ) -> None:
        self._engine = engine
        self._ensure_rows = ensure_rows  # every service has its state row before a change
        self._clock = clock
        self._config = config
        self._announcer = announcer

    def _service(self, query: str) -> ServiceConfig:
        wanted = query.strip().lower()
        for service in self._config.services:
            if wanted in (service.id, service.name.lower()):
                return service
        raise NotFound(what="service", name=query.strip()[:64])

    def _staff(self, actor: Actor) -> None:
        if not actor.is_staff:
            raise NotAllowed()
        self._ensure_rows()

    def _tell(
        self, session: Session, incident: ServiceIncident, update: IncidentUpdate, changed: bool
    ) -> None:
        """Engineers' words go out at once: as a state change if the state moved, else as
        an update. Either way the hold restarts, so checks do not repeat them."""
        row = session.get(ServiceHealth, incident.service_id)
        if row is not None and changed:
            self._announcer.announce_state(session, row, self._clock(), incident, words=update.text)
        else:
            self._announcer.announce_update(session, incident, update)

    def open(
        self,
        actor: Actor,
        service_query: str,
        state: ServiceState,
        text: str,
        next_update: timedelta | None = None,
    ) -> IncidentView:
        """Declare an incident; the service takes the worst of it and its checks. Its next
        update comes in ``next_update``, else by the state's default (:func:`promise`).

        Raises:
            NotAllowed, NotFound: not staff; no such service.
            BadInput: operational is not an incident state.
        """
        self._staff(actor)
        service = self._service(service_query)
        if state is ServiceState.OPERATIONAL:
            raise BadInput("state", example="/incident open mail degraded Slow delivery")
        now = self._clock()
        with session_scope(self._engine) as session:
            row = session.get(ServiceHealth, service.id, with_for_update=True)
            incident = open_incident(
                session, service.id, state, "manual", actor.user_id, text[:TEXT_MAX], now
            )
            promise(incident, now, state, next_update)
            update = session.exec(
                select(IncidentUpdate).where(IncidentUpdate.incident_id == incident.id)
            ).one()
            change = settle(session, row, now, "incident", text, incident) if row else None
            self._tell(session, incident, update, change is not None)
            return to_incident_view(session, incident, self._config)

    def _load(self, session: Session, number: str) -> tuple[ServiceIncident, ServiceHealth | None]:
        """The open incident and its service's row, locked in that row-first order a round
        uses too; re-read after the lock so two engineers cannot both resolve it."""
        incident = session.get(ServiceIncident, parse_incident_id(number))
        row = None
        if incident is not None:
            row = session.get(ServiceHealth, incident.service_id, with_for_update=True)
            session.refresh(incident)
        if incident is None or incident.resolved_at is not None:
            raise NotFound(what="open incident", name=number.strip()[:20])
        return incident, row

    def update(
        self,
        actor: Actor,
        number: str,
        text: str,
        state: ServiceState | None = None,
        next_update: timedelta | None = None,
    ) -> IncidentView:
        """Add words (and optionally a new state) to an open incident; tell everyone. The
        next update is promised afresh (``next_update``, else the state's default)."""
        self._staff(actor)
        now = self._clock()
        with session_scope(self._engine) as session:
            incident, row = self._load(session, number)
            if state is not None and state is not ServiceState.OPERATIONAL:
                incident.state = str(state)
            promise(incident, now, ServiceState(incident.state), next_update)
            update = add_update(session, incident, now, actor.user_id, text[:TEXT_MAX])
            change = settle(session, row, now, "incident", text, incident) if row else None
            self._tell(session, incident, update, change is not None)
            return to_incident_view(session, incident, self._config)

    def resolve(self, actor: Actor, number: str, text: str = "") -> IncidentView:
        """Close an incident; the service falls back to what its checks say."""
        self._staff(actor)
        now = self._clock()
        with session_scope(self._engine) as session:
            incident, row = self._load(session, number)
            incident.resolved_at = to_db(now)
            incident.next_update_at = None  # nothing more to promise
            update = add_update(session, incident, now, actor.user_id, text[:TEXT_MAX])
            change = settle(session, row, now, "incident", text, incident) if row else None
            self._tell(session, incident, update, change is not None)
            return to_incident_view(session, incident, self._config)

    def remind_overdue(self) -> int:
        """Remind the engineers of each open incident whose promised update time passed
        without one (the scheduler asks every minute); once per promise, across workers:
        the row is claimed by a conditional update. Returns how many were reminded."""
        now = self._clock()
        reminded = 0
        with session_scope(self._engine) as session:
            due = session.exec(
                select(ServiceIncident).where(
                    col(ServiceIncident.resolved_at).is_(None),
                    col(ServiceIncident.next_update_at) <= to_db(now),
                    col(ServiceIncident.update_reminded).is_(False),
                )
            ).all()
            for incident in due:
                claimed = session.exec(
                    update(ServiceIncident)
                    .where(
                        col(ServiceIncident.id) == incident.id,
                        col(ServiceIncident.update_reminded).is_(False),
                    )
                    .values(update_reminded=True)
                )
                if claimed.rowcount != 1:  # another worker's
                    continue
                view = to_incident_view(session, incident, self._config)
                reply = Reply(kind="notice_incident_update_due", data={"incident": view})
                self._announcer.remind(session, incident, reply)
                reminded += 1
        return reminded

    def subscribe(
        self, actor: Actor, customer_id: str, service_query: str, on: bool
    ) -> tuple[str, str]:
        """Subscribe (or unsubscribe) a customer to a service; returns (customer, service).

        Raises:
            NotAllowed, NotFound: not staff; no such customer or service.
        """
        self._staff(actor)
        customer = self._config.customer(customer_id.strip().lower())
        if customer is None:
            raise NotFound(what="customer", name=customer_id.strip()[:64])
        service = self._service(service_query)
        with session_scope(self._engine) as session:
            set_subscription(session, customer.id, service.id, on, actor.user_id, self._clock())
        return customer.name, service.name
