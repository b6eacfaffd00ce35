"""SLA warnings and breaches: on time, once, late after downtime, paused while waiting."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from freezegun import freeze_time

from bot.app import build_dispatcher
from bot.dispatcher import Dispatcher
from tests.conftest import Say

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}


def _scan(dispatcher: Dispatcher, at: str):  # type: ignore[no-untyped-def]
    with freeze_time(at):
        return dispatcher.services.sla_scanner.scan()


def _sla(outbox) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (n["channel"], n["data"]["clock"], n["data"]["stage"], n["data"]["ticket"]["number"])
        for n in outbox("notice_sla")
    ]


def test_warning_at_75_percent_then_breach_each_once(say: Say, dispatcher, outbox) -> None:
    with freeze_time("2026-11-24 10:00:00"):
        say("/ticket new Backups fail")  # severity C: first response 8 h on the 24x7 policy
    assert _scan(dispatcher, "2026-11-24 15:59:59").warnings == 0
    assert _scan(dispatcher, "2026-11-24 16:00:00").warnings == 1
    assert _scan(dispatcher, "2026-11-24 16:30:00").warnings == 0
    result = _scan(dispatcher, "2026-11-24 18:00:00")
    assert (result.warnings, result.breaches) == (0, 1)
    assert _sla(outbox) == [
        ("C_ENG", "first_response", "warning", "T-1001"),
        ("C_ENG", "first_response", "breach", "T-1001"),
    ]


def test_missed_warning_is_sent_late_once_after_downtime(say: Say, dispatcher, outbox) -> None:
    with freeze_time("2026-11-24 10:00:00"):
        say("/ticket new Backups fail")
    result = _scan(dispatcher, "2026-11-25 09:00:00")  # the bot was down all night
    assert (result.warnings, result.breaches) == (1, 1)
    warning = outbox("notice_sla")[0]
    assert warning["data"]["stage"] == "warning" and warning["data"]["late"] is True
    assert _scan(dispatcher, "2026-11-25 09:01:00") == type(result)(0, 0)


def test_first_response_stops_the_first_response_clock(say: Say, dispatcher, outbox) -> None:
    with freeze_time("2026-11-24 10:00:00"):
        number = say("/ticket new Backups fail").data["ticket"].number
    with freeze_time("2026-11-24 11:00:00"):
        say(f"/reply {number} Looking", **ENGINEER)
    _scan(dispatcher, "2026-11-24 19:00:00")
    assert _sla(outbox) == []


def test_severity_a_breach_also_goes_to_managers_and_assignee(say: Say, dispatcher, outbox):
    with freeze_time("2026-11-24 10:00:00"):
        number = say("/ticket new Everything is down").data["ticket"].number
        say(f"/severity {number} A", **ENGINEER)
        say(f"/take {number}", **ENGINEER)
    _scan(dispatcher, "2026-11-24 12:00:00")
    breach = [c for c, _clock, stage, _n in _sla(outbox) if stage == "breach"]
    assert sorted(breach) == ["C_ENG", "C_MGMT", "U_ALICE"]


def test_waiting_on_customer_pauses_the_clock(say: Say, dispatcher, outbox) -> None:
    with freeze_time("2026-11-24 10:00:00"):
        number = say("/ticket new Backups fail").data["ticket"].number
    with freeze_time("2026-11-24 11:00:00"):
        say(f"/status {number} waiting", **ENGINEER)
    assert _scan(dispatcher, "2026-11-24 13:00:00").warnings == 0  # paused: nothing is due
    with freeze_time("2026-11-24 14:00:00"):
        say(f"/status {number} open", **ENGINEER)  # paused 3 h
    assert _scan(dispatcher, "2026-11-24 18:30:00").breaches == 0
    due = say(f"/ticket {number}", **ENGINEER).data["ticket"].first_response_due
    assert due == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert _scan(dispatcher, "2026-11-24 20:59:00").breaches == 0
    assert _scan(dispatcher, "2026-11-24 21:00:00").breaches == 1


def test_business_hours_policy_for_basic_tier(say: Say) -> None:
    moscow = ZoneInfo("Europe/Moscow")
    # Friday 17:00 in Moscow; severity C = 8 working hours: 1 h Friday, 7 h Monday → 16:00.
    with freeze_time(datetime(2026, 11, 27, 17, 0, tzinfo=moscow)):
        ticket = say("/ticket new VM slow", channel="C_GLOBEX").data["ticket"]
    assert ticket.first_response_due.astimezone(moscow) == datetime(
        2026, 11, 30, 16, 0, tzinfo=moscow
    )


def test_two_workers_scanning_at_once_send_each_notice_once(say: Say, settings, outbox) -> None:
    first = build_dispatcher(settings)
    second = build_dispatcher(settings)
    with freeze_time("2026-11-24 10:00:00"):
        say("/ticket new Backups fail")
    a = _scan(first, "2026-11-24 16:00:00")
    b = _scan(second, "2026-11-24 16:00:00")
    assert a.warnings + b.warnings == 1
    assert len(outbox("notice_sla")) == 1
