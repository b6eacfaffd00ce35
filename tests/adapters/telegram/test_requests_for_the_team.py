"""Walkthrough 10, finding 2, over Telegram (fake Bot API): "send me the October invoice", as
the invoice article told the customer to write, got the article back and reached nobody.
Now the answer says that only the team can do it and nobody has seen the request yet, with
the "Talk to an engineer" button alone; its three questions end in a ticket whose alert
carries the request and the invoice number."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text

from .conftest import ENGINEERS_CHAT, Bot
from .updates import answering, buttons, callback, mention, message


def test_an_invoice_request_becomes_a_ticket_the_engineers_see(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(mention("send me the October invoice please"), chat_id=group))
    answer = bot.sent_to(group)[0]
    text = to_plain_text(answer["text"])
    assert "Only our team can do this, and nobody there has seen your request yet." in text
    assert "Press “Talk to an engineer” below" in text
    assert "Did this help?" not in text
    assert set(buttons(answer)) == {"Talk to an engineer"}

    bot.send(callback(buttons(answer)["Talk to an engineer"], chat_id=group))
    subject_prompt = bot.sent_to(group, 2)[1]
    assert "send me the October invoice please" in to_plain_text(subject_prompt["text"])
    bot.send(callback(buttons(subject_prompt)["Use this subject"], chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 3)[2])["C — can work around"], chat_id=group))
    described = bot.sent_to(group, 4)[3]
    bot.send(answering(described, "Invoice NW-2026-10-00077, PDF please", chat_id=group))
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: send me the October invoice please" in opened

    alerts = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEERS_CHAT and "October invoice" in c.payload["text"]
        ),
    )
    assert "NW-2026-10-00077" in to_plain_text(alerts[0].payload["text"])
