"""Walkthrough 10, finding 9, through the Telegram front end and the fake Bot API (SQLite and
PostgreSQL), in a Russian customer's group: seconds after answering the engineer on a
ticket, "и пришлите, пожалуйста, счёт на оплату" goes on with what the customer just said —
it reaches the ticket — instead of being searched together with a question asked before
the ticket, which found nothing. A real new question there is still answered, with a button
that adds it to the ticket after all."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor
from bot.settings import load_settings
from tests.adapters.telegram.conftest import Bot, add_telegram, serving, telegram_environ
from tests.adapters.telegram.updates import ENGINEER_USER, buttons, callback, mention, message
from tests.databases import database_url_for
from tests.factories import ARTICLES, CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

GROUP = -170  # Globex's group: Russian-speaking, answers when addressed
IVAN = 4190
STAFF = Actor(role=Role.ENGINEER, user_id="alice")
INVOICE = {
    "ru/billing/invoice-copy.md": """\
        ---
        title: Копия счёта на оплату
        lang: ru
        ---
        # Копия счёта на оплату

        ## Как получить счёт

        Счёт на оплату приходит первого числа. Чтобы получить копию счёта, напишите в чат
        «пришлите счёт на оплату» — бухгалтерия пришлёт счёт в тот же день.
        """,
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def globex_bot(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Bot]:
    folder = tmp_path_factory.mktemp("tg-follow-up")
    write_kb(folder / "kb", {**ARTICLES, **INVOICE})
    config = folder / "supportbot.yml"
    text = textwrap.dedent(with_conversation_chats(CONFIG))
    text = text.replace("id: C_GLOBEX}", f'id: C_GLOBEX}}, {{platform: telegram, id: "{GROUP}"}}')
    config.write_text(text, encoding="utf-8")
    add_telegram(config)
    for url in database_url_for(request.param, folder / "var"):
        with FakeTelegramApi() as api:
            settings = load_settings(config, environ=telegram_environ(api, url))
            with serving(api, settings) as bot:
                yield bot


class Group:
    """Ivan in Globex's group, and what the bot has sent there so far."""

    def __init__(self, bot: Bot) -> None:
        bot.api.reset()
        self.bot, self.seen = bot, 0

    def say(self, text: str) -> str:
        self.bot.send(message(mention(text), chat_id=GROUP, user_id=IVAN))
        return to_plain_text(self.next()["text"])

    def next(self) -> dict[str, Any]:
        self.seen += 1
        return self.bot.sent_to(GROUP, self.seen)[-1]

    def engineer(self, text: str) -> None:
        self.bot.send(message(text, chat_id=ENGINEER_USER, user_id=ENGINEER_USER))


def _answered_engineer(group: Group) -> str:
    """The walkthrough's steps: a question, a ticket, the engineer's question, the answer."""
    group.say("когда у нас продление подписки?")
    opened = group.say("/ticket new Дата продления подписки и переход на годовую оплату")
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    group.engineer(f"/reply {number} How many licences do you want to keep?")
    group.next()
    added = group.say("оставим 50 лицензий, переводите на годовую")
    assert added.startswith(f"Добавлено в {number}")
    return number


def _comments(bot: Bot, number: str) -> list[str]:
    _, events = bot.dispatcher.services.tickets.get(STAFF, number)
    return [e.new or "" for e in events if e.kind == "comment"]


def test_and_please_send_the_invoice_reaches_the_ticket(globex_bot: Bot) -> None:
    group = Group(globex_bot)
    number = _answered_engineer(group)
    added = group.say("и пришлите, пожалуйста, счёт на оплату")
    assert added.startswith(f"Добавлено в {number}"), added
    assert "и пришлите, пожалуйста, счёт на оплату" in _comments(globex_bot, number)


def test_a_new_question_right_after_is_answered_and_offers_the_ticket(globex_bot: Bot) -> None:
    group = Group(globex_bot)
    number = _answered_engineer(group)
    answer = group.say("пришлите счёт на оплату")  # what the KB says to write
    sent = globex_bot.sent_to(GROUP, group.seen)[-1]
    assert "Копия счёта на оплату" in answer
    assert f"Если это к заявке {number}, о которой вы только что писали" in answer
    add = buttons(sent)["Добавить в заявку"]
    globex_bot.send(callback(add, chat_id=GROUP, user_id=IVAN))
    assert to_plain_text(group.next()["text"]).startswith(f"Добавлено в {number}")
    assert "пришлите счёт на оплату" in _comments(globex_bot, number)
