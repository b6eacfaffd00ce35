"""Through the Telegram front end (fakeB walkthrough): "is Outlook down?" leads with what
our checks see of it, and a person's question in one acme group is not "the question
before" in another acme group."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text

from .conftest import Bot
from .updates import mention, message


def test_is_outlook_down_leads_with_the_state_of_mail(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(mention("is outlook down?"), chat_id=group))
    text = to_plain_text(bot.sent_to(group)[0]["text"]).strip()
    assert text.splitlines()[0] == "Mail: our checks see no problem on our side right now."
    assert "/health mail" in text.splitlines()[1]


def test_a_request_for_a_person_in_another_group_is_not_about_this_group_question(
    bot: Bot,
) -> None:
    here, there = bot.new_group(), bot.new_group()
    bot.send(message(mention("I forgot my password"), chat_id=here))
    bot.sent_to(here)
    bot.send(message(mention("can I talk to a real person?"), chat_id=there))
    elsewhere = to_plain_text(bot.sent_to(there)[0]["text"])
    assert "I forgot my password" not in elsewhere
    bot.send(message(mention("can I talk to a real person?"), chat_id=here))
    same_chat = to_plain_text(bot.sent_to(here, 2)[1]["text"])
    assert "I forgot my password" in same_chat
