"""Telegram blocked at start (as from mainland China): the server runs, Slack answers,
/readyz says Telegram is retrying, and Telegram comes up once it can be reached."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.app import build_dispatcher
from bot.front_end_supervisor import Backoff
from bot.server import build_app
from bot.settings import load_settings
from tests.adapters.slack import payloads
from tests.fakes.served import ServedApp
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import SECRET, TOKEN
from .updates import private


class Gate:
    """A TCP door in front of the fake Bot API: while shut, connections are dropped at once
    (what a blocked route looks like to the client); once opened, bytes pass both ways."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.opened = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.opened.is_set():
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self._target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


def _wait(check, timeout: float = 15.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError("condition not met")
        time.sleep(0.05)
    return found


def test_slack_keeps_answering_while_telegram_cannot_be_reached(
    telegram_config: Path,
    fake_api: FakeTelegramApi,
    fake_slack: FakeSlackApi,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    gate = Gate(int(fake_api.url.rsplit(":", 1)[1]))
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'both.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test-token-never-logged",
        "SLACK_SIGNING_SECRET": payloads.SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_URL": "https://bot.reseller.example/telegram/webhook",
        "TELEGRAM_API_URL": f"http://127.0.0.1:{gate.port}",
    }
    dispatcher = build_dispatcher(load_settings(telegram_config, environ=env))
    app = build_app(dispatcher, backoff=Backoff(first=0.2, most=0.5))
    try:
        with ServedApp(app) as served, httpx.Client(base_url=served.url, timeout=10) as http:
            ready = http.get("/readyz")
            assert ready.status_code == 200  # Slack serves, so the worker is useful
            front_ends = ready.json()["front_ends"]
            assert front_ends["slack"]["state"] == "connected"
            assert front_ends["telegram"]["state"] == "retrying"
            assert any(
                "telegram: cannot reach the platform" in r.getMessage() for r in caplog.records
            )

            event = payloads.event(text="I forgot my password")
            body = payloads.json.dumps(event)
            headers = payloads.signed_headers(body)
            assert http.post("/slack/events", content=body, headers=headers).status_code == 200
            fake_slack.wait_for(
                "chat.postMessage",
                where=lambda c: c.payload.get("thread_ts") == event["event"]["ts"],
            )
            # An update Telegram delivers meanwhile is refused for now, so Telegram keeps it
            # and delivers it again: nothing is lost.
            update = private("/help")
            secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            early = http.post("/telegram/webhook", json=update, headers=secret)
            assert early.status_code == 503

            gate.opened.set()
            _wait(
                lambda: http.get("/readyz").json()["front_ends"]["telegram"]["state"] == "connected"
            )
            fake_api.wait_for("setWebhook")
            again = http.post("/telegram/webhook", json=update, headers=secret)
            assert again.status_code == 200
            answer = fake_api.wait_for("sendMessage")[0]
            assert answer.payload["chat_id"] == update["message"]["chat"]["id"]
            assert any("telegram: connected after" in r.getMessage() for r in caplog.records)
    finally:
        gate.close()
