"""The injected clock. Everything asks it for the time so freezegun tests stay simple."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def to_db(moment: datetime) -> datetime:
    """Times are stored as aware UTC (sqlmodel's UTCDateTime keeps them so on every database)."""
    return moment.astimezone(UTC)


def from_db(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite hands back UTC without an offset)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
