"""Findings of the blind walkthrough, replayed through the Telegram front end (fake Bot API)."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text

from .conftest import Bot
from .test_engineer import open_ticket
from .updates import ENGINEER_USER, message, private


def test_menus_give_customers_no_staff_hints(shared_bot: Bot) -> None:
    """Finding 14: the customers' menu describes /tickets without staff-only filters; the
    engineer's private menu keeps them (runs first: the ``bot`` fixture clears the record)."""
    menus = shared_bot.api.wait_for("setMyCommands", 2)
    described = {
        c.payload["scope"]["type"]: {m["command"]: m["description"] for m in c.payload["commands"]}
        for c in menus
        if c.payload.get("language_code") is None
    }
    assert "mine" not in described["default"]["tickets"]
    assert "mine" in described["chat"]["tickets"]


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
