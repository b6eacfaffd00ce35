"""Working-time arithmetic across nights, weekends, holidays, time zones and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.sla_calendar import Calendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
BERLIN = ZoneInfo("Europe/Berlin")


def office(tz: str = "Europe/Berlin", holidays: set[date] | None = None) -> Calendar:
    return Calendar(tz, {d: (time(9), time(17)) for d in WEEKDAYS}, holidays or set())


def local(text: str, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def test_24x7_is_plain_arithmetic() -> None:
    start = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    assert Calendar().add(start, timedelta(hours=2)) == start + timedelta(hours=2)


def test_friday_afternoon_rolls_over_the_weekend() -> None:
    due = office().add(local("2026-11-27 16:00"), timedelta(hours=2))
    assert due.astimezone(BERLIN) == local("2026-11-30 10:00")


def test_ticket_opened_at_night_starts_counting_at_opening_time() -> None:
    due = office().add(local("2026-11-24 03:00"), timedelta(hours=2))
    assert due.astimezone(BERLIN) == local("2026-11-24 11:00")


def test_holiday_is_skipped() -> None:
    cal = office(holidays={date(2026, 12, 24), date(2026, 12, 25)})
    due = cal.add(local("2026-12-23 16:00"), timedelta(hours=4))
    # 1 h on the 23rd, the 24th and 25th are holidays, 26th/27th weekend: Mon 28th 12:00.
    assert due.astimezone(BERLIN) == local("2026-12-28 12:00")


def test_dst_spring_forward_keeps_local_opening_hours() -> None:
    # Berlin moves to summer time on 2026-03-29 (Sunday). Friday 16:00 CET + 2 h of work
    # ends Monday 10:00 CEST, which is 08:00 UTC (not 09:00 as in winter).
    due = office().add(local("2026-03-27 16:00"), timedelta(hours=2))
    assert due == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_dst_autumn_night_on_24x7_counts_real_hours() -> None:
    start = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, clocks go back at 01:00 UTC
    due = Calendar("Europe/Berlin").add(start, timedelta(hours=2))
    assert due - start == timedelta(hours=2)


def test_between_measures_only_working_time() -> None:
    cal = office()
    assert cal.between(local("2026-11-27 16:00"), local("2026-11-30 10:00")) == timedelta(hours=2)
    assert cal.between(local("2026-11-30 10:00"), local("2026-11-27 16:00")) == timedelta(0)


def test_time_zone_on_the_other_side_of_the_date_line() -> None:
    cal = office("Pacific/Auckland")
    auckland = ZoneInfo("Pacific/Auckland")
    # Monday 08:00 in Auckland is Sunday 19:00 UTC: counting starts at 09:00 local.
    start = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)
    assert cal.add(start, timedelta(hours=1)).astimezone(auckland) == local(
        "2026-11-23 10:00", auckland
    )
