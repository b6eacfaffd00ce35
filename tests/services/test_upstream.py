"""Escalation through a real SMTP server and a real HTTP API on 127.0.0.1, and signed updates."""

from __future__ import annotations

import asyncio
import json
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from starlette.testclient import TestClient

from bot.adapters.email import build_email_pump
from bot.adapters.upstream import sign
from bot.app import build_dispatcher
from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import Attachment, InboundMessage, Reply
from bot.rendering import Renderer
from bot.server import build_app
from bot.settings import load_settings
from tests.factories import CONFIG, write_kb
from tests.fakes.provider_api import FakeProviderApi
from tests.fakes.smtp import FakeMailServer

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
MANUAL = """\
      kind: manual
      portal_url: https://portal.provider.example/support
"""


@pytest.fixture
def provider_api() -> Iterator[FakeProviderApi]:
    with FakeProviderApi() as api:
        yield api


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


def _say(
    dispatcher: Dispatcher, text: str, channel: str = "C_ACME", user: str = "U_C", **kw: Any
) -> Reply:
    return dispatcher.handle(
        InboundMessage(Platform.SLACK, channel=channel, user=user, text=text, **kw)
    )


def _ready_ticket(dispatcher: Dispatcher, **kw: Any) -> str:
    number = _say(dispatcher, "/ticket new Outlook cannot connect", **kw).data["ticket"].number
    for field in ("service mail", "impact 12 users offline", "tried Checked health and DNS"):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    _say(
        dispatcher, f"/set {number} description Since 09:00 Outlook shows Disconnected", **ENGINEER
    )
    return number


def _send_email(dispatcher: Dispatcher) -> int:
    """One run of the e-mail pump (what `supportbot serve` runs in the background)."""
    pump = build_email_pump(dispatcher.settings, dispatcher.services.outbox)
    assert pump is not None

    async def send() -> int:
        sent = await pump.drain()
        await pump.stop()
        return sent

    return asyncio.run(send())


def _email_upstream(port: int) -> str:
    return f"""\
      kind: email
      email_to: support@provider.example
      email_from: escalations@reseller.example
      smtp_port: {port}
"""


def test_email_provider_receives_the_report(
    tmp_path: Path, smtp: FakeMailServer, database_url: str
) -> None:
    dispatcher = _dispatcher(tmp_path, _email_upstream(smtp.port), database_url)
    number = _ready_ticket(dispatcher)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["sent"] is True
    assert _send_email(dispatcher) == 1
    [(sender, recipients, content)] = smtp.messages
    assert sender == "escalations@reseller.example"
    assert recipients == ["support@provider.example"]
    assert f"Subject: [{number}] Sev C: Outlook cannot connect" in content
    assert "Reply-To: noc@reseller.example" in content
    assert "12 users offline" in content and "Checked health and DNS" in content
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.status == "waiting_on_provider"


def test_a_report_the_mail_server_refuses_for_now_is_sent_again_later(
    tmp_path: Path, smtp: FakeMailServer, database_url: str
) -> None:
    """The provider's mail server says "try again later": nothing is lost, it goes out later."""
    dispatcher = _dispatcher(tmp_path, _email_upstream(smtp.port), database_url)
    number = _ready_ticket(dispatcher)
    smtp.fail("DATA", 451)
    assert _say(dispatcher, f"/escalate {number}", **ENGINEER).data["sent"] is True
    _send_email(dispatcher)
    assert smtp.messages == [] and [c.status for c in smtp.calls(ok_only=False)] == [451]
    outbox = dispatcher.services.outbox
    assert outbox.depth("email") == 1  # kept, due again after its backoff
    with freeze_time(datetime.now(UTC) + timedelta(minutes=1)):
        assert _send_email(dispatcher) == 1
    [(_sender, recipients, content)] = smtp.messages
    assert recipients == ["support@provider.example"] and f"[{number}]" in content
    assert outbox.depth("email") == 0


