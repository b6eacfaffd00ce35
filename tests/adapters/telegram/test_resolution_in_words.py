"""Walkthrough 10, finding 1, through the Telegram front end and the fake Bot API (SQLite and
PostgreSQL): after "T-… has been resolved. Did this solve it?" a customer's thanks closes the
ticket and pings nobody; only a clear "still broken" opens it again; anything unclear goes
on the ticket and asks again; and a thanks right after a resolution lands on the ticket
just resolved, not on one the customer commented on a minute before."""

from __future__ import annotations

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor
from tests.adapters.telegram.conftest import ENGINEERS_CHAT, Bot
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    ADDED,
    Chat,
    bot,
    chat_for,
    conversation_bot,
    engineer,
    open_ticket,
    to_engineers,
)
from tests.adapters.telegram.updates import ENGINEER_USER, buttons

STAFF = Actor(role=Role.ENGINEER, user_id="alice")
CONFIRMED = {
    "en": "Thanks for confirming — {number} is closed.",
    "ru": "Спасибо за подтверждение — заявка {number} закрыта.",
    "zh": "感谢确认 — 工单 {number} 已关闭。",
}
REOPENED = {
    "en": "It isn't solved yet, so {number} is open again.",
    "ru": "Раз проблема не решена, заявка {number} снова открыта.",
    "zh": "问题尚未解决，工单 {number} 已重新打开。",
}
ASKED_AGAIN = {"en": "Did this solve it?", "ru": "Проблема решена?", "zh": "问题解决了吗？"}
# What the walkthrough's customers wrote (first of each language), and more of the same.
THANKS = [
    ("ru", "спасибо, письма пошли!"),
    ("ru", "отлично, теперь всё синхронизируется, спасибо"),
    ("ru", "да всё работает, письма приходят. закрывайте"),
    ("ru", "звонки больше не обрываются, спасибо большое"),
    ("en", "perfect, I can see sales@ now. thanks a lot Alice!"),
    ("en", "that fixed it, cheers"),
    ("en", "great, no more password prompts. thank you!"),
    ("en", "all sorted on our side, you can close it"),
    ("zh", "好了，现在能收到外部邮件了，谢谢！"),
    ("zh", "太好了，日历同步了，多谢"),
    ("zh", "现在不掉线了，谢谢"),
]
STILL_BROKEN = [
    ("en", "still the same, Outlook keeps asking for the password"),
    ("en", "thanks, but it still drops every 10 minutes"),
    ("ru", "не работает, письма так и не приходят"),
    ("ru", "спасибо, но всё равно выкидывает"),
    ("zh", "还是不行，收不到邮件"),
    ("zh", "又开始闪退了"),
]
UNCLEAR = [
    ("en", "thanks, I'll try it tomorrow morning"),
    ("en", "I restarted the PC as you said"),
    ("ru", "спасибо, попробую вечером"),
    ("ru", "а можно ещё Ивану такой же доступ?"),
    ("zh", "谢谢，我明天试试"),
    ("zh", "我按你说的重启了电脑"),
]


def _resolved(bot: Bot, lang: str, subject: str) -> tuple[Chat, str]:  # noqa: F811
    """A private chat whose ticket the engineer took and resolved, "did this solve it?" read."""
    chat = chat_for(bot, lang)
    number = open_ticket(chat, subject)
    engineer(bot, f"/take {number}")
    chat.next()  # "… is working on"
    engineer(bot, f"/resolve {number} Re-added the account")
    assert "confirm_no" in str(buttons(chat.next()))
    return chat, number


def _status(bot: Bot, number: str) -> str:  # noqa: F811
    ticket, _ = bot.dispatcher.services.tickets.get(STAFF, number)
    return str(ticket.status)


def _told_engineer(bot: Bot, words: str) -> list[str]:  # noqa: F811
    """What the assignee's private chat and the engineers' group got holding ``words``."""
    staff = (ENGINEER_USER, ENGINEERS_CHAT)
    return [
        to_plain_text(c.payload["text"])
        for c in bot.api.calls("sendMessage")
        if c.payload["chat_id"] in staff and words in to_plain_text(c.payload["text"])
    ]


