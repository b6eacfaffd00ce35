"""Telling people: exactly the subscribed customers' chats and the engineers, once, no flood."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.app import build_dispatcher
from bot.clock import to_db
from bot.db import create_db_engine
from bot.db.models import ChannelLink
from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage, Reply
from bot.rendering import Renderer
from bot.settings import load_settings
from tests.conftest import Say
from tests.services.test_health_fakes import FakeSite, StepClock, serve_site, write_config

ACME = {("slack", "C_ACME"), ("telegram", "-100")}
ENGINEERS = {("slack", "C_ENG")}


@pytest.fixture
def site() -> Iterator[FakeSite]:
    yield from serve_site()


def chats(notices: list[dict]) -> set[tuple[str, str]]:
    return {(n["platform"], n["channel"]) for n in notices}


def test_incident_goes_to_exactly_the_subscribers_and_engineers(say: Say, outbox) -> None:
    reply = say("/incident open vms major Hypervisor host lost power", user="U_ALICE")
    assert reply.kind == "incident_changed"
    notices = outbox("notice_service_state")
    assert chats(notices) == {("slack", "C_GLOBEX")} | ENGINEERS
    globex = next(n for n in notices if n["channel"] == "C_GLOBEX")
    assert globex["reply"]["lang"] == "ru"
    assert globex["data"]["new"] == "major_outage"
    engineers = next(n for n in notices if n["channel"] == "C_ENG")
    assert engineers["reply"]["zone"] == "Europe/Moscow"  # the reseller's, not UTC
    # Globex reads Russian: the English note comes as written, saying which language it is.
    assert globex["data"]["incident"]["text"] == (
        "(Служба поддержки написала это по-английски.)\nHypervisor host lost power"
    )


def test_update_and_recovery_are_announced_once_each(say: Say, outbox, console) -> None:
    say("/incident open mail degraded Outbound mail is delayed", user="U_ALICE")
    number = outbox("notice_service_state")[0]["data"]["incident"]["id"]
    say(f"/incident update {number} A fix is being deployed", user="U_ALICE")
    say(f"/incident resolve {number} Mail flows normally", user="U_ALICE")
    states = outbox("notice_service_state")
    assert [n["data"]["new"] for n in states if n["channel"] == "C_ACME"] == [
        "degraded",
        "operational",
    ]
    updates = outbox("notice_incident_update")
    assert chats(updates) == ACME | ENGINEERS
    assert {n["data"]["incident"]["text"] for n in updates} == {"A fix is being deployed"}
    from bot.messages import reply_from_dict

    recovered = next(n for n in states if n["channel"] == "C_ACME" and n["data"]["recovered"])
    text = console.render(reply_from_dict(recovered["reply"]))
    assert text.startswith("Mail is operational again (was degraded).")


def test_linked_chats_and_runtime_subscriptions_change_the_audience(
    say: Say, outbox, dispatcher: Dispatcher
) -> None:
    engine = create_db_engine(dispatcher.settings.database_url)
    with Session(engine) as session:
        session.add(
            ChannelLink(
                platform="telegram",
                channel="-200",
                customer_id="acme",
                linked_by="t",
                linked_at=to_db(dispatcher._clock()),
            )
        )
        session.commit()
    assert say("/subscribe globex mail", user="U_ALICE").kind == "health_subscription"
    assert say("/unsubscribe acme mail", user="U_ALICE").kind == "health_subscription"
    say("/incident open mail major Mail is down", user="U_ALICE")
    assert chats(outbox("notice_service_state")) == {("slack", "C_GLOBEX")} | ENGINEERS
    say("/subscribe acme mail", user="U_ALICE")
    say("/incident open mail major Still down", user="U_ALICE")
    assert ("telegram", "-200") in chats(outbox("notice_incident_update"))
    # Subscriptions are also what a customer may see with /health.
    assert "mail" in [s.service_id for s in say("/health", channel="C_GLOBEX").data["services"]]


@pytest.mark.parametrize(
    "command",
    [
        "/incident open mail major down",
        "/incident resolve 1",
        "/subscribe acme vms",
        "/unsubscribe acme mail",
        "/incidents",
    ],
)
def test_only_engineers_declare_incidents_and_subscribe(say: Say, outbox, command: str) -> None:
    assert say(command).kind == "error_not_allowed"
    assert outbox() == []


def test_bad_incident_commands_explain_themselves(say: Say) -> None:
    assert say("/incident open mail sideways text", user="U_ALICE").kind == "error_bad_input"
    assert say("/incident open nosuch major text", user="U_ALICE").kind == "error_not_found"
    assert say("/incident resolve 99", user="U_ALICE").kind == "error_not_found"
    assert say("/incident update x text", user="U_ALICE").kind == "error_bad_input"


def test_customer_asking_hears_about_the_incident_first(say: Say, console: Renderer) -> None:
    say("/incident open mail major Outlook cannot connect since 9:00", user="U_ALICE")
    text = console.render(say("is mail down? outlook keeps asking for my password"))
    assert text.startswith("Heads up: Mail currently has a major outage.\nSince ")
    assert "Latest update: Outlook cannot connect since 9:00" in text
    other = console.render(say("how do I read my invoice?"))
    assert "Heads up: Mail" not in other


def test_new_ticket_about_a_service_in_trouble_is_linked(say: Say, dispatcher) -> None:
    from sqlmodel import select

    from bot.db.models import Ticket

    opened = say("/incident open mail major Mail is down", user="U_ALICE")
    incident_id = opened.data["incident"].id
    say("/ticket new Outlook shows no new mail since the morning")
    say("/ticket new Invoice question")
    engine = create_db_engine(dispatcher.settings.database_url)
    with Session(engine) as session:
        linked = {t.subject: t.incident_id for t in session.exec(select(Ticket)).all()}
    assert linked["Outlook shows no new mail since the morning"] == incident_id
    assert linked["Invoice question"] is None


# -- checks on a schedule -----------------------------------------------------------------


@pytest.fixture
def checked(tmp_path: Path, database_url: str, site: FakeSite):
    """A dispatcher whose mail service has an HTTP check against the fake site."""
    site.set("/mail", 200, b"ok")
    path = write_config(
        tmp_path,
        service_mail__checks=[{"kind": "http", "url": site.url("/mail"), "timeout_seconds": 2}],
        service_mail__confirm_after=2,
        health={"interval_seconds": 60, "announce_hold": "15m"},
    )
    settings = load_settings(path, environ={"DATABASE_URL": database_url})
    clock = StepClock()
    return build_dispatcher(settings, clock), clock


def _states(outbox_rows: list[dict], channel: str = "C_ACME") -> list[str]:
    return [n["data"]["new"] for n in outbox_rows if n["channel"] == channel]


def _outbox(dispatcher: Dispatcher) -> Callable[..., list[dict]]:
    import json

    from sqlmodel import col, select

    from bot.db.models import OutboxMessage

    engine = create_db_engine(dispatcher.settings.database_url)

    def read(kind: str = "notice_service_state") -> list[dict]:
        with Session(engine) as session:
            rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        found = []
        for row in rows:
            payload = json.loads(row.payload)
            if payload["reply"]["kind"] == kind:
                found.append({"channel": payload["channel"], "data": payload["reply"]["data"]})
        return found

    return read


def test_a_single_failure_pages_nobody(checked, site: FakeSite) -> None:
    dispatcher, clock = checked
    health = dispatcher.services.health
    site.set("/mail", 500)
    health.run_checks()
    site.set("/mail", 200)
    for _ in range(3):
        clock.tick(minutes=1)
        health.run_checks()
    assert _outbox(dispatcher)() == []
    assert health.status(_engineer(), "mail").state == "operational"


def test_outage_confirmed_then_recovery_announced(checked, site: FakeSite) -> None:
    dispatcher, clock = checked
    health, read = dispatcher.services.health, _outbox(dispatcher)
    site.set("/mail", 500)
    health.run_checks()
    clock.tick(minutes=1)
    report = health.run_checks()
    assert report is not None and report.changes == 1
    assert _states(read()) == ["major_outage"]
    assert chats_of(read()) == {"C_ACME", "-100", "C_ENG"}
    site.set("/mail", 200)
    for _ in range(20):
        clock.tick(minutes=1)
        health.run_checks()
    assert _states(read()) == ["major_outage", "operational"]
    detail = health.detail(_engineer(), "mail")
    assert detail.incidents[0].source == "checks" and detail.incidents[0].resolved_at is not None


def test_flapping_does_not_flood(checked, site: FakeSite) -> None:
    dispatcher, clock = checked
    health, read = dispatcher.services.health, _outbox(dispatcher)
    for minute in range(40):  # two rounds down, two rounds up, for 40 minutes
        site.set("/mail", 500 if minute % 4 < 2 else 200)
        health.run_checks()
        clock.tick(minutes=1)
    told = _states(read())
    # State changes every two minutes (20 changes); people hear at most one per 15 minutes.
    assert 1 <= len(told) <= 3
    assert all(a != b for a, b in itertools.pairwise(told))


def test_each_interval_runs_once_across_workers(checked, site: FakeSite) -> None:
    dispatcher, clock = checked
    second = build_dispatcher(dispatcher.settings, clock)  # another worker, same database
    assert dispatcher.services.health.run_checks() is not None
    assert second.services.health.run_checks() is None
    assert len(site.hits) == 1
    clock.tick(seconds=60)
    assert second.services.health.run_checks() is not None
    assert dispatcher.services.health.run_checks() is None
    assert len(site.hits) == 2


def chats_of(rows: list[dict]) -> set[str]:
    return {r["channel"] for r in rows}


def _engineer():  # type: ignore[no-untyped-def]
    from bot.enums import Role
    from bot.messages import Actor

    return Actor(role=Role.ENGINEER, user_id="alice")


def test_health_one_shows_since_incidents_and_uptime(checked, site: FakeSite) -> None:
    dispatcher, clock = checked
    site.set("/mail", 500)
    dispatcher.services.health.run_checks()
    clock.tick(hours=6)
    dispatcher.services.health.run_checks()  # confirmed down at 15:00
    site.set("/mail", 200)
    clock.tick(hours=6)
    dispatcher.services.health.run_checks()
    clock.tick(hours=6)
    dispatcher.services.health.run_checks()  # back up at 03:00
    clock.tick(hours=6)
    reply = dispatcher.handle(InboundMessage(Platform.SLACK, "C_ACME", "U_X", "/health mail"))
    text = Renderer("console").render(reply)
    # The customer reads the time in their zone (the reseller's: Moscow, UTC+3).
    assert text.startswith("Mail (mail): operational, since 2026-11-25 06:00 MSK")
    # a day of records: the day's figure, and the same share once as "since" (not three
    # identical 24 h / 7 d / 30 d figures counted over that one day)
    assert "Uptime: 24 h 50.00% · since 2026-11-24 12:00 MSK, 50.00%." in text, text
    assert "found by checks" not in text and "automatic checks detected a problem" in text
    assert isinstance(reply, Reply)
