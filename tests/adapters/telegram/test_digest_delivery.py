"""A manager's Telegram chat receives the scheduled digest: the chart as a photo, then the text."""

from __future__ import annotations

from datetime import UTC, datetime

from freezegun import freeze_time

from bot.services.digest.schedule import latest_due
from bot.settings import DigestConfig
from tests.adapters.telegram.conftest import Bot

MANAGERS_CHAT = -1009990001


def test_digest_arrives_with_its_chart(bot: Bot) -> None:
    digest = DigestConfig.model_validate(
        {
            "name": "tg-managers",
            "recipient": {"platform": "telegram", "id": str(MANAGERS_CHAT)},
            "time": "09:00",
            "timezone": "Europe/Moscow",
        }
    )
    service = bot.dispatcher.services.digest
    now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    occurrence = latest_due(digest, now, service.zone(digest.timezone))
    assert occurrence is not None
    with freeze_time(now):
        assert service.deliver(digest, occurrence, now) is True
        assert service.deliver(digest, occurrence, now) is False  # once per period
    bot.front_end.sender.wake()
    [photo] = bot.api.wait_for("sendPhoto", where=lambda c: c.payload["chat_id"] == MANAGERS_CHAT)
    assert photo.payload["photo"][:8] == b"\x89PNG\r\n\x1a\n"
    [text] = bot.sent_to(MANAGERS_CHAT)
    assert "2026-11-23" in text["text"]
    calls = bot.api.calls(ok_only=False)
    sent = [c.method for c in calls if c.payload.get("chat_id") == MANAGERS_CHAT]
    assert sent == ["sendPhoto", "sendMessage"]
