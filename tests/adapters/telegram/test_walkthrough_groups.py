"""Walkthrough findings about files, colleagues and engineers in Telegram groups, through
the real front end and the fake Bot API, on SQLite and PostgreSQL, with updates shaped as
Telegram sends them: a file's words come as its ``caption`` (with ``caption_entities``),
never beside an empty ``text``; a reply quotes the bot's message as the bot wrote it.

- #1: a file's caption is the comment's text, on the ticket and for the engineers.
- #2: a photo or document whose caption mentions the bot in a group is added to the ticket
  its sender just opened.
- #3: an engineer's Telegram reply to the bot's message about a ticket in the customer's
  group is a public reply on it (the first response); the same from a customer is a comment.
- #8: a colleague's "same here, add it to the ticket" right after a ticket was opened in the
  group is answered with a button that adds it there.
"""

from __future__ import annotations

import re
import time
from typing import Any

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor
from tests.adapters.telegram.conftest import ENGINEERS_CHAT, Bot
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    bot,
    chat_for,
    conversation_bot,
    open_ticket,
)
from tests.adapters.telegram.updates import ENGINEER_USER, buttons, callback, message
from tests.fakes.telegram_api import BOT_USER

STAFF = Actor(role=Role.ENGINEER, user_id="alice")
HUAXIA_GROUP = -300  # Chinese-speaking; answers when addressed (Telegram's default)
MENTION = f"@{BOT_USER['username']}"


def _document(name: str) -> dict[str, Any]:
    return {"file_id": f"DOC-{name}", "file_unique_id": f"u-{name}", "file_name": name,
            "mime_type": "text/plain", "file_size": 2048}  # fmt: skip


PHOTO = [{"file_id": "PH-full", "file_unique_id": "p1", "width": 320, "height": 200,
          "file_size": 9000}]  # fmt: skip


def _comments(app: Bot, number: str) -> list[tuple[str, list[str]]]:
    _, events = app.dispatcher.services.tickets.get(STAFF, number)
    return [(e.new or "", [f.name for f in e.files]) for e in events if e.kind == "comment"]


def _engineers_heard(app: Bot, needle: str) -> str:
    calls = app.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEERS_CHAT and needle in to_plain_text(c.payload["text"])
        ),
    )
    return to_plain_text(calls[0].payload["text"])


def _eventually(app: Bot, number: str, kind: str) -> list[tuple[str, str]]:
    """The ticket's replies and comments once one of ``kind`` is there (10 s at most)."""
    deadline = time.monotonic() + 10
    while True:
        _, events = app.dispatcher.services.tickets.get(STAFF, number)
        said = [(e.kind, e.new or "") for e in events if e.kind in ("reply", "comment")]
        if any(k == kind for k, _ in said) or time.monotonic() > deadline:
            return said
        time.sleep(0.05)


def _group_ticket(app: Bot, user: int, subject: str) -> tuple[str, str]:
    """``user`` opens a ticket in huaxia's group: its number, and the bot's message."""
    app.api.reset()
    app.send(message(f"/ticket new {subject}", chat_id=HUAXIA_GROUP, user_id=user))
    opened = to_plain_text(app.sent_to(HUAXIA_GROUP)[0]["text"])
    found = re.search(r"T-\d+", opened)
    assert found, opened
    return found.group(0), opened


def test_a_documents_caption_is_the_comment_in_a_private_chat(bot: Bot) -> None:  # noqa: F811
    chat = chat_for(bot, "ru")
    number = open_ticket(chat, "VPN site-to-site рвётся")
    chat.say(
        None,  # type: ignore[arg-type]  (a document has a caption, not a text)
        document=_document("ipsec-log.txt"),
        caption="вот лог с шлюза",
        reply_to_bot=True,
        replied_text=f"Заявка {number} создана",
    )
    added = to_plain_text(chat.next()["text"])
    assert added.startswith(f"Добавлено в {number}") and "ipsec-log.txt" in added
    assert _comments(bot, number) == [("вот лог с шлюза", ["ipsec-log.txt"])]
    told = _engineers_heard(bot, "вот лог с шлюза")
    assert number in told and "📎 1. ipsec-log.txt" in told


def test_files_whose_caption_mentions_the_bot_reach_the_ticket_just_opened(bot: Bot) -> None:  # noqa: F811
    number, _ = _group_ticket(bot, 300001, "财务邮箱收不到外部邮件")
    mention = [{"type": "mention", "offset": 0, "length": len(MENTION)}]
    bot.send(message(None, chat_id=HUAXIA_GROUP, user_id=300001, photo=PHOTO,
                     caption=f"{MENTION} 截图：退信内容", caption_entities=mention))  # fmt: skip
    bot.send(message(None, chat_id=HUAXIA_GROUP, user_id=300001,
                     document=_document("bounce.eml"),
                     caption=f"{MENTION} 退信原文", caption_entities=mention))  # fmt: skip
    for added in bot.sent_to(HUAXIA_GROUP, 3)[1:]:
        assert to_plain_text(added["text"]).startswith(f"已添加到 {number}")
    assert _comments(bot, number) == [
        ("截图：退信内容", ["photo.jpg"]),
        ("退信原文", ["bounce.eml"]),
    ]


def test_an_engineers_reply_to_the_bots_ticket_message_is_a_public_reply(bot: Bot) -> None:  # noqa: F811
    number, opened = _group_ticket(bot, 300002, "Teams 连不上")
    bot.send(message("Hello, which mailbox exactly?", chat_id=HUAXIA_GROUP,
                     user_id=ENGINEER_USER, reply_to_bot=True, replied_text=opened))  # fmt: skip
    said = _eventually(bot, number, "reply")  # the bot answers nothing: wait for the ticket
    assert said == [("reply", "Hello, which mailbox exactly?")]
    ticket, _ = bot.dispatcher.services.tickets.get(STAFF, number)
    assert ticket.first_response_at is not None and ticket.status == "open"
    assert len(bot.api.texts(HUAXIA_GROUP)) == 1  # the group saw her words; the bot adds none
    # The customer's reply to the same message is a comment, never a public reply.
    bot.send(message("财务部的邮箱", chat_id=HUAXIA_GROUP, user_id=300002,
                     reply_to_bot=True, replied_text=opened))  # fmt: skip
    assert to_plain_text(bot.sent_to(HUAXIA_GROUP, 2)[1]["text"]).startswith(f"已添加到 {number}")
    assert _comments(bot, number) == [("财务部的邮箱", [])]


def test_a_colleague_adds_their_message_to_the_ticket_just_opened(bot: Bot) -> None:  # noqa: F811
    number, _ = _group_ticket(bot, 300003, "VPN 隧道每五分钟断一次")
    me_too = "我这边隧道也一样，请加到工单里"
    bot.send(message(f"{MENTION} {me_too}", chat_id=HUAXIA_GROUP, user_id=300004))
    answer = bot.sent_to(HUAXIA_GROUP, 2)[1]
    assert f"几分钟前此聊天中刚创建了工单 {number}" in to_plain_text(answer["text"])
    add = buttons(answer)["添加到工单"]
    bot.send(callback(add, chat_id=HUAXIA_GROUP, user_id=300004))
    added = to_plain_text(bot.sent_to(HUAXIA_GROUP, 3)[2]["text"])
    assert added.startswith(f"已添加到 {number}")
    assert _comments(bot, number) == [(me_too, [])]
    assert number in _engineers_heard(bot, me_too)
