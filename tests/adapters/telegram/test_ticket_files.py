"""Over the fake Telegram Bot API: a customer's file on a ticket reaches the engineer who
asks for it with ``/file`` (fetched with getFile and the bot's token, sent as a document to
their own chat), and nobody else (walkthrough: engineers saw only a file's name and size)."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from bot.adapters.telegram._html import to_plain_text
from bot.db.models import OutboxMessage
from bot.settings import Settings

from .conftest import ENGINEERS_CHAT, TOKEN, Bot, StartBot
from .updates import ENGINEER_USER, message, private

BOT = "acme_support_bot"
LOG = b"2026-12-03 09:14 ERROR Outlook: credentials rejected (0x80070005)\n"
DOCUMENT = {
    "file_id": "BQAD-outlook-log",
    "file_unique_id": "AgADlog",
    "file_name": "outlook <1>.log",
    "mime_type": "text/plain",
    "file_size": len(LOG),
}


def _said_to(bot: Bot, chat: int, words: str) -> str:
    calls = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == chat and words in to_plain_text(c.payload["text"]),
    )
    return to_plain_text(calls[0].payload["text"])


def _ticket_with_a_log(bot: Bot) -> tuple[int, str]:
    """A customer opens a ticket in a forum topic and sends a log there; (group, number)."""
    bot.api.files[DOCUMENT["file_id"]] = LOG
    bot.api.token = TOKEN
    group = bot.new_group()
    bot.send(message(f"/ticket@{BOT} new Outlook keeps asking", chat_id=group, topic=41))
    found = re.search(r"T-\d+", to_plain_text(bot.sent_to(group)[0]["text"]))
    assert found
    bot.send(message(None, chat_id=group, topic=41, document=DOCUMENT, caption="the log"))
    return group, found.group(0)


def test_the_engineer_gets_the_customers_file_in_their_own_chat(bot: Bot) -> None:
    _, number = _ticket_with_a_log(bot)
    told = _said_to(bot, ENGINEERS_CHAT, "outlook <1>.log")
    assert "📎 1. outlook <1>.log" in told and f"/file {number} 1" in told, told

    bot.send(private(f"/file {number}", user_id=ENGINEER_USER))
    listed = _said_to(bot, ENGINEER_USER, f"Files on {number}")
    assert "1. outlook <1>.log (66 B)" in listed, listed

    bot.send(private(f"/file {number} 1", user_id=ENGINEER_USER))
    said = _said_to(bot, ENGINEER_USER, "a copy is on its way")
    assert said == (
        f"{number}, file 1 (outlook <1>.log (66 B)): a copy is on its way to your own chat "
        "with the bot on Telegram."
    ), said
    caption = _said_to(bot, ENGINEER_USER, f"{number}, file 1:")
    assert caption == f"📎 {number}, file 1: outlook <1>.log (66 B), from Acme", caption
    [sent] = bot.api.wait_for("sendDocument")
    assert sent.payload["chat_id"] == ENGINEER_USER and sent.payload["document"] == LOG
    [download] = bot.api.wait_for("download")
    assert download.token == TOKEN  # fetched with the bot's own token, as Telegram wants


def test_a_customer_cannot_get_a_file_and_a_wrong_number_is_said(bot: Bot) -> None:
    group, number = _ticket_with_a_log(bot)
    _said_to(bot, ENGINEERS_CHAT, "outlook <1>.log")
    bot.send(message(f"/file@{BOT} {number} 1", chat_id=group, topic=41))
    assert "for the support team only" in _said_to(bot, group, "support team")
    bot.send(private(f"/file {number} 2", user_id=ENGINEER_USER))
    assert f"I couldn't find that file: {number} 2" in _said_to(bot, ENGINEER_USER, "find")
    assert bot.api.wait_quiet("sendDocument", 0.5) == []
    assert bot.api.calls("getFile") == []


def test_a_copy_answered_too_late_is_not_sent_again_on_the_retry(
    start_bot: StartBot, tg_settings: Settings
) -> None:
    """Telegram takes the document but answers after the bot's timeout: the outbox retries
    the call, and the engineer still gets the file once (the copy is keyed by the /file
    message that asked for it), with nothing given up."""
    bot = start_bot(tg_settings, send_timeout=1.0)
    bot.api.wait_for("setWebhook")
    _, number = _ticket_with_a_log(bot)
    _said_to(bot, ENGINEERS_CHAT, "outlook <1>.log")
    bot.api.slow("sendDocument", 2.5)
    bot.send(private(f"/file {number} 1", user_id=ENGINEER_USER))
    _said_to(bot, ENGINEER_USER, f"{number}, file 1:")  # the caption, then the file
    bot.api.wait_for("sendDocument")
    assert len(bot.api.wait_quiet("sendDocument", 5.0)) == 1
    with Session(bot.dispatcher.engine) as session:
        rows = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.payload).contains("copy_file"))
        ).all()
    assert [(r.sent_at is not None, r.given_up_at) for r in rows] == [(True, None)]
