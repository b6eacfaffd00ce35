"""The Slack front end running for real: uvicorn on 127.0.0.1:0 against a fake Web API."""

from __future__ import annotations

import json
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from bot.adapters.slack import SlackFrontEnd
from bot.app import build_dispatcher, build_runtime
from bot.dispatcher import Dispatcher
from bot.frontend import FrontEnd
from bot.server import build_app
from bot.settings import Settings, load_settings
from tests.adapters.slack import payloads
from tests.databases import database_url_for
from tests.factories import CONFIG, write_kb
from tests.fakes.slack_api import FakeSlackApi

BOT_TOKEN = "xoxb-test-token-never-logged"


@pytest.fixture(scope="package")
def fake_slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


# One running bot per database backend for the whole folder: starting one costs
# seconds (migrations, KB index), so scenarios share it and keep apart by using
# their own channels, threads and event ids.
@pytest.fixture(scope="package", params=["sqlite", "postgresql"])
def shared_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    yield from database_url_for(request.param, tmp_path_factory.mktemp("slack-db"))


@pytest.fixture(scope="package")
def slack_settings(
    tmp_path_factory: pytest.TempPathFactory, shared_database_url: str, fake_slack: FakeSlackApi
) -> Settings:
    folder = tmp_path_factory.mktemp("slack-config")
    write_kb(folder / "kb")
    path = folder / "supportbot.yml"
    path.write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    return load_settings(
        path,
        environ={
            "DATABASE_URL": shared_database_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": payloads.SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
        },
    )


def wait_until(check: Any, timeout: float = 10.0, interval: float = 0.02) -> Any:
    """Poll ``check()`` until it returns something truthy (for state the fake can't see)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)
    return result


class RunningBot:
    """The whole ASGI app served by uvicorn in a thread, and a client that signs requests."""

    def __init__(self, dispatcher: Dispatcher, front_ends: list[FrontEnd] | None = None) -> None:
        self.dispatcher = dispatcher
        config = uvicorn.Config(
            build_app(dispatcher, front_ends),
            host="127.0.0.1",
            port=0,
            lifespan="on",
            log_level="warning",
            access_log=False,
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> RunningBot:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the bot's server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=self.url, timeout=10)
        return self

    def stop(self) -> None:
        self.http.close()
        self.server.should_exit = True
        self._thread.join(timeout=20)

    def post(self, body: str, *, form: bool = False, **sign: Any) -> httpx.Response:
        """POST a body to /slack/events signed as Slack would; ``sign`` tweaks the signature."""
        extra = sign.pop("headers", {})
        headers = {**payloads.signed_headers(body, form=form, **sign), **extra}
        return self.http.post("/slack/events", content=body.encode(), headers=headers)

    def send_event(self, body: dict[str, Any], **sign: Any) -> httpx.Response:
        return self.post(json.dumps(body), **sign)

    def send_command(self, text: str, **kw: Any) -> httpx.Response:
        return self.post(payloads.command(text, **kw), form=True)

    def send_interaction(self, payload: dict[str, Any]) -> httpx.Response:
        return self.post(payloads.interactive(payload), form=True)


@pytest.fixture(scope="package")
def slack_bot(slack_settings: Settings) -> Iterator[RunningBot]:
    bot = RunningBot(build_dispatcher(slack_settings)).start()
    try:
        yield bot
    finally:
        bot.stop()


StartSlackBot = Callable[..., RunningBot]


@pytest.fixture
def start_slack_bot(
    config_file: Path, database_url: str, fake_slack: FakeSlackApi
) -> Iterator[StartSlackBot]:
    """A bot of its own (its own database, on SQLite and PostgreSQL) with front-end
    options such as ``send_timeout``; stopped when the test ends."""
    running: list[RunningBot] = []

    def start(**options: Any) -> RunningBot:
        environ = {
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": payloads.SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
        }
        dispatcher = build_dispatcher(load_settings(config_file, environ=environ))
        front_end = SlackFrontEnd(build_runtime(dispatcher), **options)
        bot = RunningBot(dispatcher, [front_end]).start()
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.stop()
