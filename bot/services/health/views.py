"""What the health service hands to handlers, the CLI and the status page (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.enums import ServiceState
from bot.services.health.history import DayCell, Uptime


@dataclass(frozen=True)
class DownQuestion:
    """A customer asked "is it down?": ``/health`` (with this service, if one) answers."""

    service_id: str | None = None


@dataclass(frozen=True)
class ServiceStatus:
    """A service's state now. ``note`` is what engineers (or the config) said about it."""

    service_id: str
    name: str
    state: ServiceState
    note: str
    since: datetime | None = None
    incident_id: int | None = None
    detail: str = ""  # the last check's finding; shown to staff only
    updated: datetime | None = None  # when ``note`` was written (the latest spoken update)
    next_update: datetime | None = None  # when the engineers promised the next one (if still ahead)


@dataclass(frozen=True)
class UpdateView:
    at: datetime
    author: str
    state: ServiceState
    text: str


@dataclass(frozen=True)
class IncidentView:
    id: int
    service_id: str
    service_name: str
    state: ServiceState
    source: str  # manual, config, checks
    title: str
    opened_at: datetime
    resolved_at: datetime | None
    updates: tuple[UpdateView, ...] = ()
    next_update: datetime | None = None  # when the engineers promised the next update

    @property
    def latest(self) -> str:
        """The newest words about it (an update, else the opening text)."""
        texts = [u.text for u in self.updates if u.text]
        return texts[-1] if texts else self.title

    @property
    def duration(self) -> float | None:
        """Seconds from opening to resolution (None while open)."""
        if self.resolved_at is None:
            return None
        return (self.resolved_at - self.opened_at).total_seconds()


@dataclass(frozen=True)
class ServiceDetail:
    status: ServiceStatus
    uptime: Uptime
    incidents: list[IncidentView] = field(default_factory=list)


@dataclass(frozen=True)
class PageRow:
    status: ServiceStatus
    cells: list[DayCell]
    uptime: float | None
    monitored_since: datetime | None = None  # when monitoring began, if within the 30 days


@dataclass(frozen=True)
class StatusPage:
    """The public status page: every public service, open incidents, 30 days."""

    title: str
    generated_at: datetime
    overall: ServiceState
    rows: list[PageRow]
    incidents: list[IncidentView]


@dataclass(frozen=True)
class DigestIncident:
    """An incident as the manager digest lists it."""

    service: str
    state: ServiceState
    duration: float
    customers: list[str]
    since: datetime | None = None  # when it began
    ongoing: bool = False  # not resolved yet
