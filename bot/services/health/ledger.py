"""The database side of states: one row per service, every change, incidents from checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.models import IncidentUpdate, ServiceHealth, ServiceIncident, ServiceStateChange
from bot.enums import ServiceState
from bot.services.health.checks import Observation
from bot.services.health.states import Streak, worst
from bot.settings import ServiceConfig

SYSTEM = "supportbot"
OPERATIONAL = str(ServiceState.OPERATIONAL)


@dataclass(frozen=True)
class Change:
    """A change of a service's effective state, as stored (its id keys its announcement).

    A round records many changes and flushes once; :meth:`link` then fills in the id
    of an incident that was new in the same flush.
    """

    record: ServiceStateChange
    incident: ServiceIncident | None

    @property
    def id(self) -> int:
        return self.record.id or 0

    def link(self) -> None:
        if self.incident is not None and self.record.incident_id is None:
            self.record.incident_id = self.incident.id


def open_incidents(session: Session, service_id: str) -> list[ServiceIncident]:
    return list(
        session.exec(
            select(ServiceIncident)
            .where(
                ServiceIncident.service_id == service_id,
                col(ServiceIncident.resolved_at).is_(None),
            )
            .order_by(col(ServiceIncident.id))
        ).all()
    )


def add_update(
    session: Session,
    incident: ServiceIncident,
    at: datetime,
    author: str,
    text: str,
    *,
    flush: bool = True,
) -> IncidentUpdate:
    incident.updated_at = to_db(at)
    session.add(incident)
    update = IncidentUpdate(
        incident_id=incident.id or 0, at=to_db(at), author=author, state=incident.state, text=text
    )
    session.add(update)
    if flush:  # callers that announce the update need its id
        session.flush()
    return update


def open_incident(
    session: Session,
    service_id: str,
    state: ServiceState,
    source: str,
    by: str,
    text: str,
    at: datetime,
    *,
    flush: bool = True,
) -> ServiceIncident:
    """A new incident; with ``flush`` (engineers' incidents) its opening words are an update."""
    incident = ServiceIncident(
        service_id=service_id,
        state=str(state),
        source=source,
        title=text,
        opened_by=by,
        opened_at=to_db(at),
        updated_at=to_db(at),
    )
    session.add(incident)
    if flush:
        session.flush()
        add_update(session, incident, at, by, text)
    return incident


def settle(
    session: Session,
    row: ServiceHealth,
    at: datetime,
    source: str,
    detail: str = "",
    incident: ServiceIncident | None = None,
    incidents: list[ServiceIncident] | None = None,
    *,
    flush: bool = True,
) -> Change | None:
    """Recompute the effective state (worst of checks and open incidents); record a change.

    ``incidents`` are the service's open incidents when the caller has them already.
    """
    if incidents is None:
        incidents = open_incidents(session, row.service_id)
    effective = worst([row.check_state, *(i.state for i in incidents)])
    if effective == row.state:
        return None
    old = ServiceState(row.state)
    row.state = str(effective)
    row.since = to_db(at)
    session.add(row)
    record = ServiceStateChange(
        service_id=row.service_id,
        at=to_db(at),
        old=str(old),
        new=str(effective),
        source=source,
        detail=detail[:500],
        incident_id=incident.id if incident else None,
    )
    session.add(record)
    if flush:
        session.flush()
    return Change(record, incident)


def seed_of(service: ServiceConfig) -> str:
    return f"{service.status}|{service.note}"


def apply_seed(session: Session, row: ServiceHealth, service: ServiceConfig, at: datetime) -> None:
    """Make the config's ``status``/``note`` an incident (declared by the config)."""
    for incident in open_incidents(session, service.id):
        if incident.source == "config":
            incident.resolved_at = to_db(at)
            add_update(session, incident, at, SYSTEM, "")
    if service.status.is_trouble:
        open_incident(session, service.id, service.status, "config", SYSTEM, service.note, at)
    row.seed = seed_of(service)
    session.add(row)


def create_row(session: Session, service: ServiceConfig, at: datetime) -> ServiceHealth:
    """A service seen for the first time: its seed state, recorded but not announced."""
    row = ServiceHealth(
        service_id=service.id,
        state=OPERATIONAL,
        since=to_db(at),
        check_state=OPERATIONAL,
        announced_state=OPERATIONAL,
    )
    session.add(row)
    apply_seed(session, row, service, at)
    row.state = str(worst([OPERATIONAL, *(i.state for i in open_incidents(session, service.id))]))
    row.announced_state = row.state
    session.add(
        ServiceStateChange(
            service_id=service.id,
            at=to_db(at),
            old=None,
            new=row.state,
            source="config",
        )
    )
    return row


def apply_observation(
    session: Session,
    row: ServiceHealth,
    seen: Observation,
    n: int,
    at: datetime,
    incidents: list[ServiceIncident] | None = None,
) -> Change | None:
    """One round's observation: advance the streak; on confirmation, update the
    checks' own incident and the effective state."""
    current = ServiceState(row.check_state)
    pending = ServiceState(row.pending_state) if row.pending_state else None
    streak = Streak(current, pending, row.pending_count).step(seen.state, n)
    new_pending = str(streak.pending) if streak.pending else None
    if (new_pending, streak.count) != (row.pending_state, row.pending_count):
        row.pending_state, row.pending_count = new_pending, streak.count
        session.add(row)
    if streak.confirmed == current:
        return None
    row.check_state = str(streak.confirmed)
    row.detail = seen.detail[:500]
    row.checked_at = to_db(at)
    if incidents is None:
        incidents = open_incidents(session, row.service_id)
    auto = next((i for i in incidents if i.source == "checks"), None)
    if streak.confirmed is ServiceState.OPERATIONAL:
        if auto is not None:
            auto.resolved_at = to_db(at)
            auto.state = OPERATIONAL
            add_update(session, auto, at, SYSTEM, seen.detail, flush=False)
            incidents.remove(auto)
    elif auto is None:
        auto = open_incident(
            session,
            row.service_id,
            streak.confirmed,
            "checks",
            SYSTEM,
            seen.detail,
            at,
            flush=False,
        )
        incidents.append(auto)
    else:
        auto.state = str(streak.confirmed)
        add_update(session, auto, at, SYSTEM, seen.detail, flush=False)
    return settle(session, row, at, "checks", seen.detail, auto, incidents, flush=False)
