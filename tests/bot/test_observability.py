"""Health, readiness and metrics endpoints; JSON logs with request ids and no secrets."""

from __future__ import annotations

import json
import logging

from starlette.testclient import TestClient

from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage
from bot.observability.logs import RedactSecrets, configure_logging
from bot.server import build_app


def test_healthz_readyz_and_metrics(dispatcher: Dispatcher) -> None:
    dispatcher.handle(
        InboundMessage(
            Platform.SLACK, "C_ACME", "U1", "/ticket new Metrics please", delivery_id="E1"
        )
    )
    with TestClient(build_app(dispatcher, front_ends=[])) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["ready"] is True
        body = client.get("/metrics").text
    assert 'supportbot_events_in_total{platform="slack"}' in body
    assert 'supportbot_tickets{severity="C",status="new"} 1.0' in body
    assert 'supportbot_handling_seconds_count{route="ticket new"}' in body


def test_readyz_fails_when_migrations_are_behind(dispatcher: Dispatcher) -> None:
    from alembic import command

    from bot.db.migrate import _alembic_config

    assert dispatcher.engine is not None
    command.downgrade(_alembic_config(dispatcher.engine), "0004")
    with TestClient(build_app(dispatcher, front_ends=[])) as client:
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["database"]["revision"] == "0004"


def test_json_logs_carry_the_delivery_id(dispatcher: Dispatcher, capfd) -> None:
    configure_logging(logging.INFO, json_logs=True, secrets=[])
    try:
        dispatcher.handle(
            InboundMessage(Platform.SLACK, "C_NOBODY", "U1", "hello", delivery_id="Ev0042")
        )
    finally:
        logging.getLogger().handlers.clear()
    lines = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    unmapped = [entry for entry in lines if "unmapped channel" in entry["msg"]]
    assert unmapped and unmapped[0]["request_id"] == "Ev0042"


def test_secrets_never_reach_the_log(capfd) -> None:
    token = "xoxb-1234567890-abcdefghijklmnop"
    telegram = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"
    configure_logging(logging.INFO, json_logs=False, secrets=["s3cret-signing-value"])
    log = logging.getLogger("test")
    try:
        log.info("calling with %s and s3cret-signing-value", token)
        log.info("GET https://api.telegram.org/bot%s/getMe", telegram)
        try:
            raise RuntimeError(f"auth failed for {token}")
        except RuntimeError:
            log.exception("boom")
    finally:
        logging.getLogger().handlers.clear()
    err = capfd.readouterr().err
    assert "calling with" in err and "[redacted]" in err
    for secret in (token, telegram, "s3cret-signing-value"):
        assert secret not in err


def test_redaction_keeps_ordinary_text() -> None:
    assert RedactSecrets(["topsecret"]).scrub("ticket T-1001 at 12:30") == "ticket T-1001 at 12:30"
