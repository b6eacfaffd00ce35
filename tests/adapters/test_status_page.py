"""The public status page: HTML with autoescape, JSON for machines, and a real browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session
from starlette.testclient import TestClient

from bot.clock import to_db
from bot.db import create_db_engine
from bot.db.models import ServiceStateChange
from bot.dispatcher import Dispatcher
from bot.server import build_app
from tests.conftest import Say

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]


def test_page_lists_public_services_incidents_and_escapes(say: Say, dispatcher: Dispatcher) -> None:
    say("/incident open mail major <script>alert(1)</script> & friends", user="U_ALICE")
    client = TestClient(build_app(dispatcher, front_ends=[]))
    page = client.get("/status")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    assert "Tunnels drop in Moscow." in html and 'id="service-vms"' in html
    assert html.count('class="cell ') == 30 * 3
    assert "<script" not in html.replace("&lt;script", "")  # no JavaScript at all
    assert "Some services have problems" in html
    assert "Состояние" not in html and "состояние сервисов" in client.get("/status?lang=ru").text


def test_json_for_machines_hides_check_findings(say: Say, dispatcher: Dispatcher) -> None:
    say("/incident open vms degraded Slow disks on one host", user="U_ALICE")
    client = TestClient(build_app(dispatcher, front_ends=[]))
    data = client.get("/status.json").json()
    states = {s["id"]: s["state"] for s in data["services"]}
    assert states == {"mail": "operational", "vpn": "degraded", "vms": "degraded"}
    assert data["overall"] == "degraded"
    assert {i["text"] for i in data["incidents"]} == {
        "Tunnels drop in Moscow.",
        "Slow disks on one host",
    }
    assert len(data["services"][0]["days"]) == 30


def _backdate_history(dispatcher: Dispatcher) -> None:
    """Some past changes so the 30 day row has colour (the screenshot documents it)."""
    now = dispatcher._clock()
    dispatcher.services.health.sync()
    engine = create_db_engine(dispatcher.settings.database_url)
    history = [
        ("mail", 29, "operational"),
        ("mail", 12, "major_outage"),
        ("mail", 11.9, "operational"),
        ("mail", 4, "degraded"),
        ("mail", 3.95, "operational"),
        ("vpn", 29, "operational"),
        ("vpn", 20, "maintenance"),
        ("vpn", 19.9, "operational"),
        ("vms", 29, "operational"),
        ("vms", 7, "partial_outage"),
        ("vms", 6.9, "operational"),
    ]
    with Session(engine) as session:
        for service, days_ago, state in history:
            at = to_db(now - timedelta(days=days_ago))
            session.add(ServiceStateChange(service_id=service, at=at, new=state, source="test"))
        session.commit()


def _serve(app) -> tuple[uvicorn.Server, threading.Thread, int]:  # type: ignore[no-untyped-def]
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    return server, thread, sock.getsockname()[1]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_status_page_in_a_headless_browser(
    say: Say, dispatcher: Dispatcher, tmp_path: Path
) -> None:
    if "postgresql" in dispatcher.settings.database_url:
        pytest.skip("one browser run is enough (it runs on SQLite)")
    say(
        "/incident open mail degraded Some messages arrive with a delay of up to 20 minutes.",
        user="U_ALICE",
    )
    _backdate_history(dispatcher)
    server, thread, port = _serve(build_app(dispatcher, front_ends=[]))
    try:
        url = f"http://127.0.0.1:{port}/status"
        common = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=412,900",
        ]
        dom = subprocess.run(
            [*common, "--dump-dom", url], capture_output=True, text=True, timeout=90, check=True
        ).stdout
        png = tmp_path / "status.png"
        subprocess.run(
            [*common, f"--screenshot={png}", url], capture_output=True, timeout=90, check=True
        )
    finally:
        server.should_exit = True
        thread.join(10)
    assert "Test Reseller — service status" in dom
    assert "Some messages arrive with a delay of up to 20 minutes." in dom
    assert 'class="cell s-major_outage"' in dom and 'class="cell s-partial_outage"' in dom
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SUPPORTBOT_UPDATE_SCREENSHOT"):
        shutil.copy(png, REPO / "docs" / "status-page.png")
