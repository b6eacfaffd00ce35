"""Scenarios through the webhook route over real HTTP, answers observed at the fake Bot API."""

from __future__ import annotations

import re

from bot.adapters.telegram._html import to_plain_text

from .conftest import ENGINEERS_CHAT, SECRET, Bot
from .updates import ENGINEER_USER, buttons, callback, mention, message, next_update_id, private

BOT = "acme_support_bot"


def test_start_registered_the_webhook_with_its_secret_and_the_command_menus(
    shared_bot: Bot,
) -> None:
    webhook = shared_bot.api.wait_for("setWebhook")[0].payload
    assert webhook["url"] == "https://bot.reseller.example/telegram/webhook"
    assert webhook["secret_token"] == "s3cret-webhook-token"
    assert webhook["allowed_updates"] == ["message", "callback_query"]
    menus = shared_bot.api.wait_for("setMyCommands", 2)
    default = next(c.payload for c in menus if c.payload["scope"]["type"] == "default")
    staff = next(c.payload for c in menus if c.payload["scope"]["type"] == "chat")
    customer_commands = {c["command"] for c in default["commands"]}
    assert customer_commands >= {"help", "health", "tickets"} and "take" not in customer_commands
    assert staff["scope"]["chat_id"] == ENGINEER_USER
    assert {c["command"] for c in staff["commands"]} >= {"take", "reply", "resolve", "kb", "link"}


def test_wrong_or_missing_secret_is_refused(bot: Bot) -> None:
    group = bot.new_group()
    update = message(mention("I forgot my password"), chat_id=group)
    assert bot.post(update, secret="wrong").status_code == 403
    assert bot.post(update, secret=None).status_code == 403
    bot.send(message(f"/help@{BOT}", chat_id=group))  # a marker: the only answer
    assert "/health" in bot.sent_to(group)[0]["text"]
    assert len(bot.api.calls("sendMessage")) == 1


def test_group_question_with_mention_is_answered_with_a_keyboard(bot: Bot) -> None:
    group = bot.new_group()
    update = message(mention("I forgot my password"), chat_id=group)
    bot.send(update)
    sent = bot.sent_to(group)[0]
    assert "Reset a forgotten password" in sent["text"]
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert set(buttons(sent)) == {"Yes, it helped", "No", "Talk to an engineer"}


def test_group_chatter_without_mention_is_ignored_but_commands_are_not(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message("I forgot my password", chat_id=group))  # people talking among themselves
    bot.send(message("/help@some_other_bot", chat_id=group))  # another bot's command
    bot.send(message(f"/health@{BOT}", chat_id=group))
    sent = bot.sent_to(group)
    assert "VPN gateway" in sent[0]["text"]
    assert len(bot.api.texts(group)) == 1


def test_a_reply_to_the_bot_counts_as_addressed(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message("I forgot my password", chat_id=group, reply_to_bot=True))
    assert "Reset a forgotten password" in bot.sent_to(group)[0]["text"]


def test_forum_topic_is_the_thread(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(mention("I forgot my password"), chat_id=group, topic=42))
    assert bot.sent_to(group)[0]["message_thread_id"] == 42


def test_edits_bots_and_service_messages_are_ignored(bot: Bot) -> None:
    group = bot.new_group()
    edited = message(mention("I forgot my password"), chat_id=group)
    edited["edited_message"] = edited.pop("message")
    bot.send(edited)
    bot.send(message(mention("I forgot my password"), chat_id=group, from_bot=True))
    joined = [{"id": 9, "is_bot": False, "first_name": "N"}]
    bot.send(message(None, chat_id=group, new_chat_members=joined))
    bot.send(message(f"/help@{BOT}", chat_id=group))  # a marker: answered after the others
    assert "/health" in bot.sent_to(group)[0]["text"]
    assert len(bot.api.texts(group)) == 1


def test_duplicate_update_id_is_answered_once(bot: Bot) -> None:
    group = bot.new_group()
    update = message(mention("I forgot my password"), chat_id=group, update_id=next_update_id())
    bot.send(update)
    bot.send(update)
    bot.send(message(f"/help@{BOT}", chat_id=group))
    sent = bot.sent_to(group, 2)
    assert "Reset a forgotten password" in sent[0]["text"] and "/health" in sent[1]["text"]
    assert len(bot.api.texts(group)) == 2


def test_unmapped_chat_gets_a_polite_refusal(bot: Bot) -> None:
    bot.send(private("I forgot my password", user_id=999))
    sent = bot.sent_to(999)[0]
    assert "isn't linked to a customer account" in to_plain_text(sent["text"])
    assert "reply_markup" not in sent


