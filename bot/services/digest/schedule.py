"""When digests are due and which local days each one covers.

A digest scheduled for local day D covers the days since the previous scheduled
day: Monday's digest of a Monday–Friday schedule covers Friday to Sunday, so a
weekend off loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.settings import WEEKDAYS, DigestConfig

LATE_AFTER = timedelta(minutes=15)
LOOKBACK_DAYS = 8


@dataclass(frozen=True)
class Occurrence:
    """One scheduled sending: the local day, the instant, and the days it covers."""

    day: date
    at: datetime
    first_day: date
    last_day: date

    @property
    def period_key(self) -> str:
        return self.day.isoformat()


def _scheduled(config: DigestConfig, day: date) -> bool:
    return WEEKDAYS[day.weekday()] in config.weekdays


def _instant(config: DigestConfig, day: date, tz: ZoneInfo) -> datetime:
    hour, minute = (int(x) for x in config.time.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def previous_scheduled_day(config: DigestConfig, day: date) -> date:
    for back in range(1, LOOKBACK_DAYS):
        candidate = day - timedelta(days=back)
        if _scheduled(config, candidate):
            return candidate
    return day - timedelta(days=1)


def occurrence_on(config: DigestConfig, day: date, tz: ZoneInfo) -> Occurrence:
    """The digest that day D would send (covering from the previous scheduled day)."""
    return Occurrence(
        day=day,
        at=_instant(config, day, tz),
        first_day=previous_scheduled_day(config, day),
        last_day=day - timedelta(days=1),
    )


def latest_due(config: DigestConfig, now: datetime, tz: ZoneInfo) -> Occurrence | None:
    """The most recent scheduled sending at or before ``now`` (within a week), if any."""
    today = now.astimezone(tz).date()
    for back in range(LOOKBACK_DAYS):
        day = today - timedelta(days=back)
        if _scheduled(config, day) and _instant(config, day, tz) <= now:
            return occurrence_on(config, day, tz)
    return None


def is_late(occurrence: Occurrence, now: datetime) -> bool:
    return now - occurrence.at > LATE_AFTER
