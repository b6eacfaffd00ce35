"""Walkthrough 11, finding 11: an engineer answering in a customer's Telegram group (a reply
to the bot's ticket message) is told privately, once per ticket, to use /reply: the
customer will reply to the engineer's own message, which the bot never sees."""

from __future__ import annotations

import time

from bot.adapters.telegram._html import to_plain_text
from tests.adapters.telegram.conftest import Bot
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    bot,
    chat_for,
    conversation_bot,
    open_ticket,
)
from tests.adapters.telegram.test_walkthrough_groups import (
    HUAXIA_GROUP,
    _eventually,
    _group_ticket,
)
from tests.adapters.telegram.updates import ENGINEER_USER, message


def _hints(app: Bot, number: str) -> list[str]:
    return [
        to_plain_text(text)
        for text in app.api.texts(ENGINEER_USER)
        if f"/reply {number}" in to_plain_text(text)
    ]


def test_an_engineer_answering_in_the_group_is_told_to_use_reply_once(bot: Bot) -> None:  # noqa: F811
    number, opened = _group_ticket(bot, 300005, "打印机共享不了")
    for words in ("Hi, which printer model?", "And which Windows version?"):
        bot.send(message(words, chat_id=HUAXIA_GROUP, user_id=ENGINEER_USER,
                         reply_to_bot=True, replied_text=opened))  # fmt: skip
    deadline = time.monotonic() + 10
    while len(_eventually(bot, number, "reply")) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_eventually(bot, number, "reply")) == 2
    bot.api.wait_for("sendMessage", where=lambda c: c.payload["chat_id"] == ENGINEER_USER)
    [hint] = _hints(bot, number)
    assert f"You answered the customer on {number} in their Telegram group." in hint
    assert f"/reply {number} <text>" in hint
    assert len(bot.api.texts(HUAXIA_GROUP)) == 1  # the customers' group hears nothing of it


def test_reply_through_the_bot_gets_no_hint(bot: Bot) -> None:  # noqa: F811
    number, _ = _group_ticket(bot, 300006, "扫描仪连不上")
    bot.send(message(f"/reply {number} Which scanner?", chat_id=ENGINEER_USER,
                     user_id=ENGINEER_USER))  # fmt: skip
    bot.api.wait_for("sendMessage", where=lambda c: c.payload["chat_id"] == ENGINEER_USER)
    assert _hints(bot, number) == []
