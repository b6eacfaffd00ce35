"""Blind walkthrough #2 (N3), through the Telegram front end and the fake Bot API, on SQLite and
PostgreSQL: after "No, still broken" the customer's next message — a photo with a caption,
not a reply — goes on the reopened ticket, not to the knowledge base; and words typed instead
of pressing a button after "did this solve it?" go on the ticket and reopen it."""

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
    to_engineers,
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


def test_a_message_instead_of_the_buttons_goes_on_the_resolved_ticket_and_reopens_it(
    bot: Bot,  # noqa: F811
) -> None:
    """Walkthrough: "did this solve it?" answered in words, not with a button."""
    chat = chat_for(bot, "zh")
    number = open_ticket(chat, "VPN 连不上")
    engineer(bot, f"/resolve {number} 已重启 VPN 网关")
    assert "confirm_no" in str(buttons(chat.next()))
    chat.say("还是连不上，提示 内部错误")
    sent = chat.next()
    added = to_plain_text(sent["text"])
    assert added.startswith(f"已添加到 {number}") and "已重新打开" in added
    assert list(buttons(sent)) == ["作为新问题提出"]  # ask it as a new question instead
    told = to_engineers(bot, "还是连不上，提示 内部错误")
    assert number in told and "仍未解决" not in told  # the engineers read English
    assert f"The customer says {number} is not solved; it is open again." in told
    ticket, _ = bot.dispatcher.services.tickets.get(STAFF, number)
    assert str(ticket.status) == "open"
