"""Telegram conversations about tickets, through the real front end and the fake Bot API,
in English, Russian and Chinese, on SQLite and PostgreSQL: a reply to the bot is a
comment the engineer sees; the ticket waiting on the customer takes their next
message, with a button to ask it as a new question; forum topics stay threads; notes
never reach the customer; small talk; what the bot answers in which group."""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.settings import load_settings
from tests.databases import database_url_for
from tests.factories import CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import ENGINEERS_CHAT, Bot, add_telegram, serving, telegram_environ
from .updates import ENGINEER_USER, buttons, callback, mention, message, private

PRIVATE_CHATS = {
    "acme": range(4001, 4031),
    "globex": range(4101, 4131),
    "huaxia": range(4201, 4231),
}
ALL_GROUP = -160  # an acme group whose config says: answer every question
ADDED = {"en": "Added to", "ru": "Добавлено в", "zh": "已添加到"}
ASK_BUTTON = {
    "en": "Ask as a new question",
    "ru": "Задать как новый вопрос",
    "zh": "作为新问题提出",
}
QUESTION = {"en": "how do I reset my password", "ru": "как сбросить пароль", "zh": "如何重置密码"}
ANSWER = {"en": "Reset a forgotten password", "ru": "Сброс забытого пароля", "zh": "重置忘记的密码"}
THANKS = {"en": ("thanks!", "You're welcome!"), "ru": ("спасибо", "Пожалуйста!"),
          "zh": ("谢谢", "不客气！")}  # fmt: skip
CUSTOMERS = {"en": "acme", "ru": "globex", "zh": "huaxia"}
_chats = {name: itertools.cycle(chats) for name, chats in PRIVATE_CHATS.items()}


def _config_text() -> str:
    """The conversation config with private chats for each customer and an "all" group."""
    text = textwrap.dedent(with_conversation_chats(CONFIG))
    for customer, chats in PRIVATE_CHATS.items():
        refs = "".join(f', {{platform: telegram, id: "{c}"}}' for c in chats)
        if customer == "acme":
            refs += f', {{platform: telegram, id: "{ALL_GROUP}", answers: all}}'
        anchor = {"acme": "id: C_ACME}", "globex": "id: C_GLOBEX}", "huaxia": "id: C_HUAXIA}"}
        text = text.replace(anchor[customer], anchor[customer] + refs, 1)
    return text


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def conversation_bot(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Bot]:
    folder = tmp_path_factory.mktemp("tg-threads")
    write_kb(folder / "kb")
    config = folder / "supportbot.yml"
    config.write_text(_config_text(), encoding="utf-8")
    add_telegram(config)
    for url in database_url_for(request.param, folder / "var"):
        with FakeTelegramApi() as api:
            settings = load_settings(config, environ=telegram_environ(api, url))
            with serving(api, settings) as bot:
                yield bot


@pytest.fixture
def bot(conversation_bot: Bot) -> Bot:
    conversation_bot.api.reset()
    return conversation_bot


@dataclass
class Chat:
    """One customer's private chat with the bot, and what it has received so far."""

    bot: Bot
    lang: str
    chat_id: int
    seen: int = 0

    def say(self, text: str, **kw: Any) -> None:
        self.bot.send(private(text, user_id=self.chat_id, **kw))

    def press(self, data: str) -> None:
        self.bot.send(callback(data, chat_id=self.chat_id, user_id=self.chat_id))

    def next(self) -> dict[str, Any]:
        """The next message the bot sends to this chat."""
        self.seen += 1
        return self.bot.sent_to(self.chat_id, self.seen)[-1]


def chat_for(bot: Bot, lang: str) -> Chat:
    return Chat(bot, lang, next(_chats[CUSTOMERS[lang]]))


def engineer(bot: Bot, text: str) -> None:
    bot.send(private(text, user_id=ENGINEER_USER))


def to_engineers(bot: Bot, needle: str) -> str:
    """The engineers' group's message holding ``needle`` (plain text)."""
    calls = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEERS_CHAT and needle in to_plain_text(c.payload["text"])
        ),
    )
    return to_plain_text(calls[0].payload["text"])


def open_ticket(chat: Chat, subject: str) -> str:
    chat.say(f"/ticket new {subject}")
    opened = to_plain_text(chat.next()["text"])
    found = re.search(r"T-\d+", opened)
    assert found, opened
    return found.group(0)


LANGS = pytest.mark.parametrize("lang", ["en", "ru", "zh"])


@LANGS
def test_a_reply_to_the_bots_message_is_a_comment_the_engineer_sees(bot: Bot, lang: str) -> None:
    chat = chat_for(bot, lang)
    number = open_ticket(chat, f"Printer offline {lang}")
    engineer(bot, f"/reply {number} Which printer model is it?")
    asked = chat.next()
    assert "Which printer model is it?" in asked["text"]
    chat.say(
        f"HP LaserJet M404 <{lang}>", reply_to_bot=True, replied_text=to_plain_text(asked["text"])
    )
    added = to_plain_text(chat.next()["text"])
    assert added.startswith(f"{ADDED[lang]} {number}")
    seen = to_engineers(bot, f"HP LaserJet M404 <{lang}>")
    assert number in seen  # nobody has taken it: the engineers' group hears it, in full
    # Answered: a question the KB answers is a question again, in the customer's language.
    chat.say(QUESTION[lang])
    assert ANSWER[lang] in chat.next()["text"]


