"""Incident notices in customers' Telegram groups, in English, Russian and Chinese: a
resolved incident is announced with the engineer's resolution note, never with the old
trouble note (walkthrough 10, finding 5)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.settings import load_settings
from tests.factories import CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import Bot, StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, private

GROUPS = {"en": -100, "ru": -400, "zh": -300}  # acme, globex, huaxia: all follow mail
TROUBLE = {
    "en": "Outbound mail is delayed by an hour",
    "ru": "Исходящая почта задерживается на час",
    "zh": "外发邮件延迟一小时",
}
FIXED = {
    "en": "The relay queue was cleared, mail flows again",
    "ru": "Очередь ретранслятора очищена, почта снова ходит",
    "zh": "中继队列已清空，邮件恢复正常",
}
RECOVERED = {
    "en": "Mail is operational again",
    "ru": "Mail снова работает",
    "zh": "Mail 已恢复正常",
}


def _multilingual(texts: dict[str, str]) -> str:
    return " | ".join(f"{lang}: {text}" for lang, text in texts.items())


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Globex (Russian) gets a Telegram group and follows mail, as Acme and Huaxia do."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG)
    text = text.replace(
        "channels: [{platform: slack, id: C_GLOBEX}]",
        'channels: [{platform: slack, id: C_GLOBEX}, {platform: telegram, id: "-400"}]',
    )
    text = text.replace("services: [vms]", "services: [vms, mail]")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return add_telegram(path)


def _notices(bot: Bot, group: int, count: int) -> list[str]:
    return [to_plain_text(p["text"]) for p in bot.sent_to(group, count)]


def _open(bot: Bot, note: str) -> str:
    """The engineer opens an incident on mail; its number."""
    bot.send(private(f"/incident open mail degraded {note}", user_id=ENGINEER_USER))
    answer = _notices(bot, ENGINEER_USER, 1)[0]
    found = re.search(r"#(\d+)", answer)
    assert found, answer
    return found.group(1)


def test_a_resolved_incident_is_announced_with_its_resolution_note(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    number = _open(bot, _multilingual(TROUBLE))
    for lang, group in GROUPS.items():
        assert TROUBLE[lang] in _notices(bot, group, 1)[0]

    bot.send(private(f"/incident resolve {number} {_multilingual(FIXED)}", user_id=ENGINEER_USER))
    for lang, group in GROUPS.items():
        resolved = _notices(bot, group, 2)[1]
        assert RECOVERED[lang] in resolved, resolved
        assert FIXED[lang] in resolved, resolved
        assert TROUBLE[lang] not in resolved, resolved


def test_a_resolution_without_words_does_not_repeat_the_trouble(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    number = _open(bot, TROUBLE["en"])
    _notices(bot, GROUPS["ru"], 1)
    bot.send(private(f"/incident resolve {number}", user_id=ENGINEER_USER))
    for lang, group in GROUPS.items():
        resolved = _notices(bot, group, 2)[1]
        assert RECOVERED[lang] in resolved, resolved
        assert TROUBLE["en"] not in resolved, resolved


def test_an_english_resolution_tells_other_readers_its_language(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    number = _open(bot, _multilingual(TROUBLE))
    _notices(bot, GROUPS["zh"], 1)
    bot.send(private(f"/incident resolve {number} {FIXED['en']}", user_id=ENGINEER_USER))
    written = {"ru": "по-английски", "zh": "英文"}
    for lang, group in GROUPS.items():
        resolved = _notices(bot, group, 2)[1]
        assert FIXED["en"] in resolved and TROUBLE[lang] not in resolved, resolved
        if lang in written:
            assert written[lang] in resolved, resolved