@pytest.mark.parametrize(("lang", "words"), THANKS)
def test_thanks_after_the_resolution_closes_the_ticket_and_pings_nobody(
    bot: Bot,  # noqa: F811
    lang: str,
    words: str,
) -> None:
    chat, number = _resolved(bot, lang, f"Mail does not arrive {lang}")
    chat.say(words)
    answer = to_plain_text(chat.next()["text"])
    assert answer == CONFIRMED[lang].format(number=number)
    assert _status(bot, number) == "closed"
    assert _told_engineer(bot, words) == []  # nothing for the engineer to do
    assert not [t for t in _told_engineer(bot, number) if "not solved" in t]


@pytest.mark.parametrize(("lang", "words"), STILL_BROKEN)
def test_a_clear_still_broken_reopens_it_and_the_engineer_reads_it(
    bot: Bot,  # noqa: F811
    lang: str,
    words: str,
) -> None:
    chat, number = _resolved(bot, lang, f"Mail still broken {lang}")
    chat.say(words)
    answer = to_plain_text(chat.next()["text"])
    assert answer.startswith(f"{ADDED[lang]} {number}")
    assert REOPENED[lang].format(number=number) in answer
    assert _status(bot, number) == "open"
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEER_USER and words in to_plain_text(c.payload["text"])
        ),
    )
    assert f"The customer says {number} is not solved" in to_plain_text(told[0].payload["text"])


@pytest.mark.parametrize(("lang", "words"), UNCLEAR)
def test_an_unclear_word_goes_on_the_ticket_and_asks_again(
    bot: Bot,  # noqa: F811
    lang: str,
    words: str,
) -> None:
    chat, number = _resolved(bot, lang, f"Calendar sync {lang}")
    chat.say(words)
    sent = chat.next()
    answer = to_plain_text(sent["text"])
    assert answer.startswith(f"{ADDED[lang]} {number}")
    assert REOPENED[lang].format(number=number) not in answer
    assert ASKED_AGAIN[lang] in answer  # asked, not assumed
    assert any("confirm_yes" in data for data in buttons(sent).values())
    assert _status(bot, number) == "resolved"
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEER_USER and words in to_plain_text(c.payload["text"])
        ),
    )
    assert "not solved" not in to_plain_text(told[0].payload["text"])


def test_thanks_right_after_a_resolution_lands_on_the_ticket_just_resolved(
    bot: Bot,  # noqa: F811
) -> None:
    """The walkthrough's misfile: a comment on T-A a minute ago, then T-B resolved; "that
    fixed it, cheers" answers T-B's "did this solve it?", not T-A."""
    chat = chat_for(bot, "en")
    first = open_ticket(chat, "Shared mailbox missing")
    engineer(bot, f"/reply {first} Which mailbox is it?")
    chat.next()
    chat.say("sales@ please")
    assert to_plain_text(chat.next()["text"]).startswith(f"Added to {first}")
    second = open_ticket(chat, "Teams status stuck on Away")
    engineer(bot, f"/resolve {second} Cleared the Teams cache")
    chat.next()
    chat.say("that fixed it, cheers")
    assert to_plain_text(chat.next()["text"]) == CONFIRMED["en"].format(number=second)
    assert _status(bot, second) == "closed"
    assert _status(bot, first) == "open"
    _, events = bot.dispatcher.services.tickets.get(STAFF, first)
    assert "that fixed it, cheers" not in [e.new for e in events]


@pytest.mark.parametrize(("lang", "words"), [("en", "ok"), ("ru", "ок"), ("zh", "好的")])
def test_a_bare_ok_is_asked_again_and_reaches_no_engineer(
    bot: Bot,  # noqa: F811
    lang: str,
    words: str,
) -> None:
    """Walk-through (fifteenth session): every "ok" after "did this solve it?" reached the
    engineer's DMs. It now only asks again, with the buttons."""
    chat, number = _resolved(bot, lang, f"Printer mapping {lang}")
    chat.say(words)
    sent = chat.next()
    answer = to_plain_text(sent["text"])
    assert not answer.startswith(ADDED[lang]) and number in answer
    assert ASKED_AGAIN[lang] in answer
    assert any("confirm_yes" in data for data in buttons(sent).values())
    assert _status(bot, number) == "resolved"
    chat.say("/tickets")
    chat.next()  # whatever it lists, the engineer heard nothing of the "ok"
    told = [
        c
        for c in bot.api.calls("sendMessage")
        if c.payload["chat_id"] == ENGINEER_USER
        and number in to_plain_text(c.payload["text"])
        and words == to_plain_text(c.payload["text"]).strip().splitlines()[-1]
    ]
    assert told == []
