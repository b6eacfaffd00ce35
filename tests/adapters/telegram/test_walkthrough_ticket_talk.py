"""Walkthrough 11 in a Telegram group, through the real front end and the fake Bot API:
who is presumed to be talking about a ticket just opened there, and a ticket named in
words.

- #3: a colleague's question on another topic, minutes after 李强 opened an RDP ticket in
  the group, is answered as a question: no "T-… was just opened in this chat" and no
  "Add to the ticket" button.
- #4: "@bot по T-…: у директора тоже началось, срочно" goes on that ticket, is confirmed,
  and the engineers read it.
"""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text
from tests.adapters.telegram.conftest import Bot
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    bot,
    conversation_bot,
)
from tests.adapters.telegram.test_walkthrough_groups import (
    HUAXIA_GROUP,
    MENTION,
    _comments,
    _engineers_heard,
    _group_ticket,
)
from tests.adapters.telegram.updates import buttons, message


def test_a_colleagues_other_question_is_not_pushed_onto_the_ticket(bot: Bot) -> None:  # noqa: F811
    number, _ = _group_ticket(bot, 300011, "ERP 服务器 RDP 连不上")
    bot.send(message(f"{MENTION} 忘记密码怎么办", chat_id=HUAXIA_GROUP, user_id=300012))
    answer = bot.sent_to(HUAXIA_GROUP, 2)[1]
    text = to_plain_text(answer["text"])
    assert "重置忘记的密码" in text  # answered as the question it is
    assert number not in text and "添加到工单" not in buttons(answer)
    assert _comments(bot, number) == []


def test_a_colleague_naming_the_ticket_is_heard(bot: Bot) -> None:  # noqa: F811
    number, _ = _group_ticket(bot, 300013, "Outlook 一直提示输入密码")
    words = f"по {number.replace('T', 'т')}: у директора тоже началось, срочно"
    bot.send(message(f"{MENTION} {words}", chat_id=HUAXIA_GROUP, user_id=300014))
    added = bot.sent_to(HUAXIA_GROUP, 2)[1]
    assert to_plain_text(added["text"]).startswith(f"已添加到 {number}")
    assert buttons(added) == {}  # they said which ticket: nothing to take back
    assert _comments(bot, number) == [(words, [])]
    assert number in _engineers_heard(bot, "у директора тоже началось")


def test_a_reply_to_the_answer_that_offered_the_ticket_is_not_filed_on_it(bot: Bot) -> None:  # noqa: F811
    """Walkthrough 12, finding 1: 王磊's reply to the answer that offered 李强's ticket
    ("只有我一个人这样") was filed on that ticket without a button press."""
    number, _ = _group_ticket(bot, 300015, "ERP 服务器 RDP 连不上")
    bot.send(message(f"{MENTION} 我这边 RDP 也一样连不上", chat_id=HUAXIA_GROUP, user_id=300016))
    offer = bot.sent_to(HUAXIA_GROUP, 2)[1]
    offered = to_plain_text(offer["text"])
    assert number in offered and "添加到工单" in buttons(offer)  # offered, not assumed
    reply = message(
        f"{MENTION} 只有我一个人这样，同事都正常",
        chat_id=HUAXIA_GROUP,
        user_id=300016,
        reply_to_bot=True,
        replied_text=offered,
    )
    bot.send(reply)
    answer = to_plain_text(bot.sent_to(HUAXIA_GROUP, 3)[2]["text"])
    assert not answer.startswith(f"已添加到 {number}"), answer
    assert _comments(bot, number) == []
