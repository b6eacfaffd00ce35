"""Findings of the blind walkthrough, replayed through the Telegram front end (fake Bot API)."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text

from .conftest import Bot
from .test_engineer import open_ticket
from .updates import ENGINEER_USER, message, private


def test_a_text_link_keeps_its_address_on_the_way_to_the_engineer(bot: Bot) -> None:
    """Finding 4: words linked with a ``text_link`` entity arrive with the address after them."""
    group = bot.new_group()
    number = open_ticket(bot, group, 41, "Роутер теряет связь")
    bot.send(private(f"/take {number}", user_id=ENGINEER_USER))
    bot.sent_to(ENGINEER_USER)
    link = "https://files.example.cn/router.log"
    text = "Лог роутера 🧾 здесь, и ещё"  # the emoji takes two UTF-16 units
    entities = [
        {"type": "text_link", "offset": 0, "length": 11, "url": link},
        {"type": "text_link", "offset": 12, "length": 2, "url": link + "?emoji"},
    ]
    bot.send(message(text, chat_id=group, topic=41, entities=entities))
    seen = to_plain_text(bot.sent_to(ENGINEER_USER, 2)[-1]["text"])
    assert f"Лог роутера ({link}) 🧾 ({link}?emoji) здесь, и ещё" in seen
