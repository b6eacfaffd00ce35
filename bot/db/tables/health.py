"""Service health: current state, its history, incidents and subscriptions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class ServiceHealth(SQLModel, table=True):
    """A service's current state: what checks confirmed, what was announced, the streak."""

    __tablename__ = "service_health"

    service_id: str = Field(primary_key=True, max_length=64)
    state: str = Field(max_length=30)  # effective: worst of checks and open incidents
    since: datetime
    check_state: str = Field(max_length=30)  # confirmed by N agreeing check rounds
    pending_state: str | None = Field(default=None, max_length=30)
    pending_count: int = 0
    detail: str = ""
    checked_at: datetime | None = None
    announced_state: str = Field(max_length=30)
    announced_at: datetime | None = None
    seed: str = ""  # the config's "status|note" last applied, to notice edits


class ServiceStateChange(SQLModel, table=True):
    """Every change of a service's effective state: the history uptime is computed from."""

    __tablename__ = "service_state_changes"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(index=True, max_length=64)
    at: datetime = Field(index=True)
    old: str | None = Field(default=None, max_length=30)
    new: str = Field(max_length=30)
    source: str = Field(max_length=20)  # checks, incident, config
    detail: str = ""
    incident_id: int | None = None


class ServiceIncident(SQLModel, table=True):
    """An incident: declared by an engineer (or the config), or opened by failing checks."""

    __tablename__ = "service_incidents"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(index=True, max_length=64)
    state: str = Field(max_length=30)
    source: str = Field(max_length=20)  # manual, config, checks
    title: str = ""
    opened_by: str = Field(max_length=200)
    opened_at: datetime = Field(index=True)
    updated_at: datetime
    resolved_at: datetime | None = Field(default=None, index=True)
    # When the engineers promised the next update (customers read it); staff are reminded
    # once when it passes without one (``update_reminded``)
    next_update_at: datetime | None = None
    update_reminded: bool = False


class IncidentUpdate(SQLModel, table=True):
    """One line of an incident's story (the opening text, updates, the resolution)."""

    __tablename__ = "incident_updates"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="service_incidents.id", index=True)
    at: datetime
    author: str = Field(max_length=200)
    state: str = Field(max_length=30)
    text: str = ""


class ServiceSubscription(SQLModel, table=True):
    """A customer's subscription to a service set at run time; overrides the config."""

    __tablename__ = "service_subscriptions"
    __table_args__ = (
        UniqueConstraint("customer_id", "service_id", name="uq_service_subscriptions"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: str = Field(max_length=64)
    service_id: str = Field(max_length=64)
    subscribed: bool
    changed_by: str = Field(max_length=200)
    changed_at: datetime
