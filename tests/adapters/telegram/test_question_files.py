"""Over the fake Telegram Bot API: a photo with a question in its caption is answered,
kept with the question, and on the ticket the "talk to an engineer" conversation opens."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor

from .conftest import ENGINEERS_CHAT, Bot
from .test_conversation import PHOTO, finish
from .updates import buttons, callback, mention, message

STAFF = Actor(role=Role.ENGINEER, user_id="alice")


def test_a_photo_with_a_question_goes_on_the_ticket(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(None, chat_id=group, photo=PHOTO, caption=mention("I forgot my password")))
    answer = bot.sent_to(group)[0]
    said = to_plain_text(answer["text"])
    assert "I kept photo.jpg (245 KB) with your question" in said
    assert "didn't keep" not in said
    bot.send(callback(buttons(answer)["Talk to an engineer"], chat_id=group))
    bot.sent_to(group, 2)
    opened = finish(bot, group, 2)
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    _, events = bot.dispatcher.services.tickets.get(STAFF, number)
    assert [(f.name, f.file_id) for e in events for f in e.files] == [("photo.jpg", "AgAD-big")]
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == ENGINEERS_CHAT and "photo.jpg" in c.payload["text"],
    )
    assert number in to_plain_text(told[0].payload["text"])
