"""Polling mode (development): getUpdates long polls, the same handling, no token in logs."""

from __future__ import annotations

import logging

import pytest

from bot.settings import Settings
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import TOKEN, StartBot
from .updates import buttons, callback, mention, message


def test_polling_answers_questions_and_buttons_and_never_logs_the_token(
    start_bot: StartBot,
    tg_settings: Settings,
    fake_api: FakeTelegramApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = start_bot(tg_settings, polling=True)
    fake_api.wait_for("deleteWebhook")
    fake_api.queue_update(message(mention("I forgot my password")))
    answer = bot.sent_to(-100)[0]
    assert "Reset a forgotten password" in answer["text"]
    fake_api.queue_update(callback(buttons(answer)["No"]))
    assert "didn" in bot.sent_to(-100, 2)[1]["text"]
    assert fake_api.calls("setWebhook") == []
    polls = fake_api.calls("getUpdates")
    assert polls and polls[-1].payload["allowed_updates"] == ["message", "callback_query"]
    assert all(c.token == TOKEN for c in fake_api.calls(ok_only=False))
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text
    assert any(r.name.startswith("telegram") for r in caplog.records)  # PTB did log
