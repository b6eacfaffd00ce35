"""How ``supportbot serve`` finds the Telegram front end, and settings it refuses."""

from __future__ import annotations

import pytest

from bot.adapters.telegram import TelegramFrontEnd
from bot.adapters.telegram.frontend import api_base_urls
from bot.app import build_dispatcher, build_runtime
from bot.cli import build_serve_front_ends
from bot.errors import ConfigError
from bot.server import build_front_ends
from bot.settings import Settings


def test_the_token_in_the_environment_adds_the_front_end_and_polling_swaps_it(
    tg_settings: Settings,
) -> None:
    dispatcher = build_dispatcher(tg_settings)
    front_ends = build_front_ends(dispatcher)
    webhook = [f for f in front_ends if isinstance(f, TelegramFrontEnd)]
    assert len(webhook) == 1 and webhook[0].application.updater is None
    polling = build_serve_front_ends(dispatcher, telegram_polling=True)
    swapped = [f for f in polling if f.name == "telegram"]
    assert len(swapped) == 1 and swapped[0].application.updater is not None
    assert "s3cret" not in repr(tg_settings.env) and "AAH-fake" not in repr(tg_settings.env)


def test_a_webhook_url_without_a_secret_is_refused(tg_settings: Settings) -> None:
    dispatcher = build_dispatcher(tg_settings)
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        TelegramFrontEnd(
            build_runtime(dispatcher),
            token="1:x",
            webhook_url="https://bot.example/telegram/webhook",
        )


@pytest.mark.parametrize(
    ("given", "base"),
    [
        (None, "https://api.telegram.org/bot"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot"),
    ],
)
def test_api_url_is_the_part_before_the_token(given: str | None, base: str) -> None:
    assert api_base_urls(given)[0] == base
