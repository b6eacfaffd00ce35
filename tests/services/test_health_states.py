"""Pure rules: worst state, the N-agreeing streak, interval slots, uptime and day cells."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time

from bot.enums import ServiceState as S
from bot.services.health.history import day_cells, uptime, uptimes
from bot.services.health.runner import slot
from bot.services.health.states import Streak, parse_state, worst

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def test_worst_orders_states_and_defaults_to_operational() -> None:
    assert worst([S.DEGRADED, S.MAJOR_OUTAGE, S.MAINTENANCE]) is S.MAJOR_OUTAGE
    assert worst(["maintenance", "operational"]) is S.MAINTENANCE
    assert worst([]) is S.OPERATIONAL
    assert parse_state("Down") is S.MAJOR_OUTAGE and parse_state("partial") is S.PARTIAL_OUTAGE
    assert parse_state("fine") is None


def test_a_state_changes_only_after_n_agreeing_results() -> None:
    streak = Streak(S.OPERATIONAL)
    streak = streak.step(S.MAJOR_OUTAGE, 3)
    streak = streak.step(S.MAJOR_OUTAGE, 3)
    assert streak.confirmed is S.OPERATIONAL and streak.count == 2
    assert streak.step(S.MAJOR_OUTAGE, 3).confirmed is S.MAJOR_OUTAGE


def test_one_slow_answer_or_a_disagreeing_one_restarts_the_count() -> None:
    streak = Streak(S.OPERATIONAL).step(S.DEGRADED, 3)
    assert streak.step(S.OPERATIONAL, 3) == Streak(S.OPERATIONAL)
    mixed = Streak(S.OPERATIONAL).step(S.DEGRADED, 3).step(S.DEGRADED, 3).step(S.MAJOR_OUTAGE, 3)
    assert (mixed.confirmed, mixed.pending, mixed.count) == (S.OPERATIONAL, S.MAJOR_OUTAGE, 1)
    assert Streak(S.OPERATIONAL).step(S.DEGRADED, 1).confirmed is S.DEGRADED


def test_every_worker_computes_the_same_slot_for_an_interval() -> None:
    with freeze_time("2026-11-24 10:00:05"):
        first = slot(datetime.now(UTC).timestamp(), 60)
    with freeze_time("2026-11-24 10:00:59"):
        assert slot(datetime.now(UTC).timestamp(), 60) == first
    with freeze_time("2026-11-24 10:01:00"):
        assert slot(datetime.now(UTC).timestamp(), 60) != first


def test_uptime_counts_outages_as_down_and_degraded_as_up() -> None:
    points = [
        (T0, S.OPERATIONAL),
        (T0 + timedelta(hours=6), S.MAJOR_OUTAGE),
        (T0 + timedelta(hours=12), S.DEGRADED),
        (T0 + timedelta(hours=18), S.OPERATIONAL),
    ]
    assert uptime(points, T0, T0 + timedelta(days=1)) == 0.75
    assert uptime(points, T0 + timedelta(hours=6), T0 + timedelta(hours=12)) == 0.0
    # Time before the first record does not count either way.
    assert uptime(points, T0 - timedelta(days=29), T0 + timedelta(days=1)) == 0.75
    assert uptime(points, T0 - timedelta(days=2), T0 - timedelta(days=1)) is None


def test_uptime_windows_with_a_frozen_clock() -> None:
    points = [
        (T0, S.OPERATIONAL),
        (T0 + timedelta(days=5), S.PARTIAL_OUTAGE),
        (T0 + timedelta(days=5, hours=12), S.OPERATIONAL),
    ]
    with freeze_time(T0 + timedelta(days=10)):
        now = datetime.now(UTC)
        result = uptimes(points, now)
    assert result.day == 1.0
    assert abs(result.week - (1 - 0.5 / 7)) < 1e-9
    assert abs(result.month - (1 - 0.5 / 10)) < 1e-9


def test_day_cells_show_the_worst_state_of_each_day() -> None:
    points = [
        (T0, S.OPERATIONAL),
        (T0 + timedelta(days=1, hours=3), S.MAINTENANCE),
        (T0 + timedelta(days=1, hours=4), S.OPERATIONAL),
    ]
    days = [
        (date(2026, 10, 31), T0 - timedelta(days=1), T0),
        (date(2026, 11, 1), T0, T0 + timedelta(days=1)),
        (date(2026, 11, 2), T0 + timedelta(days=1), T0 + timedelta(days=2)),
    ]
    cells = day_cells(points, days, T0 + timedelta(days=1, hours=12))
    assert [c.state for c in cells] == [None, S.OPERATIONAL, S.MAINTENANCE]
    assert cells[2].uptime == 1.0
