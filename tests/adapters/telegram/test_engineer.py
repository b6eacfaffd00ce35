"""Engineer commands in a private chat, notices into the customer's topic, chat linking."""

from __future__ import annotations

import re

from bot.adapters.telegram._html import to_plain_text

from .conftest import Bot
from .updates import ENGINEER_USER, message, next_update_id, private

BOT = "acme_support_bot"


def open_ticket(bot: Bot, group: int, topic: int, subject: str) -> str:
    bot.send(message(f"/ticket@{BOT} new {subject}", chat_id=group, topic=topic))
    opened = to_plain_text(bot.sent_to(group)[0]["text"])
    found = re.search(r"Ticket (T-\d+) is open", opened)
    assert found, opened
    return found.group(1)


def test_engineer_reply_reaches_the_customers_forum_topic(bot: Bot) -> None:
    group = bot.new_group()
    number = open_ticket(bot, group, 17, "Mail is slow")
    bot.send(private(f"/take {number}", user_id=ENGINEER_USER))
    bot.send(private(f"/reply {number} Restarted <the> relay & queue", user_id=ENGINEER_USER))
    confirmations = [to_plain_text(p["text"]) for p in bot.sent_to(ENGINEER_USER, 2)]
    assert f"{number} is yours now." in confirmations[0]
    assert f"Your reply on {number} was sent to the customer." in confirmations[1]
    to_customer = bot.sent_to(group, 3)[1:]  # after "ticket opened": taken, then the reply
    assert all(p["message_thread_id"] == 17 for p in to_customer)
    assert "Restarted &lt;the&gt; relay &amp; queue" in to_customer[1]["text"]


def test_the_reply_confirmation_names_no_thread_a_plain_group_has_not(bot: Bot) -> None:
    """Walkthrough #15: a plain group (no forum topics) has no thread; the confirmation
    says where the reply went in words true on every platform."""
    group = bot.new_group()
    bot.send(message(f"/ticket@{BOT} new Printer jams", chat_id=group))
    number = re.search(r"T-\d+", to_plain_text(bot.sent_to(group)[0]["text"]))
    assert number
    bot.send(private(f"/reply {number.group(0)} Which tray?", user_id=ENGINEER_USER))
    confirmation = to_plain_text(bot.sent_to(ENGINEER_USER)[0]["text"])
    assert confirmation == f"Your reply on {number.group(0)} was sent to the customer."
    assert "Which tray?" in bot.sent_to(group, 2)[1]["text"]


def test_customer_cannot_use_engineer_commands(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(f"/take@{BOT} T-1001", chat_id=group))
    assert "for the support team only" in bot.sent_to(group)[0]["text"]


def test_engineer_queue_and_kb_search(bot: Bot) -> None:
    group = bot.new_group()
    number = open_ticket(bot, group, 18, "Backup <failed>")
    bot.send(private("/tickets", user_id=ENGINEER_USER))
    bot.send(private("/kb reset password", user_id=ENGINEER_USER))
    queue, search = bot.sent_to(ENGINEER_USER, 2)
    assert f"<code>{number}</code>" in queue["text"] and "Backup &lt;failed&gt;" in queue["text"]
    assert "Reset a forgotten password" in search["text"]


def test_long_answer_is_split_under_the_limit(bot: Bot) -> None:
    group = bot.new_group()
    number = open_ticket(bot, group, 19, "Long one")
    long_text = " ".join(f"step{n} <check> & fix" for n in range(170))  # 3.7k chars; escaped 5k
    bot.send(private(f"/reply {number} {long_text}", user_id=ENGINEER_USER))
    parts = [p for p in bot.sent_to(group, 3)[1:] if "step" in p["text"]]
    assert len(parts) >= 2
    assert all(len(p["text"].encode("utf-16-le")) // 2 <= 4096 for p in parts)
    joined = to_plain_text(" ".join(p["text"] for p in parts))
    assert "step0 <check> & fix" in joined and "step169 <check> & fix" in joined
    assert "was sent to the customer" in to_plain_text(bot.sent_to(ENGINEER_USER)[0]["text"])


def test_link_code_links_a_new_group_to_the_customer(bot: Bot) -> None:
    bot.send(private("/link acme", user_id=ENGINEER_USER))
    [answer] = bot.api.wait_for(  # the code (an earlier test's late answers may be there too)
        "sendMessage",
        where=lambda c: c.payload.get("chat_id") == ENGINEER_USER and "/link " in c.payload["text"],
    )
    code = re.search(r"/link ([A-Z0-9]+)", answer.payload["text"])
    assert code
    new_group = -9100
    bot.send(message(f"/link@{BOT} {code.group(1)}", chat_id=new_group, update_id=next_update_id()))
    assert "now linked to Acme" in bot.sent_to(new_group)[0]["text"]
    bot.send(message(f"/health@{BOT}", chat_id=new_group))
    assert "VPN gateway" in bot.sent_to(new_group, 2)[1]["text"]
