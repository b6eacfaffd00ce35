"""The config's seed states, the CLI, the digest's incident list and other languages."""

from __future__ import annotations

import json
from pathlib import Path

from bot.app import build_dispatcher
from bot.cli import main
from bot.enums import Platform, Role
from bot.messages import Actor, InboundMessage
from bot.rendering import Renderer
from bot.settings import load_settings
from tests.conftest import Say
from tests.services.test_health_fakes import StepClock, write_config

ENGINEER = Actor(role=Role.ENGINEER, user_id="alice")


def test_config_seed_is_an_incident_engineers_can_resolve(say: Say, outbox) -> None:
    [incident] = say("/incidents", user="U_ALICE").data["incidents"]
    assert (incident.service_id, incident.source, incident.latest) == (
        "vpn",
        "config",
        "Tunnels drop in Moscow.",
    )
    say(f"/incident resolve {incident.id} Provider fixed the tunnels", user="U_ALICE")
    assert say("/health vpn").data["service"].state == "operational"
    recovered = [n for n in outbox("notice_service_state") if n["channel"] == "C_ACME"]
    assert [(n["data"]["old"], n["data"]["new"]) for n in recovered] == [
        ("degraded", "operational")
    ]


def test_editing_the_config_seed_replaces_its_incident(tmp_path: Path, database_url: str) -> None:
    url = {"DATABASE_URL": database_url}
    clock = StepClock()
    first = build_dispatcher(load_settings(write_config(tmp_path), environ=url), clock)
    assert first.services.health.status(ENGINEER, "vpn").state == "degraded"
    clock.tick(hours=1)
    edited = write_config(
        tmp_path, service_vpn__status="major_outage", service_vpn__note="Gateway down."
    )
    second = build_dispatcher(load_settings(edited, environ=url), clock)
    status = second.services.health.status(ENGINEER, "vpn")
    assert (status.state, status.note) == ("major_outage", "Gateway down.")
    assert [i.latest for i in second.services.health.open_incidents()] == ["Gateway down."]
    third = build_dispatcher(load_settings(edited, environ=url), clock)  # a restart: no change
    assert len(third.services.health.open_incidents()) == 1


def test_cli_prints_states_as_text_and_json(config_file: Path, capsys) -> None:
    assert main(["--config", str(config_file), "health"]) == 0
    text = capsys.readouterr().out
    assert "VPN gateway (vpn): degraded — Tunnels drop in Moscow." in text
    assert main(["--config", str(config_file), "health", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {s["id"]: s["state"] for s in data["services"]}["vpn"] == "degraded"


def test_digest_lists_incidents_of_the_period(say: Say, dispatcher) -> None:
    say("/incident open vms major Host lost power", user="U_ALICE")
    now = dispatcher._clock()
    found = dispatcher.services.health.digest_incidents(now.replace(hour=0), now, ["globex"])
    assert [(i.service, i.state, i.customers) for i in found] == [
        ("Virtual machines", "major_outage", ["globex"])
    ]


def test_health_speaks_the_customers_language(say: Say, console: Renderer) -> None:
    say("/incident open vms degraded Медленные диски", user="U_ALICE")
    text = console.render(say("/health vms", channel="C_GLOBEX"))
    assert text.startswith("Virtual machines (vms): работает с перебоями")
    assert "Доступность: с " in text and "Медленные диски" in text


def test_uptime_says_when_monitoring_began(settings, console: Renderer) -> None:
    """A service watched for an hour is not "100% over 30 days": the reply and the status
    page say since when the figures count; a month later they no longer need to."""
    from freezegun import freeze_time
    from starlette.testclient import TestClient

    from bot.app import build_dispatcher
    from bot.server import build_app

    with freeze_time("2026-12-01 08:00:00"):
        dispatcher = build_dispatcher(settings)
        dispatcher.services.health.sync()
    with freeze_time("2026-12-01 09:00:00"):
        reply = dispatcher.handle(
            InboundMessage(Platform.SLACK, "C_ENG", "U_ALICE", "/health mail")
        )
        text = console.render(reply)
        assert "Uptime: since 2026-12-01 11:00 MSK, 100%." in text  # staff: reseller zone
        with TestClient(build_app(dispatcher, front_ends=[])) as client:
            page = client.get("/status").text
            machine = client.get("/status.json").json()
        assert "uptime since 2026-12-01" in page and "over 30 days" not in page
        assert machine["services"][0]["monitored_since"].startswith("2026-12-01T08:00")
    with freeze_time("2027-01-15 09:00:00"):
        reply = dispatcher.handle(
            InboundMessage(Platform.SLACK, "C_ENG", "U_ALICE", "/health mail")
        )
        assert "Uptime: 24 h 100% · 7 d 100% · 30 d 100%." in console.render(reply)
        assert dispatcher.services.health.page().rows[0].monitored_since is None
