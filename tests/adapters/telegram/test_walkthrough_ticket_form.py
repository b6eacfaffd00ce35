"""Walkthrough: the Telegram ticket form left half-done, its severity asked again, and a
stale "No, still broken" after "Yes, solved" (en, ru, zh)."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.adapters.telegram.render import TelegramRenderer
from bot.clock import utc_now
from bot.settings import load_settings
from tests.factories import CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import Bot, StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, buttons, callback, mention, message, private

BOT = "acme_support_bot"
GROUPS = {"en": -100, "ru": -400, "zh": -300}
QUESTION = {"en": "I forgot my password", "ru": "Забыл пароль", "zh": "忘记密码了"}
NEW_QUESTION = {
    "en": "how do I connect to the VPN?",
    "ru": "как подключиться к VPN?",
    "zh": "怎么连接VPN？",
}


class Clock:
    """The bot's clock: now, moved on by the test (the people walk away and come back)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utc_now() + self.offset


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Globex (Russian) gets a Telegram group beside Acme's and Huaxia's (Chinese)."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG).replace(
        "channels: [{platform: slack, id: C_GLOBEX}]",
        'channels: [{platform: slack, id: C_GLOBEX}, {platform: telegram, id: "-400"}]',
    )
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return add_telegram(path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path, clock: Clock
) -> Bot:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    settings = load_settings(config_file, environ=telegram_environ(fake_api, url))
    return start_bot(settings, clock=clock)


def _texts(bot: Bot, chat: int, count: int) -> list[str]:
    return [to_plain_text(p["text"]) for p in bot.sent_to(chat, count)]


def _start_form(bot: Bot, lang: str) -> dict:
    """Ask, press "talk to an engineer": the subject prompt (the second message)."""
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(mention(QUESTION[lang]), chat_id=group))
    talk = buttons(bot.sent_to(group, 1)[0])[t("action_kb_talk_to_engineer")]
    bot.send(callback(talk, chat_id=group))
    return bot.sent_to(group, 2)[1]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_repro_abandoned_form_takes_next_message(bot: Bot, clock: Clock, lang: str) -> None:
    group = GROUPS[lang]
    _start_form(bot, lang)
    clock.offset = timedelta(minutes=20)
    bot.send(message(mention(NEW_QUESTION[lang]), chat_id=group))
    print(_texts(bot, group, 3)[2])
    assert False


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_repro_severity_reask(bot: Bot, lang: str) -> None:
    group = GROUPS[lang]
    prompt = _start_form(bot, lang)
    t = TelegramRenderer().translator(lang)
    bot.send(callback(buttons(prompt)[t("action_ticket_draft_keep")], chat_id=group))
    sev = bot.sent_to(group, 3)[2]
    bot.send(message("high", chat_id=group, reply_to_bot=True, replied_text=to_plain_text(sev["text"])))
    again = bot.sent_to(group, 4)[3]
    print(again)
    assert False


def test_repro_stale_no(bot: Bot) -> None:
    lang = "en"
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(f"/ticket@{BOT} new Calendar not syncing", chat_id=group))
    opened = _texts(bot, group, 1)[0]
    number = re.search(r"T-\d+", opened).group(0)
    bot.send(private(f"/resolve {number} fixed", user_id=ENGINEER_USER))
    asked = bot.sent_to(group, 2)[1]
    bot.send(message("I restarted the PC", chat_id=group, reply_to_bot=True, replied_text=to_plain_text(asked["text"])))
    again = bot.sent_to(group, 3)[2]
    bot.send(callback(buttons(again)[t("action_ticket_confirm_yes")], chat_id=group))
    bot.sent_to(group, 4)
    bot.send(callback(buttons(asked)[t("action_ticket_confirm_no")], chat_id=group))
    print(_texts(bot, group, 5))
    assert False
