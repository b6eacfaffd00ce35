"""A Russian customer (Moscow) and a Chinese one (Shanghai) in their Telegram groups: the
step-by-step ticket questions and their buttons, every notice an English-speaking engineer
causes, the "did this solve it?" buttons and the answer to "yes", in their language, with
the due time in their zone."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.adapters.telegram.render import TelegramRenderer
from bot.settings import load_settings
from tests.factories import CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, buttons, callback, mention, message, private

GROUPS = {"ru": -400, "zh": -300}
QUESTIONS = {"ru": "Outlook не подключается к почте", "zh": "Outlook 无法连接邮件服务器"}
DUE = {
    "ru": re.compile(r"первый ответ до \d\d\.\d\d\.\d{4} \d\d:\d\d MSK"),
    "zh": re.compile(r"首次响应截止 \d{4}年\d\d月\d\d日 \d\d:\d\d（UTC\+8）"),
}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Globex (Russian) gets a Telegram group; Huaxia (Chinese) lives in Shanghai."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG)
    text = text.replace(
        "channels: [{platform: slack, id: C_GLOBEX}]",
        'channels: [{platform: slack, id: C_GLOBEX}, {platform: telegram, id: "-400"}]',
    )
    text = text.replace("language: zh\n", "language: zh\n        timezone: Asia/Shanghai\n")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return add_telegram(path)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_customers_whole_ticket_in_their_language(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path, lang: str
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]

    def said(count: int) -> list[dict]:
        return bot.sent_to(group, count)

    bot.send(message(mention(QUESTIONS[lang]), chat_id=group))
    talk = buttons(said(1)[0])[t("action_kb_talk_to_engineer")]
    bot.send(callback(talk, chat_id=group))
    subject = said(2)[1]
    assert t("draft_subject_prompt") in to_plain_text(subject["text"])
    assert set(buttons(subject)) == {t("action_ticket_draft_keep"), t("action_ticket_draft_cancel")}
    bot.send(callback(buttons(subject)[t("action_ticket_draft_keep")], chat_id=group))
    severity = said(3)[2]
    assert t("draft_severity_prompt") in to_plain_text(severity["text"])
    choice = buttons(severity)[t("action_ticket_draft_severity_C")]
    bot.send(callback(choice, chat_id=group))
    description = said(4)[3]
    assert t("draft_description_prompt") in to_plain_text(description["text"])
    bot.send(callback(buttons(description)[t("action_ticket_draft_skip")], chat_id=group))
    opened = to_plain_text(said(5)[4]["text"])
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    assert DUE[lang].search(opened), opened

    bot.send(private(f"/take {number}", user_id=ENGINEER_USER))
    bot.send(private(f"/reply {number} Please restart Outlook.", user_id=ENGINEER_USER))
    bot.send(private(f"/resolve {number} Profile rebuilt", user_id=ENGINEER_USER))
    taken, reply, resolved = said(8)[5:]
    assert t("notice_taken", engineer="Alice", number=number) in to_plain_text(taken["text"])
    assert t("notice_reply", engineer="Alice", number=number) in to_plain_text(reply["text"])
    assert "Please restart Outlook." in to_plain_text(reply["text"])
    text = to_plain_text(resolved["text"])
    assert t("notice_resolved", number=number) in text and t("notice_resolved_ask") in text
    confirm = buttons(resolved)
    assert set(confirm) == {t("action_ticket_confirm_yes"), t("action_ticket_confirm_no")}

    bot.send(callback(confirm[t("action_ticket_confirm_yes")], chat_id=group))
    closed = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload.get("chat_id") == group
            and t("ticket_confirmed_yes", number=number) in to_plain_text(c.payload["text"])
        ),
    )
    assert closed


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_help_tells_how_to_stop_the_ticket_questions(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path, lang: str
) -> None:
    """Walkthrough 10, finding 13: Telegram's /help lists /cancel, in the customer's language."""
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    t = TelegramRenderer().translator(lang)
    group = {"en": -100, **GROUPS}[lang]
    bot.send(message("/help@acme_support_bot", chat_id=group))
    shown = to_plain_text(bot.sent_to(group)[0]["text"])
    assert f"/cancel — {t('help_cancel')}" in shown, shown


WRITTEN_IN_ENGLISH = {"ru": "(Сообщение ниже — на английском.)", "zh": "（以下更新为英文。）"}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_provider_update_in_english_says_it_is_in_english(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path, lang: str
) -> None:
    """Walkthrough 10, finding 13: an engineer's English reply says which language it is
    in; a provider's English update now does too."""
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(f"/ticket@acme_support_bot new {QUESTIONS[lang]}", chat_id=group))
    number = re.search(r"T-\d+", to_plain_text(bot.sent_to(group)[0]["text"])).group(0)  # type: ignore[union-attr]
    bot.send(private(f"/upstream {number} 2611240010001234", user_id=ENGINEER_USER))
    update = "21Vianet sees packet loss on the Shanghai edge, a fix is rolling out"
    bot.send(private(f"/upstream {number} status {update}", user_id=ENGINEER_USER))
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload.get("chat_id") == group and "packet loss" in c.payload["text"],
    )
    text = to_plain_text(told[0].payload["text"])
    provider = "世纪互联" if lang == "zh" else "21Vianet"  # the provider's name per language
    assert t("notice_upstream_update_head", provider=provider, number=number) in text, text
    assert WRITTEN_IN_ENGLISH[lang] in text and update in text, text
    local = {"ru": "Пакеты теряются на границе в Шанхае", "zh": "上海边缘节点丢包，正在修复"}[lang]
    bot.send(private(f"/upstream {number} status {local}", user_id=ENGINEER_USER))
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload.get("chat_id") == group and local in c.payload["text"],
    )
    assert WRITTEN_IN_ENGLISH[lang] not in to_plain_text(told[0].payload["text"])