def test_webhook_provider_gives_the_case_number(
    tmp_path: Path, provider_api: FakeProviderApi, database_url: str
) -> None:
    upstream = f"""\
      kind: webhook
      webhook_url: {provider_api.cases_url}
"""
    env = {"UPSTREAM_WEBHOOK_TOKEN": "tok-123"}
    dispatcher = _dispatcher(tmp_path, upstream, database_url, env)
    number = _ready_ticket(dispatcher)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["case_number"] == "CASE-77"
    [call] = provider_api.calls("cases")
    payload, auth = call.payload, call.token
    assert payload["reference"] == number and payload["service"] == "Mail"
    assert payload["contact"]["email"] == "noc@reseller.example"
    assert auth == "tok-123"
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.upstream.case_number == "CASE-77"
    assert ticket.upstream.link == "https://provider.example/c/77"


def test_provider_down_changes_nothing(
    tmp_path: Path, provider_api: FakeProviderApi, database_url: str
) -> None:
    provider_api.fail("cases", 503)
    upstream = f"""\
      kind: webhook
      webhook_url: {provider_api.cases_url}
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


ACME_IDENTITY = """\
    tenants:
      - {id: 3F6D2B1E-8C4A-4E2F-9B7D-1A2B3C4D5E6F, domain: acmecn.partner.onmschina.cn}
    domains: [acme.cn, acme.com.cn]
    timezone: Asia/Shanghai
"""


def _identity_dispatcher(tmp_path: Path, upstream: str, database_url: str) -> Dispatcher:
    """A bot whose acme carries tenants, domains and a Shanghai time zone."""
    dispatcher = _dispatcher(tmp_path, upstream, database_url)
    path = dispatcher.settings.config_path
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("services: [mail, vpn]\n", "services: [mail, vpn]\n" + ACME_IDENTITY, 1),
        encoding="utf-8",
    )
    return build_dispatcher(load_settings(path, environ={"DATABASE_URL": database_url}))


def test_the_report_names_the_tenant_and_reads_in_local_time(
    tmp_path: Path, provider_api: FakeProviderApi, database_url: str
) -> None:
    upstream = f"""\
      kind: webhook
      webhook_url: {provider_api.cases_url}
