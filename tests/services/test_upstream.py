"""Escalation through a real SMTP server and a real HTTP API on 127.0.0.1, and signed updates."""

from __future__ import annotations

import json
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from starlette.testclient import TestClient

from bot.adapters.upstream import sign
from bot.app import build_dispatcher
from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage, Reply
from bot.server import build_app
from bot.settings import load_settings
from tests.factories import CONFIG, write_kb

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
MANUAL = """\
      kind: manual
      portal_url: https://portal.provider.example/support
"""


class ProviderApi(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict, str]]] = []
    fail = False

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ProviderApi.received.append((json.loads(body), self.headers.get("Authorization", "")))
        status, answer = (503, {}) if ProviderApi.fail else (201, {"case_number": "CASE-77"})
        data = json.dumps({**answer, "url": "https://provider.example/c/77"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def provider_api() -> Iterator[int]:
    ProviderApi.received = []
    ProviderApi.fail = False
    server = HTTPServer(("127.0.0.1", 0), ProviderApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


def _dispatcher(
    tmp_path: Path, upstream: str, database_url: str, env: dict[str, str] | None = None
) -> Dispatcher:
    write_kb(tmp_path / "kb")
    block = textwrap.indent(textwrap.dedent(upstream), "  ")
    text = textwrap.dedent(CONFIG).replace(textwrap.indent(textwrap.dedent(MANUAL), "  "), block)
    assert block in text
    path = tmp_path / "supportbot.yml"
    path.write_text(text, encoding="utf-8")
    return build_dispatcher(
        load_settings(path, environ={**(env or {}), "DATABASE_URL": database_url})
    )


def _say(dispatcher: Dispatcher, text: str, channel: str = "C_ACME", user: str = "U_C") -> Reply:
    return dispatcher.handle(InboundMessage(Platform.SLACK, channel=channel, user=user, text=text))


def _ready_ticket(dispatcher: Dispatcher) -> str:
    number = _say(dispatcher, "/ticket new Outlook cannot connect").data["ticket"].number
    for field in ("service mail", "impact 12 users offline", "tried Checked health and DNS"):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    _say(
        dispatcher, f"/set {number} description Since 09:00 Outlook shows Disconnected", **ENGINEER
    )
    return number


def test_email_provider_receives_the_report(tmp_path: Path, smtp, database_url: str) -> None:
    mailbox, port = smtp
    upstream = f"""\
      kind: email
      email_to: support@provider.example
      email_from: escalations@reseller.example
      smtp_port: {port}
"""
    dispatcher = _dispatcher(tmp_path, upstream, database_url)
    number = _ready_ticket(dispatcher)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["sent"] is True
    [(sender, recipients, content)] = mailbox.messages
    assert sender == "escalations@reseller.example"
    assert recipients == ["support@provider.example"]
    assert f"Subject: [{number}] Sev C: Outlook cannot connect" in content
    assert "Reply-To: noc@reseller.example" in content
    assert "12 users offline" in content and "Checked health and DNS" in content
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.status == "waiting_on_provider"


def test_webhook_provider_gives_the_case_number(
    tmp_path: Path, provider_api: int, database_url: str
) -> None:
    upstream = f"""\
      kind: webhook
      webhook_url: http://127.0.0.1:{provider_api}/cases
"""
    env = {"UPSTREAM_WEBHOOK_TOKEN": "tok-123"}
    dispatcher = _dispatcher(tmp_path, upstream, database_url, env)
    number = _ready_ticket(dispatcher)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["case_number"] == "CASE-77"
    [(payload, auth)] = ProviderApi.received
    assert payload["reference"] == number and payload["service"] == "Mail"
    assert payload["contact"]["email"] == "noc@reseller.example"
    assert auth == "Bearer tok-123"
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.upstream.case_number == "CASE-77"
    assert ticket.upstream.link == "https://provider.example/c/77"


def test_provider_down_changes_nothing(
    tmp_path: Path, provider_api: int, database_url: str
) -> None:
    ProviderApi.fail = True
    upstream = f"""\
      kind: webhook
      webhook_url: http://127.0.0.1:{provider_api}/cases
"""
    dispatcher = _dispatcher(tmp_path, upstream, database_url)
    number = _ready_ticket(dispatcher)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.kind == "error_provider_unavailable"
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.upstream is None and ticket.status == "new"


def test_signed_provider_update_reaches_the_ticket(tmp_path: Path, database_url: str) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url, {"UPSTREAM_INBOUND_SECRET": "s3cret"})
    number = _ready_ticket(dispatcher)
    _say(dispatcher, f"/upstream {number} CASE-9", **ENGINEER)
    body = json.dumps({"case_number": "CASE-9", "status": "Fix deployed", "resolved": True})
    now = str(int(time.time()))
    with TestClient(build_app(dispatcher, front_ends=[])) as client:
        forged = client.post(
            "/upstream/vianet",
            content=body,
            headers={"X-Supportbot-Timestamp": now, "X-Supportbot-Signature": "sha256=00"},
        )
        assert forged.status_code == 401
        stale_ts = str(int(time.time()) - 3600)
        stale = client.post(
            "/upstream/vianet",
            content=body,
            headers={
                "X-Supportbot-Timestamp": stale_ts,
                "X-Supportbot-Signature": sign("s3cret", stale_ts, body.encode()),
            },
        )
        assert stale.status_code == 401
        good = client.post(
            "/upstream/vianet",
            content=body,
            headers={
                "X-Supportbot-Timestamp": now,
                "X-Supportbot-Signature": sign("s3cret", now, body.encode()),
            },
        )
        assert good.status_code == 200 and good.json() == {"ticket": number}
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.upstream.status == "Fix deployed"
    assert ticket.status == "open"  # back with the engineer to confirm and resolve
