"""A number right after "these articles might be close: 1. … 2. …" picks that article."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from bot.adapters.console import ConsoleAdapter, persona_message
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.telegram.render import TelegramRenderer
from bot.app import build_runtime
from bot.db import create_db_engine
from bot.db.models import KbQuestion
from bot.dispatcher import Dispatcher
from bot.enums import Platform, Role
from bot.messages import Actor, InboundMessage, Reply
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import CONFIG, write_kb

STAFF = Actor(role=Role.ENGINEER, user_id="alice")
UNSURE = "password vpn invoice"  # touches three articles, answers none for sure here


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The test config with a bar no answer clears and no best guesses: every question
    gets the numbered list."""
    write_kb(tmp_path / "kb")
    path = tmp_path / "supportbot.yml"
    assert "min_confidence: 0.35" in CONFIG
    strict = "min_confidence: 0.99\n      tentative: 1.0"
    path.write_text(textwrap.dedent(CONFIG.replace("min_confidence: 0.35", strict)))
    return path


def _questions(dispatcher: Dispatcher) -> list[KbQuestion]:
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        return list(session.exec(select(KbQuestion).order_by(col(KbQuestion.id))).all())


def _suggested(reply: Reply) -> list[str]:
    assert reply.kind == "kb_unsure"
    titles = [h.title for h in reply.data["answer"].closest]
    assert len(titles) >= 2, titles
    return titles


@pytest.mark.parametrize("typed", ["2", "2.", "#2", "２", " 2 "])
def test_a_number_after_the_list_answers_with_that_article(
    typed: str, say: Say, dispatcher: Dispatcher, console: Renderer
) -> None:
    listed = say(UNSURE)
    titles = _suggested(listed)
    shown = console.render(listed)
    assert f"  1. {titles[0]}" in shown and f"  2. {titles[1]}" in shown
    assert "Reply with a number (such as 1) to read that article here." in shown

    picked = say(typed)
    assert picked.kind == "kb_answer"
    assert picked.data["answer"].best.title == titles[1]
    assert f"== {titles[1]}" in console.render(picked)
    # the buttons (did it help? talk to an engineer) are the question's: no new question
    [question] = _questions(dispatcher)
    assert question.question == UNSURE
    assert {a.value for a in picked.actions} == {str(question.id)}


def test_a_russian_customer_reads_the_pick_in_russian(say: Say, console: Renderer) -> None:
    listed = say("VPN пароль", channel="C_GLOBEX")
    assert listed.lang == "ru"
    titles = _suggested(listed)
    assert "Ответьте номером (например, 1)" in console.render(listed)
    n = titles.index("Сброс забытого пароля") + 1
    picked = say(str(n), channel="C_GLOBEX")
    assert picked.kind == "kb_answer" and picked.lang == "ru"
    text = console.render(picked)
    assert "== Сброс забытого пароля" in text and "Это помогло?" in text


def test_telegram_takes_the_same_path(dispatcher: Dispatcher) -> None:
    def telegram(text: str) -> Reply:
        return dispatcher.handle(InboundMessage(Platform.TELEGRAM, "-100", "4001", text))

    titles = _suggested(telegram(UNSURE))
    picked = telegram("3")
    assert picked.kind == "kb_answer" and picked.data["answer"].best.title == titles[2]


def test_any_other_bare_number_says_there_is_nothing_to_pick(
    say: Say, dispatcher: Dispatcher, console: Renderer
) -> None:
    """A console walkthrough: "2" with no list open was searched and got refunds, TLS and
    the SLA. Now it says there is no such article, and it is no question of its own."""
    first = say("2")  # no list before it
    assert first.kind == "number_without_list" and _questions(dispatcher) == []
    assert "There is no article 2 to pick" in console.render(first)

    titles = _suggested(say(UNSURE))
    assert say(str(len(titles) + 1)).kind == "number_without_list"  # no such suggestion

    say(UNSURE)
    assert say("2", user="U_COLLEAGUE").kind == "number_without_list"  # someone else's list

    say(UNSURE)
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        latest = session.exec(select(KbQuestion).order_by(col(KbQuestion.id).desc())).first()
        assert latest is not None
        latest.at = latest.at - timedelta(hours=1)  # the list is an hour old
        session.add(latest)
        session.commit()
    assert say("2").kind == "number_without_list"
    assert [q.question for q in _questions(dispatcher)] == [UNSURE, UNSURE, UNSURE]


def _listed_titles(shown: str) -> list[str]:
    """The titles of the console's numbered list ("  2. Title (link)")."""
    listed = [line.strip().split(". ", 1) for line in shown.splitlines()]
    return [item[1].split("(")[0].strip() for item in listed if item[0].isdigit()]


def test_a_number_after_the_list_is_a_pick_not_a_word_on_a_ticket(dispatcher: Dispatcher) -> None:
    """Console walkthrough: a ticket would take the customer's next message, but a bare
    number right after the numbered list picks from it."""
    runtime = build_runtime(dispatcher)
    customer = ConsoleAdapter(runtime, persona_message("customer:acme", runtime))
    engineer = ConsoleAdapter(runtime, persona_message("engineer", runtime))
    # The list, then "talk to an engineer": the ticket just opened takes what they say...
    titles = _listed_titles(customer.handle_line(UNSURE))
    assert len(titles) >= 2, titles
    assert "Ticket T-1001 is open" in customer.handle_line("/engineer")
    assert customer.handle_line("2").startswith(f"== {titles[1]}")  # ...but "2" is a pick
    # The engineer asks; the customer's next message is taken as the answer, they say it is
    # a new question, and "3" from the list that follows is a pick too.
    engineer.handle_line("/reply T-1001 Which model is it?")
    customer.news()
    assert customer.handle_line(UNSURE + " again").startswith("Added to T-1001")
    titles = _listed_titles(customer.handle_line("/ask"))
    assert len(titles) >= 3, titles
    assert customer.handle_line("3").startswith(f"== {titles[2]}")
    _, events = dispatcher.services.tickets.get(STAFF, "T-1001")
    assert [e.kind for e in events].count("comment") == 1  # "2" and "3" never reached it


def test_the_list_offers_a_number_or_an_engineer_never_yes(say: Say, console: Renderer) -> None:
    """A "not sure" is no answer to say /yes to: it offers a number or an engineer, in the
    console's words and on the chat platforms' buttons; a real answer keeps /yes."""
    listed = say(UNSURE)
    _suggested(listed)
    shown = console.render(listed)
    assert "/yes" not in shown and "/engineer" in shown
    assert shown.splitlines()[-1] == (
        "I can pass your question to an engineer. Reply /engineer to pass this to an engineer."
    )
    assert [a.action_id for a in listed.actions] == ["kb_talk_to_engineer"]
    for text in (SlackRenderer().text(listed), TelegramRenderer().render(listed)):
        assert "Reply with a number" in text and "yes" not in text.lower()
    picked = say("1")  # the first one, read here: a real answer, which keeps /yes
    assert picked.kind == "kb_answer" and "Reply /yes if it helped" in console.render(picked)
