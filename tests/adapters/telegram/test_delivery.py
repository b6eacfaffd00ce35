"""The outbox sender: flood control (429), server errors (5xx), once-only answers."""

from __future__ import annotations

from pathlib import Path

from bot.settings import load_settings
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import Bot, StartBot, telegram_environ
from .updates import mention, message, next_update_id

BOT = "acme_support_bot"


def test_429_waits_retry_after_then_sends_once(bot: Bot) -> None:
    group = bot.new_group()
    bot.api.fail("sendMessage", 429, retry_after=1)
    bot.send(message(f"/health@{BOT}", chat_id=group))
    sent = bot.sent_to(group)
    attempts = bot.api.calls("sendMessage", ok_only=False)
    assert [c.status for c in attempts][:2] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9  # Telegram's retry_after was honoured
    assert len(sent) == 1 and len(bot.api.texts(group)) == 1


def test_500_is_retried_with_backoff_and_order_is_kept(bot: Bot) -> None:
    group = bot.new_group()
    bot.api.fail("sendMessage", 500)
    bot.send(message(f"/health@{BOT}", chat_id=group))
    bot.send(message(f"/help@{BOT}", chat_id=group))
    first, second = bot.sent_to(group, 2)
    assert "VPN gateway" in first["text"] and "/health" in second["text"]
    assert bot.api.calls("sendMessage", ok_only=False)[0].status == 500


def test_html_telegram_rejects_is_resent_as_plain_text(bot: Bot) -> None:
    group = bot.new_group()
    bot.api.fail("sendMessage", 400, description="Bad Request: can't parse entities")
    bot.send(message(f"/health@{BOT}", chat_id=group))
    sent = bot.sent_to(group)[0]
    assert "parse_mode" not in sent and "<b>" not in sent["text"] and "VPN gateway" in sent["text"]


def test_redelivered_update_is_answered_once_on_each_database(
    database_url: str, telegram_config: Path, fake_api: FakeTelegramApi, start_bot: StartBot
) -> None:
    # Fixture order matters: the app stops before its database is dropped.
    settings = load_settings(telegram_config, environ=telegram_environ(fake_api, database_url))
    bot = start_bot(settings)
    update = message(mention("I forgot my password"), update_id=next_update_id())
    for _ in range(3):
        bot.send(update)  # Telegram resends when it thinks we missed it
    bot.send(message(f"/help@{BOT}"))
    answers = bot.sent_to(-100, 2)
    assert "Reset a forgotten password" in answers[0]["text"] and "/health" in answers[1]["text"]
    assert len(fake_api.texts(-100)) == 2