@LANGS
def test_the_ticket_waiting_on_the_customer_takes_the_next_message(bot: Bot, lang: str) -> None:
    chat = chat_for(bot, lang)
    number = open_ticket(chat, f"Scanner offline {lang}")
    engineer(bot, f"/take {number}")
    chat.next()  # "… is working on"
    engineer(bot, f"/status {number} waiting")
    chat.next()  # "… is now: waiting on you"
    chat.say(QUESTION[lang])  # meant as a new question, but a ticket waits on them
    added = chat.next()
    assert to_plain_text(added["text"]).startswith(f"{ADDED[lang]} {number}")
    choices = buttons(added)
    assert list(choices) == [ASK_BUTTON[lang]]
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEER_USER and QUESTION[lang] in c.payload["text"]
        ),
    )
    assert number in to_plain_text(told[0].payload["text"])  # the assignee hears it
    chat.press(choices[ASK_BUTTON[lang]])
    assert ANSWER[lang] in chat.next()["text"]  # asked as a question after all
    moved = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEER_USER
            and "as a new question" in c.payload["text"]
            and number in c.payload["text"]
        ),
    )
    assert QUESTION[lang] in moved[0].payload["text"]
    chat.say(QUESTION[lang])  # they said "a new question": for a while, questions
    assert ANSWER[lang] in chat.next()["text"]
    engineer(bot, f"/reply {number} Which floor is it on?")  # until the engineer asks again
    assert "Which floor is it on?" in chat.next()["text"]
    chat.say("It is the one on floor 2")
    assert to_plain_text(chat.next()["text"]).startswith(f"{ADDED[lang]} {number}")


def test_forum_topics_stay_threads(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(mention("/ticket new Topic ticket"), chat_id=group, topic=31))
    number = re.search(r"T-\d+", to_plain_text(bot.sent_to(group)[0]["text"]))
    assert number
    engineer(bot, f"/reply {number.group(0)} Please check the cable")
    bot.sent_to(group, 2)
    # In another topic the customer asks a question: a question, not a comment.
    bot.send(message(mention(QUESTION["en"]), chat_id=group, topic=32))
    assert ANSWER["en"] in bot.sent_to(group, 3)[2]["text"]
    # In the ticket's topic anything addressed to the bot is about the ticket.
    bot.send(message(mention("Cable checked"), chat_id=group, topic=31))
    added = bot.sent_to(group, 4)[3]
    assert added["message_thread_id"] == 31 and "Added to" in added["text"]
    assert buttons(added) == {}  # the topic says which ticket: nothing to undo


def test_a_note_never_reaches_the_customer(bot: Bot) -> None:
    chat = chat_for(bot, "en")
    number = open_ticket(chat, "Note test")
    engineer(bot, f"/note {number} Secret: their firewall blocks 443")
    engineer(bot, f"/reply {number} We are looking at it")
    saved = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == ENGINEER_USER and "note saved" in c.payload["text"],
    )
    assert saved
    public = chat.next()  # the reply after the note: the note was never sent before it
    assert "We are looking at it" in public["text"]
    everything = " ".join(bot.api.texts(chat.chat_id))
    assert "firewall" not in everything
    chat.say(f"/ticket {number}")
    assert "firewall" not in chat.next()["text"]


@LANGS
def test_small_talk_gets_a_friendly_word_not_an_answer(bot: Bot, lang: str) -> None:
    chat = chat_for(bot, lang)
    text, expected = THANKS[lang]
    chat.say(text)
    shown = to_plain_text(chat.next()["text"])
    assert shown.startswith(expected) and "/ticket new" in shown


def test_group_modes_and_the_engineers_group(bot: Bot) -> None:
    quiet = bot.new_group()  # acme groups answer when addressed (Telegram's default)
    bot.send(message(QUESTION["en"], chat_id=quiet))
    bot.send(message(mention("thanks"), chat_id=quiet))
    [only] = bot.sent_to(quiet)  # the chatter got nothing; the mention its answer
    assert "You're welcome!" in to_plain_text(only["text"])
    bot.send(message(QUESTION["en"], chat_id=ALL_GROUP, forum=False))
    assert ANSWER["en"] in bot.sent_to(ALL_GROUP)[0]["text"]
    bot.send(message(mention("anyone seen the VPN alerts?"), chat_id=ENGINEERS_CHAT,
                     user_id=ENGINEER_USER))  # fmt: skip
    bot.send(message("/tickets", chat_id=ENGINEERS_CHAT, user_id=ENGINEER_USER))
    [queue] = bot.sent_to(ENGINEERS_CHAT)  # the command is answered, the chatter is not
    assert "VPN" not in queue["text"]
