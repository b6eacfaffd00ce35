"""Walkthrough 10, findings 8 and 10, through the Telegram front end and the fake Bot API (SQLite
and PostgreSQL):

- #8: "talk to an engineer" under the bot's answer to "didnt help, its every single file…"
  or to a screenshot's caption proposes the question the conversation began with as the
  subject, and the ticket's description keeps what was said after it, in order;
- #10: "sorry, wrong button. I do want an engineer" right after cancelling the ticket
  questions asks for a person (and so do its Russian and Chinese cousins), offering the
  conversation's question again.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from bot.adapters.telegram._html import to_plain_text
from tests.adapters.telegram.conftest import ENGINEERS_CHAT, Bot
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    bot,
    chat_for,
    conversation_bot,
)
from tests.adapters.telegram.updates import buttons, callback, mention, message
from tests.fakes.telegram_api import BOT_USER

HUAXIA_GROUP = -300
PHOTO = [{"file_id": "PH-err", "file_unique_id": "p-err", "width": 320, "height": 200,
          "file_size": 9000}]  # fmt: skip
_users = itertools.count(4600)


class GroupChat:
    """One person in a group chat with the bot, and what the bot has sent there."""

    def __init__(self, bot: Bot, chat_id: int) -> None:  # noqa: F811
        self.bot, self.chat_id, self.user = bot, chat_id, next(_users)
        sent = bot.api.calls("sendMessage")
        self.seen = len([c for c in sent if c.payload.get("chat_id") == chat_id])

    def say(self, text: str, **kw: Any) -> dict[str, Any]:
        self.bot.send(message(mention(text), chat_id=self.chat_id, user_id=self.user, **kw))
        return self.next()

    def show(self, caption: str) -> dict[str, Any]:
        """A photo whose caption mentions the bot (as Telegram sends it)."""
        name = f"@{BOT_USER['username']}"
        entities = [{"type": "mention", "offset": 0, "length": len(name)}]
        photo = message(None, chat_id=self.chat_id, user_id=self.user, photo=PHOTO,
                        caption=f"{name} {caption}", caption_entities=entities)  # fmt: skip
        self.bot.send(photo)
        return self.next()

    def press(self, sent: dict[str, Any], label: str) -> dict[str, Any]:
        data = next(d for lab, d in buttons(sent).items() if label in d)
        self.bot.send(callback(data, chat_id=self.chat_id, user_id=self.user))
        return self.next()

    def next(self) -> dict[str, Any]:
        self.seen += 1
        return self.bot.sent_to(self.chat_id, self.seen)[-1]


def _text(sent: dict[str, Any]) -> str:
    return to_plain_text(sent["text"])


def test_the_ticket_keeps_the_first_question_and_a_slip_still_reaches_a_person(
    bot: Bot,  # noqa: F811
) -> None:
    chat = GroupChat(bot, bot.new_group())
    first = "vpn wont connect, red icon on every laptop since yesterday"
    chat.say(first)
    unsure = chat.say("didnt help, its every single tunnel not just mine")
    draft = chat.press(unsure, "kb_talk_to_engineer")
    assert first in _text(draft)  # #8: the proposed subject is the question asked first
    assert "every single tunnel" not in _text(draft)
    chat.say("/cancel")
    offer = chat.say("sorry, wrong button. I do want an engineer")
    assert _text(offer).startswith("Of course — an engineer can take this over.")  # #10
    assert first in _text(offer)
    draft = chat.press(offer, "kb_talk_to_engineer")
    assert first in _text(draft)
    severity = chat.press(draft, "ticket_draft_keep")
    described = chat.press(severity, "ticket_draft_severity_C")
    opened = chat.press(described, "ticket_draft_skip")
    number = re.search(r"T-\d+", _text(opened)).group(0)  # type: ignore[union-attr]
    alert = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == ENGINEERS_CHAT and number in c.payload["text"],
    )[0].payload
    told = _text(alert)
    assert re.search(rf"New ticket {number} from .*\(Acme\) \[C\]: {re.escape(first)}", told)
    assert told.index(first) < told.index("every single tunnel")  # the rest, described


def test_a_screenshots_caption_keeps_the_question_before_it_as_the_subject(
    bot: Bot,  # noqa: F811
) -> None:
    chat = GroupChat(bot, HUAXIA_GROUP)
    first = "Teams 开会一直掉线，是你们那边的问题吗？"
    chat.say(first)
    answered = chat.show("这是报错截图：“你的网络连接存在问题”")
    draft = chat.press(answered, "kb_talk_to_engineer")
    assert first in _text(draft) and "报错截图" not in _text(draft)


@pytest.mark.parametrize(
    ("lang", "question", "slip", "offered"),
    [
        ("ru", "как сбросить пароль", "извините, не ту кнопку нажал. всё-таки нужен инженер",
         "Конечно — инженер может этим заняться."),
        ("zh", "如何重置密码", "不好意思，按错了，我还是要人工", "当然可以 — 工程师可以接手处理。"),
        ("en", "how do I reset my password", "oops, wrong button - I'd like a person after all",
         "Of course — an engineer can take this over."),
    ],
)  # fmt: skip
def test_a_slip_after_cancelling_still_asks_for_a_person(
    bot: Bot,  # noqa: F811
    lang: str,
    question: str,
    slip: str,
    offered: str,
) -> None:
    chat = chat_for(bot, lang)
    chat.say(question)
    answer = chat.next()
    chat.press(buttons(answer)[next(k for k, v in buttons(answer).items() if "engineer" in v)])
    assert question in _text(chat.next())  # the ticket's first question
    chat.say("/cancel")
    chat.next()
    chat.say(slip)
    offer = _text(chat.next())
    assert offer.startswith(offered) and question in offer
