"""Blind walkthrough #2: "talk to an engineer" twice, through the Telegram front end (fake API)."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor

from .conftest import ENGINEERS_CHAT, Bot
from .test_conversation import COLLEAGUE, ask, finish
from .updates import callback, message


def _colleague_told_of_the_ticket(bot: Bot) -> tuple[int, str, str]:
    """Two people press "Talk to an engineer" in one group; the first finishes the
    conversation and the colleague presses on: (group, ticket number, what they were told)."""
    group = bot.new_group()
    engineer = ask(bot, group, "outlook rejects every login")["Talk to an engineer"]
    bot.send(callback(engineer, chat_id=group))
    bot.send(callback(engineer, chat_id=group, user_id=COLLEAGUE))
    opened = finish(bot, group, 3)
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    bot.send(callback("ticket_draft_keep:", chat_id=group, user_id=COLLEAGUE))
    return group, number, to_plain_text(bot.sent_to(group, 7)[-1]["text"])


def test_a_colleague_mid_conversation_hears_of_the_ticket_at_the_next_press(bot: Bot) -> None:
    """N8: two people press "Talk to an engineer"; one finishes first. The other is told
    which ticket it is at their next press, not after answering every question."""
    group, number, told = _colleague_told_of_the_ticket(bot)
    assert f"{number} is already open for this question" in told
    # The conversation is over: a later step of it says so, and opens nothing.
    bot.send(callback("ticket_draft_severity_C:C", chat_id=group, user_id=COLLEAGUE))
    assert "expired" in to_plain_text(bot.sent_to(group, 8)[-1]["text"])
    alerts = [c for c in bot.api.calls("sendMessage") if c.payload["chat_id"] == ENGINEERS_CHAT]
    assert sum("outlook rejects every login" in c.payload["text"] for c in alerts) == 1


def test_a_long_question_reaches_its_ticket_whole(bot: Bot) -> None:
    """N1: a 9,000-character question with a mention, escalated with the subject kept and the
    description skipped: the ticket holds all of it; the proposed subject is its first line."""
    group = bot.new_group()
    lines = ["Outlook cannot send, log below"]
    lines += [f"line {i}: 0x800CCC0E SMTP connect failed to smtp.acme.cn:587" for i in range(160)]
    log = "\n".join([*lines, "END OF LOG tg"])
    assert len(log) > 9000
    bot.send(callback(ask(bot, group, log)["Talk to an engineer"], chat_id=group))
    proposed = to_plain_text(bot.sent_to(group, 2)[1]["text"])
    assert "Outlook cannot send, log below" in proposed and "line 1:" not in proposed
    opened = finish(bot, group, 2)
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    ticket = bot.dispatcher.services.tickets.get(staff, number)[0]
    assert ticket.subject == "Outlook cannot send, log below"
    assert ticket.description == log


def test_a_reply_to_the_already_open_message_goes_to_that_ticket(bot: Bot) -> None:
    """Walkthrough #3: the colleague told "T-… is already open" answers that message; their
    words go on the ticket, not to the knowledge base."""
    group, number, told = _colleague_told_of_the_ticket(bot)
    assert f"{number} is already open" in told
    bot.send(
        message(
            "it fails on my laptop too, since 9:00",
            chat_id=group,
            user_id=COLLEAGUE,
            reply_to_bot=True,
            replied_text=told,
        )
    )
    answer = to_plain_text(bot.sent_to(group, 8)[-1]["text"])
    assert number in answer and "not sure" not in answer.lower()
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    _ticket, events = bot.dispatcher.services.tickets.get(staff, number)
    assert any(e.new and "fails on my laptop too" in e.new for e in events)
