"""Blind walkthrough #2 (N3), through the Telegram front end and the fake Bot API, on SQLite and
PostgreSQL: after "No, still broken" the customer's next message — a photo with a caption,
not a reply — goes on the reopened ticket, not to the knowledge base."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor
from tests.adapters.telegram.conftest import Bot
from tests.adapters.telegram.test_safety import PHOTO
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    bot,
    chat_for,
    conversation_bot,
    engineer,
    open_ticket,
)
from tests.adapters.telegram.updates import buttons

STAFF = Actor(role=Role.ENGINEER, user_id="alice")


def test_the_message_after_still_broken_goes_on_the_reopened_ticket(bot: Bot) -> None:  # noqa: F811
    chat = chat_for(bot, "zh")
    number = open_ticket(chat, "邮件发不出去")
    engineer(bot, f"/resolve {number} 已重启邮件网关")
    resolved = chat.next()
    still_broken = next(data for data in buttons(resolved).values() if "confirm_no" in data)
    chat.press(still_broken)
    reopened = to_plain_text(chat.next()["text"])
    assert number in reopened and "我会把它加到工单里" in reopened  # where the next message goes
    chat.say(None, photo=PHOTO, caption="还是发不出去，附上截图")  # type: ignore[arg-type]
    added = to_plain_text(chat.next()["text"])
    assert added.startswith(f"已添加到 {number}") and "photo.jpg (245 KB)" in added
    assert "未保存" not in added
    _, events = bot.dispatcher.services.tickets.get(STAFF, number)
    comment = next(e for e in events if e.kind == "comment")
    assert comment.new == "还是发不出去，附上截图"
    assert [f.name for f in comment.files] == ["photo.jpg"]
