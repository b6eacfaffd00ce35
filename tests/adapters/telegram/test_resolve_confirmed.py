"""``/resolve`` after the customer already said it works: closed without asking them again;
``/resolve`` on a closed ticket asks nobody (walkthrough 10, finding 13: T-1015 was asked
three times)."""

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

from .conftest import Bot, StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, buttons, callback, message, private

BOT = "acme_support_bot"
GROUPS = {"en": -100, "ru": -400, "zh": -300}
SUBJECT = {"en": "Calendar not syncing", "ru": "Календарь не синхронизируется", "zh": "日历不同步"}
STILL_BROKEN = {"en": "still not syncing", "ru": "всё ещё не работает", "zh": "还是不同步"}
WORKS = {
    "en": "ok it all works now, thanks, you can close it",
    "ru": "да всё работает, письма приходят. закрывайте",
    "zh": "好了，现在能同步了，谢谢！",
}


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
def bot(start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path) -> Bot:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    return start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))


def _texts(bot: Bot, chat: int, count: int) -> list[str]:
    return [to_plain_text(p["text"]) for p in bot.sent_to(chat, count)]


def _engineer(bot: Bot, command: str, answer: str) -> str:
    """The engineer's command in their private chat; the answer there that has ``answer``
    in it (notices about the ticket reach that chat too)."""
    bot.send(private(command, user_id=ENGINEER_USER))
    calls = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload.get("chat_id") == ENGINEER_USER and answer in to_plain_text(c.payload["text"])
        ),
    )
    return to_plain_text(calls[0].payload["text"])


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_resolving_after_the_customer_said_it_works_closes_without_asking_again(
    bot: Bot, lang: str
) -> None:
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(f"/ticket@{BOT} new {SUBJECT[lang]}", chat_id=group))
    opened = _texts(bot, group, 1)[0]
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    _engineer(bot, f"/take {number}", "is yours now")
    _engineer(bot, f"/resolve {number} Re-added the account", "asked to confirm")
    asked = bot.sent_to(group, 3)[2]
    assert t("notice_resolved_ask") in to_plain_text(asked["text"])
    bot.send(callback(buttons(asked)[t("action_ticket_confirm_no")], chat_id=group))
    about = {"reply_to_bot": True, "replied_text": opened}  # answering the bot about it
    bot.send(message(STILL_BROKEN[lang], chat_id=group, **about))  # on the reopened ticket
    bot.send(message(WORKS[lang], chat_id=group, **about))  # then it works: said, not pressed
    said = _texts(bot, group, 6)[3:]
    assert all(number in text for text in said), said

    closing = f"/resolve {number} Customer confirmed sync works"
    closed = _engineer(bot, closing, "resolved and closed")
    assert closed == f"{number} is resolved and closed: the customer had already said it works."
    told = bot.sent_to(group, 7)[6]
    text = to_plain_text(told["text"])
    assert t("notice_resolved", number=number) in text and "Customer confirmed" in text
    assert t("notice_resolved_confirmed", number=number) in text
    assert t("notice_resolved_ask") not in text and "reply_markup" not in told
    shown = _engineer(bot, f"/ticket {number}", "Status:")
    assert "Status: closed" in shown, shown

    again = _engineer(bot, f"/resolve {number}", "already closed")
    assert again == f"{number} is already closed; the customer was not asked again."
    assert len(bot.api.texts(group)) == 7  # nobody asked a third time


def test_resolving_after_other_words_still_asks(bot: Bot) -> None:
    group = GROUPS["en"]
    bot.send(message(f"/ticket@{BOT} new Printer offline", chat_id=group))
    opened = _texts(bot, group, 1)[0]
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    _engineer(bot, f"/reply {number} Restarted the spooler. Does it print?", "was sent")
    still = "thanks, but it is still offline on the second floor"
    bot.send(message(still, chat_id=group, reply_to_bot=True, replied_text=opened))
    _texts(bot, group, 3)
    answer = _engineer(bot, f"/resolve {number}", f"{number} is resolved")
    assert answer == f"{number} is resolved; the customer was asked to confirm."
    assert "Did this solve it?" in _texts(bot, group, 4)[3]


@pytest.mark.parametrize(
    ("lang", "thanks"),
    [("en", "ok thanks"), ("ru", "хорошо, спасибо"), ("zh", "好的，谢谢")],
)
def test_thanks_for_a_promise_is_no_yes(bot: Bot, lang: str, thanks: str) -> None:
    """Walk-through (eleventh session): "好的，谢谢" to an engineer's "we will issue it within
    3 days", then /resolve, closed the ticket telling the customer they had said it works."""
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(f"/ticket@{BOT} new {SUBJECT[lang]}", chat_id=group))
    opened = _texts(bot, group, 1)[0]
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    _engineer(bot, f"/reply {number} I will re-add the account tonight after 20:00", "was sent")
    bot.send(message(thanks, chat_id=group, reply_to_bot=True, replied_text=opened))
    _texts(bot, group, 3)
    answer = _engineer(bot, f"/resolve {number} Re-added the account", f"{number} is resolved")
    assert answer == f"{number} is resolved; the customer was asked to confirm."
    told = _texts(bot, group, 4)[3]
    assert t("notice_resolved_ask") in told
    assert t("notice_resolved_confirmed", number=number) not in told