def test_hostile_text_is_escaped_in_what_we_send(bot: Bot) -> None:
    group = bot.new_group()
    hostile = "</b><script>alert(1)</script> & <a href='javascript:x'>"
    bot.send(message(f"/ticket@{BOT} new {hostile}", chat_id=group))
    bot.send(message(f"/nonsense{hostile}", chat_id=group))
    for sent in bot.sent_to(group, 2):
        assert "<script>" not in sent["text"] and "<a href='javascript" not in sent["text"]
        assert "&lt;script&gt;" in sent["text"]


def test_helped_button_records_feedback_and_removes_the_keyboard(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(mention("I forgot my password"), chat_id=group))
    data = buttons(bot.sent_to(group)[0])["Yes, it helped"]
    bot.send(callback(data, chat_id=group, message_id=321))
    assert "glad it helped" in bot.sent_to(group, 2)[1]["text"]
    bot.api.wait_for("answerCallbackQuery")
    edit = bot.api.wait_for("editMessageReplyMarkup")[0].payload
    assert edit == {"chat_id": group, "message_id": 321, "reply_markup": {"inline_keyboard": []}}


def test_new_ticket_alert_reaches_the_engineers_chat_as_a_notice(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(f"/ticket@{BOT} new VPN drops <every> hour", chat_id=group))
    assert "is open" in to_plain_text(bot.sent_to(group)[0]["text"])
    alert = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == ENGINEERS_CHAT and "every" in c.payload["text"],
    )[0].payload
    assert "VPN drops &lt;every&gt; hour" in alert["text"]
    assert set(buttons(alert)) == {"Take", "Open"}


def _alert_keyboard_after(bot: Bot, data: str, message_id: int) -> set[str]:
    """Press ``data`` on the engineers' alert ``message_id``: the labels its keyboard keeps."""
    bot.send(callback(data, chat_id=ENGINEERS_CHAT, user_id=ENGINEER_USER, message_id=message_id))
    edit = bot.api.wait_for(
        "editMessageReplyMarkup", where=lambda c: c.payload["message_id"] == message_id
    )[-1].payload
    if data.startswith("ticket_open:"):  # the ticket it shows, before the next test reads calls
        ticket = data.split(":", 1)[1]
        bot.api.wait_for(
            "sendMessage",
            where=lambda c: c.payload["chat_id"] == ENGINEERS_CHAT and ticket in c.payload["text"],
        )
    bot.api.reset()
    return {b["text"] for row in edit["reply_markup"]["inline_keyboard"] for b in row}


def test_open_on_an_alert_keeps_take_while_nobody_has_the_ticket(bot: Bot) -> None:
    """Walkthrough #10: "Open" only shows the ticket; the alert keeps "Take" until it is
    taken, and "Open" after that (as the Slack alert keeps its buttons)."""
    group = bot.new_group()
    bot.send(message(f"/ticket@{BOT} new Alert buttons", chat_id=group))
    number = re.search(r"T-\d+", to_plain_text(bot.sent_to(group)[0]["text"]))
    assert number
    ticket = number.group(0)
    assert _alert_keyboard_after(bot, f"ticket_open:{ticket}", 901) == {"Take", "Open"}
    assert _alert_keyboard_after(bot, f"ticket_take:{ticket}", 901) == {"Open"}
    assert _alert_keyboard_after(bot, f"ticket_open:{ticket}", 901) == {"Open"}


def _settle(bot: Bot, quiet: float = 1.0, limit: float = 15.0) -> None:
    """Wait until the bot has sent nothing for ``quiet`` seconds, then forget what it
    sent: replies to earlier tests in this module (they share the app) may still be on
    their way, and must not be counted as answers to the next one."""
    import time

    deadline = time.monotonic() + limit
    seen, since = len(bot.api.calls("sendMessage")), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.05)
        now = len(bot.api.calls("sendMessage"))
        if now != seen:
            seen, since = now, time.monotonic()
    bot.api.reset()


def test_an_oversized_update_is_refused_before_it_is_read(bot: Bot) -> None:
    import socket
    from urllib.parse import urlsplit

    _settle(bot)

    where = urlsplit(bot.url)
    head = (
        "POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {2 * 1024 * 1024}\r\n\r\n"
    )
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(head.encode() + b'{"update_id": 1, "padding": "')  # and no more
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413")  # answered without waiting for the 2 MB
    assert bot.api.calls("sendMessage") == []


def test_malformed_anonymous_posts_get_403_and_one_line(bot: Bot, caplog) -> None:
    import logging

    caplog.set_level(logging.INFO)
    response = bot.client.post(bot.url + "/telegram/webhook", content=b"\xff\xfe{{{")
    assert response.status_code == 403
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and lines[0].exc_info is None
