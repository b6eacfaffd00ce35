"""Harness: the real app (uvicorn, 127.0.0.1 port 0) with the Telegram front end and a fake API."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.adapters.telegram import WEBHOOK_PATH, TelegramFrontEnd
from bot.app import build_dispatcher, build_runtime
from bot.clock import Clock, utc_now
from bot.dispatcher import Dispatcher
from bot.server import build_app
from bot.settings import Settings, load_settings
from tests.factories import CONFIG, write_kb
from tests.fakes.served import ServedApp
from tests.fakes.telegram_api import FakeTelegramApi

from .updates import ENGINEER_USER

TOKEN = "123456789:AAH-fake_token_for_tests_0123456789abc"
SECRET = "s3cret-webhook-token"
ENGINEERS_CHAT = -200
ACME_GROUPS = tuple(range(-101, -141, -1))


def add_telegram(config_file: Path) -> Path:
    """The shared test config plus Telegram staff (alice), a Telegram engineers' chat and
    more acme groups (ACME_GROUPS), so scenarios sharing one app don't share a chat."""
    text = config_file.read_text(encoding="utf-8")
    alice = f'{{platform: telegram, id: "{ENGINEER_USER}"}}'
    text = text.replace(
        "identities: [{platform: slack, id: U_ALICE}]",
        f"identities: [{{platform: slack, id: U_ALICE}}, {alice}]",
    )
    engineers = f'{{platform: telegram, id: "{ENGINEERS_CHAT}"}}'
    text = text.replace(
        "engineers_channels: [{platform: slack, id: C_ENG}]",
        f"engineers_channels: [{{platform: slack, id: C_ENG}}, {engineers}]",
    )
    groups = "".join(f', {{platform: telegram, id: "{g}"}}' for g in ACME_GROUPS)
    text = text.replace(
        '{platform: telegram, id: "-100"}', f'{{platform: telegram, id: "-100"}}{groups}', 1
    )
    config_file.write_text(text, encoding="utf-8")
    return config_file


@pytest.fixture
def telegram_config(config_file: Path) -> Path:
    return add_telegram(config_file)


def telegram_environ(api: FakeTelegramApi, database_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_URL": "https://bot.reseller.example/telegram/webhook",
        "TELEGRAM_API_URL": api.url,
    }


@pytest.fixture
def fake_api() -> Iterator[FakeTelegramApi]:
    with FakeTelegramApi() as api:
        yield api


@pytest.fixture
def tg_settings(telegram_config: Path, fake_api: FakeTelegramApi, tmp_path: Path) -> Settings:
    """SQLite only: scenario tests are about the front end (the DB pair runs in test_delivery)."""
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    return load_settings(telegram_config, environ=telegram_environ(fake_api, url))


@dataclass
class Bot:
    """What a scenario needs: the fake API, the app's URL, the dispatcher."""

    api: FakeTelegramApi
    url: str
    dispatcher: Dispatcher
    front_end: TelegramFrontEnd
    client: httpx.Client

    def post(self, update: dict[str, Any], *, secret: str | None = SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return self.client.post(self.url + WEBHOOK_PATH, json=update, headers=headers)

    def send(self, update: dict[str, Any]) -> None:
        response = self.post(update)
        assert response.status_code == 200, response.text

    def new_group(self) -> int:
        """An acme group no other test in this app has used."""
        return ACME_GROUPS[next(_group_numbers) % len(ACME_GROUPS)]

    def sent_to(self, chat_id: int, count: int = 1) -> list[dict[str, Any]]:
        """Wait for ``count`` messages to ``chat_id``; their payloads."""
        calls = self.api.wait_for(
            "sendMessage", count, where=lambda c: c.payload.get("chat_id") == chat_id
        )
        return [c.payload for c in calls]


_group_numbers = itertools.count()


StartBot = Callable[..., Bot]


@pytest.fixture
def start_bot(fake_api: FakeTelegramApi) -> Iterator[StartBot]:
    """Start the whole app for some settings; everything stops when the test ends."""
    running: list[tuple[ServedApp, httpx.Client]] = []

    def start(
        settings: Settings, *, polling: bool = False, clock: Clock = utc_now, **options: Any
    ) -> Bot:
        """``options`` are the front end's knobs (``send_timeout``...); ``clock`` the core's
        (a test moves it on: someone comes back later)."""
        dispatcher = build_dispatcher(settings, clock)
        # Notices written by core services are picked up quickly; long polls stay short.
        front_end = TelegramFrontEnd.from_settings(
            build_runtime(dispatcher),
            polling=polling,
            sender_poll_seconds=0.05,
            poll_timeout=1,
            **options,
        )
        served = ServedApp(build_app(dispatcher, [front_end])).__enter__()
        client = httpx.Client(timeout=10)
        running.append((served, client))
        return Bot(fake_api, served.url, dispatcher, front_end, client)

    yield start
    for served, client in running:
        client.close()
        served.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """One app for a whole module of scenarios (starting one costs about two seconds).

    Tests stay independent by using a group of their own (``Bot.new_group``) and by
    waiting only for calls to their chats; the fake API's record is cleared per test.
    """
    folder = tmp_path_factory.mktemp("telegram")
    write_kb(folder / "kb")
    config = folder / "supportbot.yml"
    config.write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    add_telegram(config)
    with FakeTelegramApi() as api:
        settings = load_settings(
            config, environ=telegram_environ(api, f"sqlite:///{folder / 'var' / 'tg.db'}")
        )
        with serving(api, settings) as bot:
            yield bot


@contextmanager
def serving(api: FakeTelegramApi, settings: Settings) -> Iterator[Bot]:
    """The whole app for ``settings`` against ``api``, webhook set, until the block ends:
    for module-scoped bots, which outlive the per-test ``start_bot``."""
    dispatcher = build_dispatcher(settings)
    front_end = TelegramFrontEnd.from_settings(build_runtime(dispatcher), sender_poll_seconds=0.05)
    with (
        ServedApp(build_app(dispatcher, [front_end])) as served,
        httpx.Client(timeout=10) as client,
    ):
        api.wait_for("setWebhook")
        yield Bot(api, served.url, dispatcher, front_end, client)


@pytest.fixture
def bot(shared_bot: Bot) -> Bot:
    shared_bot.api.reset()
    return shared_bot
