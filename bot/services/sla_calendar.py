"""Business-hours arithmetic for SLA clocks: add working time, measure working time.

A 24×7 calendar is plain arithmetic. A business calendar walks local days in its
time zone, so DST changes and holidays fall out of zoneinfo, not special cases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.settings import WEEKDAYS, CalendarConfig

MAX_DAYS = 3660  # ten years: a guard against a calendar with no working hours


class Calendar:
    """Working time. ``hours`` maps weekday → (start, end); empty means 24×7."""

    def __init__(
        self,
        timezone: str = "UTC",
        hours: dict[str, tuple[time, time]] | None = None,
        holidays: set[date] | None = None,
    ) -> None:
        self.tz = ZoneInfo(timezone)
        self.hours = hours or {}
        self.holidays = holidays or set()
        self.always_open = not self.hours

    @classmethod
    def from_config(cls, config: CalendarConfig) -> Calendar:
        hours: dict[str, tuple[time, time]] = {}
        for day, span in config.hours.items():
            start, end = span.strip().split("-")
            hours[day] = (_parse_time(start), _parse_time(end))
        return cls(config.timezone, hours, set(config.holidays))

    def _windows(self, day: date) -> tuple[datetime, datetime] | None:
        """The UTC start and end of the working window on local ``day``, if any."""
        if day in self.holidays:
            return None
        span = self.hours.get(WEEKDAYS[day.weekday()])
        if span is None:
            return None
        start = datetime.combine(day, span[0], tzinfo=self.tz)
        if span[1] == time(0, 0):  # "24:00" parsed as midnight of the next day
            end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=self.tz)
        else:
            end = datetime.combine(day, span[1], tzinfo=self.tz)
        return start.astimezone(UTC), end.astimezone(UTC)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when ``duration`` of working time has passed since ``start``."""
        if self.always_open:
            return start + duration
        remaining = duration
        day = start.astimezone(self.tz).date()
        for _ in range(MAX_DAYS):
            window = self._windows(day)
            if window is not None:
                begin = max(window[0], start)
                if begin < window[1]:
                    available = window[1] - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += timedelta(days=1)
        raise ValueError("the calendar has no working hours")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time between two moments (zero when ``end`` is not after ``start``)."""
        if end <= start:
            return timedelta(0)
        if self.always_open:
            return end - start
        total = timedelta(0)
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            window = self._windows(day)
            if window is not None:
                begin, finish = max(window[0], start), min(window[1], end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total


def _parse_time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    return time(0, 0) if hour == 24 else time(hour, minute)


ALWAYS = Calendar()
