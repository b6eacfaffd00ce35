"""What engineers read about a customer's ticket on Telegram: the customer by name, which
of the customer's people wrote, and who took a ticket in the shared engineers' group
(walkthrough 10, finding 13)."""

from __future__ import annotations

import itertools
import re

from bot.adapters.telegram._html import to_plain_text

from .conftest import ENGINEERS_CHAT, Bot
from .updates import ENGINEER_USER, callback, message, private

BOT = "acme_support_bot"
_subjects = itertools.count(1)


def _said_to(bot: Bot, chat: int, words: str) -> str:
    """The first message to ``chat`` containing ``words``, as plain text."""
    calls = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload.get("chat_id") == chat and words in to_plain_text(c.payload["text"])
        ),
    )
    return to_plain_text(calls[0].payload["text"])


def _open(bot: Bot, group: int, name: str, topic: int | None = None) -> tuple[str, str]:
    """``name`` opens a ticket in ``group`` (a forum ``topic`` of it); its number and the
    engineers' alert."""
    subject = f"Printer jams on floor {next(_subjects)}"
    bot.send(message(f"/ticket@{BOT} new {subject}", chat_id=group, name=name, topic=topic))
    alert = _said_to(bot, ENGINEERS_CHAT, subject)
    found = re.search(r"T-\d+", alert)
    assert found, alert
    return found.group(0), alert


def test_the_alert_names_the_person_and_the_customer_not_its_id(bot: Bot) -> None:
    group = bot.new_group()
    number, alert = _open(bot, group, "Ivan Petrov")
    assert f"New ticket {number} from Ivan Petrov (Acme) [" in alert, alert
    assert "from acme" not in alert


def test_taking_a_ticket_in_the_engineers_group_says_who_took_it(bot: Bot) -> None:
    number, _ = _open(bot, bot.new_group(), "Ivan Petrov")
    bot.send(callback(f"ticket_take:{number}", chat_id=ENGINEERS_CHAT, user_id=ENGINEER_USER))
    taken = _said_to(bot, ENGINEERS_CHAT, f"took {number}")
    assert taken == f"Alice took {number}.", taken
    bot.send(private(f"/take {number}", user_id=ENGINEER_USER))  # in their own chat: theirs
    assert f"{number} is yours now." in _said_to(bot, ENGINEER_USER, number)


def test_a_comment_notice_says_which_of_the_customers_people_wrote(bot: Bot) -> None:
    group = bot.new_group()
    number, _ = _open(bot, group, "Ivan Petrov")
    bot.send(private(f"/take {number}", user_id=ENGINEER_USER))
    # the comments' notices go to whoever has the ticket: let the take land first
    _said_to(bot, ENGINEER_USER, f"{number} is yours now.")
    opened = f"Ticket {number} is open: Printer jams"
    for user, name, said in (
        (4002, "Olga Smirnova", "it is the HP on the second floor"),
        (4003, "王芳", "打印机还是卡纸"),
    ):
        update = message(
            said, chat_id=group, user_id=user, name=name, reply_to_bot=True, replied_text=opened
        )
        bot.send(update)
        told = _said_to(bot, ENGINEER_USER, said)
        assert told.startswith(f"New message from {name} (Acme) on {number}:"), told


def test_the_ticket_shows_the_customers_name_to_the_engineer(bot: Bot) -> None:
    number, _ = _open(bot, bot.new_group(), "Ivan Petrov")
    bot.send(private(f"/ticket {number}", user_id=ENGINEER_USER))
    shown = _said_to(bot, ENGINEER_USER, f"{number} Printer jams")
    assert "Customer: Acme (acme)" in shown, shown
    # walkthrough 11: "Customer: Acme Ltd (acme)Assignee: …" on one line
    assert "Customer: Acme (acme)\nAssignee: " in shown, shown


def test_the_customers_answer_on_an_unassigned_ticket_reaches_the_engineer_who_asked(
    bot: Bot,
) -> None:
    """Walkthrough: an engineer answers a ticket nobody has taken and waits; the customer's
    answer reaches them in their own chat, the engineers' group and the ticket's history."""
    for topic in (None, 23):  # a plain group (a reply to the bot's), a forum topic (its thread)
        group = bot.new_group()
        number, _ = _open(bot, group, "Ivan Petrov", topic)
        bot.send(private(f"/reply {number} Which tray jams?", user_id=ENGINEER_USER))
        _said_to(bot, ENGINEER_USER, f"Your reply on {number} was sent")
        answer = f"the second tray, topic {topic}"
        asked = f"Alice (support) on {number}:\nWhich tray jams?"
        to_bot = {"reply_to_bot": True, "replied_text": asked} if topic is None else {}
        bot.send(message(answer, chat_id=group, topic=topic, name="Ivan Petrov", **to_bot))
        told = _said_to(bot, ENGINEER_USER, answer)
        assert told.startswith(f"New message from Ivan Petrov (Acme) on {number}:"), told
        assert answer in _said_to(bot, ENGINEERS_CHAT, answer)  # nobody has it: the queue too
        bot.send(private(f"/ticket {number}", user_id=ENGINEER_USER))
        history = _said_to(bot, ENGINEER_USER, f"{number} Printer jams")
        assert f"customer wrote ({answer})" in history, history
