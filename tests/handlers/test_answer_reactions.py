"""Walkthrough findings (2 Dec 2026): what a customer writes right after an answer is about
that answer. "didn't help" offers the engineer with the question as the subject (it was
searched as a question and became the ticket's subject "didnt help"); "thanks, that
worked" is a thanks (it got "not sure" and a list); "and on my phone?" is asked with the
question before it (alone it meant nothing)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlmodel import Session, col, select

from bot.db import create_db_engine
from bot.db.models import KbFeedback, KbQuestion
from bot.dispatcher import Dispatcher
from bot.messages import Reply
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import write_conversation_config, write_kb

THREAD = "1764000000.000100"
MFA = {
    "account/mfa-phone.md": """\
        ---
        title: Set up the Authenticator app on your phone
        aliases: [authenticator app on my phone, MFA on the phone]
        ---
        # Set up the Authenticator app on your phone

        Install Microsoft Authenticator on the phone, then scan the QR code shown at sign-in.
        """,
    "account/mfa-on.md": """\
        ---
        title: Turn on multi-factor authentication for everyone
        aliases: [how do I set up MFA, turn on two-factor]
        ---
        # Turn on multi-factor authentication for everyone

        Admins turn on security defaults in the admin center; every user registers at next
        sign-in.
        """,
}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = write_conversation_config(tmp_path)
    write_kb(tmp_path / "kb", MFA)
    return path


def _rows(dispatcher: Dispatcher, model: Any) -> list[Any]:
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        return list(session.exec(select(model).order_by(col(model.id))).all())


def _shown(reply: Reply) -> str:
    return Renderer("console").render(reply)


@pytest.mark.parametrize(
    ("channel", "question", "verdict", "said"),
    [
        ("C_ACME", "I forgot my password", "didnt help", "Sorry that did not help"),
        ("C_ACME", "I forgot my password", "still the same after restart", "Sorry that did"),
        ("C_GLOBEX", "I forgot my password", "не помогло", "Жаль, что не помогло"),
        ("C_HUAXIA", "I forgot my password", "没用", "抱歉没能帮上忙"),
    ],
)
def test_didnt_help_offers_an_engineer_for_the_question_just_asked(
    say: Say, dispatcher: Dispatcher, channel: str, question: str, verdict: str, said: str
) -> None:
    asked = say(question, channel=channel, thread=THREAD)
    assert asked.kind in ("kb_answer", "kb_unsure")
    offer = say(verdict, channel=channel, thread=THREAD)
    assert offer.kind == "person_offer" and offer.data["subject"] == question
    shown = _shown(offer)
    assert said in shown and question in shown
    [button] = offer.actions
    assert button.value == str(asked.data["question_id"])  # the ticket comes from the question
    assert [q.question for q in _rows(dispatcher, KbQuestion)] == [question]  # not a question
    if asked.kind == "kb_answer":
        assert [f.helped for f in _rows(dispatcher, KbFeedback)] == [False]


def test_didnt_help_out_of_the_blue_asks_what_is_wrong(say: Say) -> None:
    offer = say("didnt help", channel="C_ACME", thread=THREAD)
    assert offer.kind == "person_offer" and offer.data["subject"] == ""
    assert "Tell them in a few words what is wrong" in _shown(offer)


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        ("C_ACME", "thanks that worked"),
        ("C_GLOBEX", "спасибо, заработало"),
        ("C_GLOBEX", "spasibo"),
        ("C_HUAXIA", "谢谢 好了"),
    ],
)
def test_thanks_it_worked_after_an_answer_is_a_thanks(
    say: Say, dispatcher: Dispatcher, channel: str, words: str
) -> None:
    asked = say("I forgot my password", channel=channel, thread=THREAD)
    reply = say(words, channel=channel, thread=THREAD)
    assert reply.kind == "small_talk" and reply.data["talk"] == "thanks"
    assert len(_rows(dispatcher, KbQuestion)) == 1  # no gap recorded for it
    if asked.kind == "kb_answer":
        assert [f.helped for f in _rows(dispatcher, KbFeedback)] == [True]


def test_a_follow_up_is_asked_with_the_question_before_it(say: Say, dispatcher: Dispatcher) -> None:
    say("how do I set up MFA", channel="C_ACME", thread=THREAD)
    reply = say("and on my phone?", channel="C_ACME", thread=THREAD)
    answer = reply.data["answer"]
    shown = [answer.best.article_id] if answer.confident else []
    shown += [hit.article_id for hit in answer.closest]
    assert shown and shown[0] == "account/mfa-phone.md"
    questions = [q.question for q in _rows(dispatcher, KbQuestion)]
    assert questions[-1] == "how do I set up MFA and on my phone?"  # a ticket gets both


@pytest.mark.parametrize(
    ("channel", "correction"),
    [
        ("C_ACME", "didnt help, i meant the app on my phone"),
        ("C_GLOBEX", "не то, я имел в виду приложение на телефоне (phone app)"),
        ("C_HUAXIA", "没用，我是说手机上的 app (phone)"),
    ],
)
def test_i_meant_corrects_the_question_before_it(
    say: Say, dispatcher: Dispatcher, channel: str, correction: str
) -> None:
    """Walkthrough (third session): "didn't help, I meant the app on my phone" got "not
    sure" and a list without the topic; it is the question before it, corrected, and the
    answer before it did not help."""
    first = say("how do I set up MFA", channel=channel, thread=THREAD)
    assert first.data["answer"].best.article_id == "account/mfa-on.md"
    reply = say(correction, channel=channel, thread=THREAD)
    answer = reply.data["answer"]
    shown = [answer.best.article_id] if answer.confident else []
    shown += [hit.article_id for hit in answer.closest]
    assert shown and shown[0] == "account/mfa-phone.md"
    questions = [q.question for q in _rows(dispatcher, KbQuestion)]
    assert questions[-1].startswith("how do I set up MFA ")  # the ticket would get both
    feedback = _rows(dispatcher, KbFeedback)
    if first.data["answer"].confident:  # a verdict on the answer given, as "didn't help" is
        assert [f.helped for f in feedback] == [False]


def test_i_meant_with_nothing_before_is_a_question_of_its_own(
    say: Say, dispatcher: Dispatcher
) -> None:
    say("I meant the authenticator app on my phone", channel="C_ACME", thread=THREAD)
    questions = [q.question for q in _rows(dispatcher, KbQuestion)]
    assert questions == ["I meant the authenticator app on my phone"]


def test_a_follow_up_long_after_is_a_question_of_its_own(say: Say, dispatcher: Dispatcher) -> None:
    start = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    with freeze_time(start):
        say("how do I set up MFA", channel="C_ACME", thread=THREAD)
    with freeze_time(start + timedelta(hours=2)):
        say("and on my phone?", channel="C_ACME", thread=THREAD)
    assert [q.question for q in _rows(dispatcher, KbQuestion)][-1] == "and on my phone?"


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        (
            "C_ACME",
            "this is ridiculous, email down for 2 hours, i want to talk to a real person NOW",
        ),
        ("C_GLOBEX", "почта не работает с утра, дайте живого человека"),
        ("C_HUAXIA", "邮箱登不上 转人工"),
    ],
)
def test_a_demand_for_a_person_inside_a_complaint_gets_the_engineer_with_the_complaint(
    say: Say, channel: str, words: str
) -> None:
    offer = say(words, channel=channel, thread=THREAD)
    assert offer.kind == "person_offer"
    assert offer.data["subject"]  # the complaint is the ticket's subject, not asked for again
    assert offer.data["subject"] in words


def test_a_question_about_people_is_still_a_question(say: Say) -> None:
    reply = say("how do I add a person to a meeting", channel="C_ACME", thread=THREAD)
    assert reply.kind in ("kb_answer", "kb_unsure")
