"""The "talk to an engineer" conversation: subject, severity, description, then a ticket."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text

from .conftest import ENGINEERS_CHAT, Bot
from .updates import buttons, callback, mention, message


def ask(bot: Bot, group: int, question: str = "I forgot my password") -> dict[str, str]:
    bot.send(message(mention(question), chat_id=group, topic=5))
    return buttons(bot.sent_to(group)[0])


def alert_for(bot: Bot, needle: str) -> str:
    calls = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == ENGINEERS_CHAT and needle in c.payload["text"],
    )
    return to_plain_text(calls[0].payload["text"])


def test_typed_subject_chosen_severity_and_description_open_a_ticket(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group, topic=5))
    subject_prompt = bot.sent_to(group, 2)[1]
    assert "I forgot my password" in subject_prompt["text"]
    assert subject_prompt["message_thread_id"] == 5
    assert set(buttons(subject_prompt)) == {"Use this subject", "Cancel"}

    bot.send(message("Portal <login> loops", chat_id=group, topic=5, reply_to_bot=True))
    severity_prompt = bot.sent_to(group, 3)[2]
    assert "production is down for everyone" in severity_prompt["text"]
    choices = buttons(severity_prompt)
    assert set(choices) >= {"A — production down", "B — partly affected", "C — can work around"}

    bot.send(callback(choices["A — production down"], chat_id=group, topic=5))
    description_prompt = bot.sent_to(group, 4)[3]
    assert "Skip" in buttons(description_prompt)

    bot.send(message("Since 9:00, all 40 users", chat_id=group, topic=5, reply_to_bot=True))
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: Portal <login> loops" in opened and "Severity A" in opened
    alert = alert_for(bot, "Portal &lt;login&gt; loops")
    assert "[A]" in alert and "Since 9:00, all 40 users" in alert


def test_kept_subject_and_skipped_description(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(
        callback(ask(bot, group, "vpn is not connecting")["Talk to an engineer"], chat_id=group)
    )
    bot.send(callback(buttons(bot.sent_to(group, 2)[1])["Use this subject"], chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 3)[2])["C — can work around"], chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 4)[3])["Skip"], chat_id=group))
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: vpn is not connecting" in opened and "Severity C" in opened


def test_cancel_opens_nothing_and_later_text_is_a_question_again(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group))
    bot.send(message("/cancel@acme_support_bot", chat_id=group))
    assert "no ticket was opened" in bot.sent_to(group, 3)[2]["text"]
    bot.send(message(mention("I forgot my password"), chat_id=group))
    assert "Reset a forgotten password" in bot.sent_to(group, 4)[3]["text"]


def test_a_stale_button_says_the_question_expired(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback("ticket_draft_severity_A:A", chat_id=group))
    assert "expired" in bot.sent_to(group)[0]["text"]


def test_another_customers_question_cannot_be_escalated(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback("kb_talk_to_engineer:999999", chat_id=group))
    assert "couldn" in to_plain_text(bot.sent_to(group)[0]["text"])