"""
    dispatcher = _identity_dispatcher(tmp_path, upstream, database_url)
    with freeze_time("2026-12-01 09:34:14.229377"):
        number = _ready_ticket(dispatcher)
    _say(dispatcher, f"/escalate {number}", **ENGINEER)
    [call] = provider_api.calls("cases")
    payload = call.payload
    assert payload["tenants"] == [
        {"id": "3f6d2b1e-8c4a-4e2f-9b7d-1a2b3c4d5e6f", "domain": "acmecn.partner.onmschina.cn"}
    ]
    assert payload["domains"] == ["acme.cn", "acme.com.cn"]
    assert payload["opened_local"] == "2026-12-01 17:34 (Asia/Shanghai, UTC+08:00)"


def test_the_manual_report_shows_tenant_domains_and_a_readable_time(
    tmp_path: Path, database_url: str
) -> None:
    dispatcher = _identity_dispatcher(tmp_path, MANUAL, database_url)
    with freeze_time("2026-12-01 09:34:14.229377"):
        number = _ready_ticket(dispatcher)
    report = _say(dispatcher, f"/escalate {number}", **ENGINEER).data["report"]
    assert "Tenant: acmecn.partner.onmschina.cn, tenant id 3f6d2b1e-" in report
    assert "Customer domains: acme.cn, acme.com.cn" in report
    assert "opened 2026-12-01 17:34 (Asia/Shanghai, UTC+08:00)" in report
    assert "2026-12-01T09:34" not in report


def test_the_report_lists_the_files_on_the_ticket(tmp_path: Path, database_url: str) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    thread = "1761000000.000001"
    number = _ready_ticket(dispatcher, thread=thread)
    shot = Attachment("sspr.png", 250_880, "image/png", "F0SSPR", "https://x.slack.com/f/sspr")
    audit = Attachment("audit.csv", 1_900, "text/csv", "F0AUDIT", "https://x.slack.com/f/audit")
    added = _say(dispatcher, "the reset page and the audit log", thread=thread, files=(shot, audit))
    assert added.kind == "ticket_comment_added"
    report = _say(dispatcher, f"/escalate {number}", **ENGINEER).data["report"]
    assert "Attachments and links: none" not in report
    assert "sspr.png (245 KB) https://x.slack.com/f/sspr" in report
    assert "audit.csv (1.9 KB) https://x.slack.com/f/audit" in report


def test_without_a_provider_escalation_says_what_to_configure(
    tmp_path: Path, database_url: str
) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    config = dispatcher.settings.config.model_copy(update={"upstream": None})
    from bot.app import build_services

    assert dispatcher.engine is not None
    settings = dispatcher.settings.model_copy(update={"config": config})
    bare = Dispatcher(
        settings, build_services(settings, dispatcher.engine), engine=dispatcher.engine
    )
    number = _say(bare, "/ticket new Outlook cannot connect").data["ticket"].number
    reply = _say(bare, f"/escalate {number}", **ENGINEER)
    assert reply.kind == "error_provider_missing"
    text = Renderer("console").render(reply)
    assert "upstream:" in text and "can't go to  yet" not in text


def test_a_description_that_only_repeats_the_subject_is_missing(
    tmp_path: Path, database_url: str
) -> None:
    """As docs/tickets.md says, the report needs a description: a ticket an engineer opened
    with a subject alone has none beyond it, and /escalate lists it with the command."""
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    opened = _say(dispatcher, "/ticket new acme Outlook cannot connect", **ENGINEER)
    number = opened.data["ticket"].number
    for field in ("service mail", "impact 12 users offline", "tried Checked health and DNS"):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["missing"] == ["description"] and not reply.data["sent"]
    text = Renderer("console").render(reply)
    assert "a description, more than the subject" in text
    assert f"/set {number} description <text>" in text
    _say(dispatcher, f"/set {number} description Since 09:00 it shows Disconnected", **ENGINEER)
    ready = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert ready.data["missing"] == [] and "Since 09:00" in ready.data["report"]


def _signed_post(client: TestClient, body: str, secret: str = "s3cret") -> dict:
    now = str(int(time.time()))
    response = client.post(
        "/upstream/vianet",
        content=body,
        headers={
            "X-Supportbot-Timestamp": now,
            "X-Supportbot-Signature": sign(secret, now, body.encode()),
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_retried_provider_update_acts_once(tmp_path: Path, database_url: str, outbox) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url, {"UPSTREAM_INBOUND_SECRET": "s3cret"})
    number = _ready_ticket(dispatcher)
    _say(dispatcher, f"/upstream {number} CASE-9", **ENGINEER)
    same = json.dumps({"case_number": "CASE-9", "status": "Engineers are on it"})
    by_id = [
        json.dumps({"case_number": "CASE-9", "status": "Fix rolling out", "event_id": "ev-7"}),
        json.dumps({"case_number": "CASE-9", "status": "Fix rolling out.", "event_id": "ev-7"}),
    ]
    with TestClient(build_app(dispatcher, front_ends=[])) as client:
        assert _signed_post(client, same) == {"ticket": number}
        assert _signed_post(client, same) == {"case_number": "CASE-9", "duplicate": True}
        assert _signed_post(client, by_id[0]) == {"ticket": number}
        assert _signed_post(client, by_id[1])["duplicate"] is True
    told = [n["data"]["status"] for n in outbox("notice_upstream_update")]
    assert told == ["Engineers are on it", "Fix rolling out"]
    events = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["events"]
    assert sum(e.kind == "upstream_update" for e in events) == 2


def test_an_oversized_provider_update_is_refused_unread(tmp_path: Path, database_url: str):
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url, {"UPSTREAM_INBOUND_SECRET": "s3cret"})
    with TestClient(build_app(dispatcher, front_ends=[], body_limit=1024)) as client:
        big = client.post("/upstream/vianet", content=b"x" * 5000)
        garbage = client.post("/upstream/vianet", content=b"\xff\xfe", headers={})
    assert big.status_code == 413
    assert garbage.status_code == 401
