"""Uptime and day cells from the stored state changes (pure math plus one query).

Uptime is the share of a window not spent in partial or major outage; degraded
and maintenance count as up. Time before a service's first record (when
monitoring began) is not counted, and the result says when that was, so a service
watched for an hour is not shown as "100% over 30 days".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.clock import from_db
from bot.db.models import ServiceStateChange
from bot.enums import ServiceState
from bot.services.health.states import DOWN_STATES, worst

Point = tuple[datetime, ServiceState]
WINDOWS = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}


def _spans(
    points: Sequence[Point], start: datetime, end: datetime
) -> Iterable[tuple[datetime, datetime, ServiceState]]:
    """(from, to, state) spans of the known history inside [start, end)."""
    for index, (at, state) in enumerate(points):
        until = points[index + 1][0] if index + 1 < len(points) else end
        lo, hi = max(at, start), min(until, end)
        if hi > lo:
            yield lo, hi, state


def uptime(points: Sequence[Point], start: datetime, end: datetime) -> float | None:
    """Share of [start, end) up, from (time, state) points sorted by time; None if unknown."""
    known = down = 0.0
    for lo, hi, state in _spans(points, start, end):
        seconds = (hi - lo).total_seconds()
        known += seconds
        if state in DOWN_STATES:
            down += seconds
    return None if known == 0 else 1.0 - down / known


def worst_in(points: Sequence[Point], start: datetime, end: datetime) -> ServiceState | None:
    states = [state for _, _, state in _spans(points, start, end)]
    return worst(states) if states else None


@dataclass(frozen=True)
class Uptime:
    """Shares up over 24 h, 7 d and 30 d; ``since`` is when monitoring began, when that
    was inside the 30 days (the windows reaching further back count only from then).

    ``covered`` names the windows the records cover from start to end: only those are
    shown as "24 h 99.9%". The rest would repeat the share since monitoring began under
    a longer window's name (minutes of checks read as "30 d 100%"), so that share is
    shown once, as "since 14:05: 100%" (``since_share``)."""

    day: float | None
    week: float | None
    month: float | None
    since: datetime | None = None
    covered: tuple[str, ...] = ("day", "week", "month")

    @property
    def since_share(self) -> float | None:
        """The share up since monitoring began (None: it began before the 30 days)."""
        return self.month if self.since is not None else None

    @property
    def known(self) -> bool:
        """Is there any record to count from ("not enough data yet" otherwise)?"""
        return self.month is not None


def monitored_since(points: Sequence[Point], start: datetime) -> datetime | None:
    """When monitoring began, if after ``start``; ``points`` as :func:`load_points` gives
    them from ``start`` (the state at ``start`` first, when there was a record before)."""
    if points and points[0][0] > start:
        return points[0][0]
    return None


def uptimes(points: Sequence[Point], now: datetime) -> Uptime:
    def share(window: str) -> float | None:
        return uptime(points, now - WINDOWS[window], now)

    since = monitored_since(points, now - WINDOWS["month"])
    covered = tuple(w for w, span in WINDOWS.items() if since is None or since <= now - span)
    return Uptime(share("day"), share("week"), share("month"), since=since, covered=covered)


@dataclass(frozen=True)
class DayCell:
    day: date
    state: ServiceState | None  # worst state that day; None: no history yet
    uptime: float | None


def day_cells(
    points: Sequence[Point], days: Sequence[tuple[date, datetime, datetime]], now: datetime
) -> list[DayCell]:
    """One cell per (day, start, end); the current day ends now."""
    return [
        DayCell(day, worst_in(points, start, min(end, now)), uptime(points, start, min(end, now)))
        for day, start, end in days
    ]


def load_points(session: Session, service_ids: Sequence[str], since: datetime) -> dict[str, list]:
    """Each service's changes from ``since`` on, plus the last one before it (the state then)."""
    before = (
        select(func.max(ServiceStateChange.id))
        .where(
            col(ServiceStateChange.service_id).in_(service_ids),
            col(ServiceStateChange.at) < since,
        )
        .group_by(col(ServiceStateChange.service_id))
    )
    rows = session.exec(
        select(ServiceStateChange)
        .where(
            col(ServiceStateChange.service_id).in_(service_ids),
            (col(ServiceStateChange.at) >= since) | col(ServiceStateChange.id).in_(before),
        )
        .order_by(col(ServiceStateChange.at), col(ServiceStateChange.id))
    ).all()
    points: dict[str, list] = {s: [] for s in service_ids}
    for row in rows:
        points[row.service_id].append((from_db(row.at), ServiceState(row.new)))
    return points
