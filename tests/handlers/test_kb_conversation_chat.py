"""Walkthrough (fixB, 2 Dec 2026): "the question before" a follow-up, a bare number or a
request for a person is this person's, in this chat. The same Slack user asking in two
of the customer's channels has two conversations: "and on my phone?" in the second is a
question of its own, not the first channel's question continued."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot.db import create_db_engine
from bot.db.models import KbQuestion
from bot.dispatcher import Dispatcher
from bot.enums import Addressing
from tests.conftest import Say
from tests.factories import write_conversation_config

DIRECT = Addressing.DIRECT


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write_conversation_config(tmp_path)


def _questions(dispatcher: Dispatcher) -> list[Any]:
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        return list(session.exec(select(KbQuestion).order_by(col(KbQuestion.id))).all())


def test_a_follow_up_in_another_chat_is_not_joined_with_this_chat_question(
    say: Say, dispatcher: Dispatcher
) -> None:
    say("I forgot my password", channel="C_ACME")
    say("and on my phone?", channel="C_ACME_ASK", addressing=DIRECT)
    assert [q.question for q in _questions(dispatcher)] == [
        "I forgot my password",
        "and on my phone?",  # alone: the password question was asked in another chat
    ]
    say("and on my phone?", channel="C_ACME")  # back in the first chat: it follows there
    assert _questions(dispatcher)[-1].question == "I forgot my password and on my phone?"


def test_a_correction_in_another_chat_is_not_joined_either(
    say: Say, dispatcher: Dispatcher
) -> None:
    say("I forgot my password", channel="C_ACME")
    say("no, I meant the VPN client", channel="C_ACME_ASK", addressing=DIRECT)
    assert _questions(dispatcher)[-1].question == "no, I meant the VPN client"


def test_another_customer_question_is_never_the_one_before(
    say: Say, dispatcher: Dispatcher
) -> None:
    """The same Slack user id in another customer's channel (a consultant in both)."""
    say("I forgot my password", channel="C_ACME")
    say("а на телефоне?", channel="C_GLOBEX")
    assert _questions(dispatcher)[-1].question == "а на телефоне?"


def test_another_person_question_in_the_same_chat_is_not_the_one_before(
    say: Say, dispatcher: Dispatcher
) -> None:
    say("I forgot my password", channel="C_ACME", user="U_OLGA")
    say("and on my phone?", channel="C_ACME", user="U_IVAN")
    assert _questions(dispatcher)[-1].question == "and on my phone?"


def test_a_request_for_a_person_hands_over_this_chat_question_only(say: Say) -> None:
    say("I forgot my password", channel="C_ACME")
    offer = say("can I talk to a real person?", channel="C_ACME_ASK", addressing=DIRECT)
    assert offer.kind == "person_offer" and offer.data["subject"] == ""
    here = say("can I talk to a real person?", channel="C_ACME")
    assert here.data["subject"] == "I forgot my password"
