"""Walkthrough findings on what is said around a resolution, replayed through the core
(Slack-shaped messages in a ticket's thread): late "did this solve it?" buttons answer
honestly (5), a thanks says yes (7), a closed ticket's thread is heard (9), asking for a
person gets the way to an engineer (6), and "the engineer on it" is said only when there
is one (15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlmodel import Session, col, select

from bot.db import create_db_engine
from bot.db.models import KbQuestion, Ticket, TicketEvent
from bot.dispatcher import Dispatcher
from bot.enums import Addressing
from bot.messages import Reply
from bot.rendering import Renderer
from bot.services.ticket_views import REOPEN_WINDOW
from tests.conftest import Say
from tests.factories import write_conversation_config

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
THREAD = "1764000000.000100"
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write_conversation_config(tmp_path)


def _rows(dispatcher: Dispatcher, model: Any) -> list[Any]:
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        return list(session.exec(select(model).order_by(col(model.id))).all())


def _ticket(dispatcher: Dispatcher, number: str) -> Ticket:
    [ticket] = [t for t in _rows(dispatcher, Ticket) if t.number == number]
    return ticket


def _kinds(dispatcher: Dispatcher, number: str) -> list[str]:
    ticket_id = _ticket(dispatcher, number).id
    return [e.kind for e in _rows(dispatcher, TicketEvent) if e.ticket_id == ticket_id]


def _resolved(say: Say, subject: str = "Calendar sharing fails") -> str:
    number = say(f"/ticket new {subject}", thread=THREAD).data["ticket"].number
    say(f"/take {number}", **ENGINEER)
    say(f"/resolve {number} Sharing policy fixed", **ENGINEER)
    return number


def _press(say: Say, action: str, number: str, **kw: Any) -> Reply:
    return say("", action_id=action, action_value=number, thread=THREAD, **kw)


def _shown(reply: Reply) -> str:
    return Renderer("console").render(reply)


# -- 5. the buttons under "did this solve it?" after the ticket moved on -------------------


def test_yes_on_a_ticket_opened_again_since_closes_nothing(
    say: Say, dispatcher: Dispatcher
) -> None:
    """Ivan said "still broken" (it opened again); Olga then pressed the old *Yes*."""
    number = _resolved(say)
    say("нет, всё ещё рвётся", thread=THREAD, user="U_IVAN")
    assert _ticket(dispatcher, number).status == "open"
    pressed = _press(say, "ticket_confirm_yes", number, user="U_OLGA")
    assert pressed.data["outcome"] == "still_open"
    shown = _shown(pressed)
    assert "closed" not in shown and f"{number} was opened again" in shown
    assert _ticket(dispatcher, number).status == "open"
    assert _kinds(dispatcher, number).count("status") == 3  # new→open, →resolved, →open


def test_an_older_no_on_a_closed_ticket_keeps_it_closed_and_says_how_to_reopen(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    """A ticket is closed only after someone said it works: a "No" pressed since is an
    older message's button (walkthrough: it reopened the ticket). Words reopen it."""
    number = _resolved(say)
    assert _press(say, "ticket_confirm_yes", number).data["outcome"] == "closed"
    pressed = _press(say, "ticket_confirm_no", number)
    assert pressed.data["outcome"] == "said_solved"
    assert f"{number} was confirmed as solved, so it stays closed" in _shown(pressed)
    assert "reply to this message saying what goes wrong" in _shown(pressed)
    assert _ticket(dispatcher, number).status == "closed"
    assert outbox("notice_ticket_reopened") == []


def test_no_on_a_ticket_open_again_already_tells_and_notifies_nobody_twice(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    number = _resolved(say)
    _press(say, "ticket_confirm_no", number)
    again = _press(say, "ticket_confirm_no", number, user="U_COLLEAGUE")
    assert again.data["outcome"] == "already_open"
    assert f"{number} is already open again" in _shown(again)
    assert len(outbox("notice_ticket_reopened")) == 1
    assert _kinds(dispatcher, number).count("reopened") == 1


def test_no_long_after_the_close_says_how_to_get_help(say: Say, dispatcher: Dispatcher) -> None:
    with freeze_time(START) as clock:
        number = _resolved(say)
        _press(say, "ticket_confirm_yes", number)
        clock.move_to(START + REOPEN_WINDOW + timedelta(minutes=1))
        pressed = _press(say, "ticket_confirm_no", number)
    assert pressed.data["outcome"] == "closed_for_good"
    assert "/ticket new <subject>" in _shown(pressed) and "open again" not in _shown(pressed)
    assert _ticket(dispatcher, number).status == "closed"


# -- 5 and 9: words in the thread of a resolved or closed ticket ---------------------------


def test_a_follow_up_in_a_closed_tickets_thread_opens_it_again(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    """Carol's "still can't share with Jane" under Bob's closed ticket, said among people
    (someone else's thread), is stored and opens it again; so is Bob's own word."""
    number = _resolved(say)
    _press(say, "ticket_confirm_yes", number, user="U_BOB")
    carol = say(
        "still can't share with Jane", thread=THREAD, user="U_CAROL", addressing=Addressing.ASIDE
    )
    assert carol.kind == "ticket_comment_added" and carol.data["reopened"]
    assert _ticket(dispatcher, number).status == "open"
    told = outbox("notice_customer_comment")[-1]["data"]
    assert told["text"] == "still can't share with Jane" and told["reopened"]


def test_a_closed_tickets_thread_long_after_says_it_is_closed(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    with freeze_time(START) as clock:
        number = _resolved(say)
        _press(say, "ticket_confirm_yes", number)
        clock.move_to(START + REOPEN_WINDOW + timedelta(hours=1))
        said = say("hmm it broke again today", thread=THREAD)
        aside = say("thanks all", thread=THREAD, user="U_CAROL", addressing=Addressing.ASIDE)
    assert said.kind == "ticket_closed"
    shown = _shown(said)
    assert f"{number} is closed." in shown and "/ticket new <subject>" in shown
    assert aside.is_silent
    assert _ticket(dispatcher, number).status == "closed"
    assert outbox("notice_customer_comment") == [] and _rows(dispatcher, KbQuestion) == []


def test_a_greeting_in_a_recently_closed_thread_says_how_to_reopen(
    say: Say, dispatcher: Dispatcher
) -> None:
    number = _resolved(say)
    _press(say, "ticket_confirm_yes", number)
    said = say("hi", thread=THREAD)
    assert said.kind == "ticket_closed"
    assert f"If it is broken again, tell me here what goes wrong: {number} opens again" in (
        _shown(said)
    )
    assert _ticket(dispatcher, number).status == "closed"


# -- 7. a thank-you after "did this solve it?" ------------------------------------------


@pytest.mark.parametrize(
    ("channel", "words", "said"),
    [
        ("C_ACME", "yep works now, thanks a lot!", "Thanks for confirming — {number} is closed."),
        ("C_HUAXIA", "谢谢！", "感谢确认 — 工单 {number} 已关闭。"),
        ("C_GLOBEX", "заработало, спасибо", "Спасибо за подтверждение — заявка {number} закрыта."),
    ],
)
def test_thanks_in_a_resolved_tickets_thread_says_yes(
    say: Say, dispatcher: Dispatcher, outbox, channel: str, words: str, said: str
) -> None:
    number = say("/ticket new Mail bounces", thread=THREAD, channel=channel).data["ticket"].number
    say(f"/resolve {number} Fixed", **ENGINEER)
    reply = say(words, thread=THREAD, channel=channel)
    assert reply.kind == "ticket_confirmed" and _shown(reply) == said.format(number=number)
    assert _ticket(dispatcher, number).status == "closed"
    assert outbox("notice_customer_comment") == []  # no engineer pinged


def test_thanks_with_a_problem_word_stays_a_follow_up(say: Say, dispatcher: Dispatcher) -> None:
    number = _resolved(say)
    reply = say("thanks, but Jane still can't see it", thread=THREAD)
    assert reply.kind == "ticket_comment_added" and reply.data["reopened"]
    assert _ticket(dispatcher, number).status == "open"


# -- 6. asking for a person --------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "words", "said"),
    [
        ("C_ACME", "can i talk to a real person pls", "an engineer can take this over"),
        ("C_GLOBEX", "позовите живого человека", "инженер может этим заняться"),
        ("C_HUAXIA", "转人工", "工程师可以接手处理"),
        ("C_HUAXIA", "人工客服", "工程师可以接手处理"),
        ("C_GLOBEX", "оператор", "инженер может этим заняться"),
    ],
)
def test_asking_for_a_person_gets_the_way_to_an_engineer(
    say: Say, channel: str, words: str, said: str
) -> None:
    reply = say(words, channel=channel)
    assert reply.kind == "person_offer"
    assert [a.action_id for a in reply.actions] == ["kb_talk_to_engineer"]
    assert said in _shown(reply)


def test_asking_for_a_person_after_a_question_hands_that_question_over(
    say: Say, dispatcher: Dispatcher
) -> None:
    asked = say("my vpn tunnel keeps dropping", thread=THREAD)
    offer = say("can I speak to a human", thread=THREAD)
    assert offer.data["subject"] == "my vpn tunnel keeps dropping"
    assert "my vpn tunnel keeps dropping" in _shown(offer)
    [button] = offer.actions
    assert button.value == str(asked.data["question_id"])
    form = say("", action_id="ticket_form", action_value=button.value, thread=THREAD)
    assert form.data["subject"] == "my vpn tunnel keeps dropping"
    assert len(_rows(dispatcher, KbQuestion)) == 1  # the request is no question of its own


@pytest.mark.parametrize(
    ("channel", "question", "asking", "subject"),
    [
        ("C_ACME", "my vpn tunnel keeps dropping", "can I speak to a human please, it's urgent",
         "my vpn tunnel keeps dropping"),
        ("C_GLOBEX", "как в тимсе показать экран на встрече",
         "а можно поговорить с человеком по поводу счёта?",
         "а можно поговорить с человеком по поводу счёта?"),
        ("C_ACME", "my vpn tunnel keeps dropping",
         "i want to talk to a real person about our invoice for march",
         "i want to talk to a real person about our invoice for march"),
    ],
)  # fmt: skip
def test_a_request_for_a_person_about_something_else_is_its_own_subject(
    say: Say, channel: str, question: str, asking: str, subject: str
) -> None:
    """Walkthrough (third session): "можно поговорить с человеком по поводу счёта?" opened
    the ticket with the Teams question asked before it. A request naming its own problem
    is the subject; one that only adds urgency hands the question before it over."""
    say(question, channel=channel, thread=THREAD)
    offer = say(asking, channel=channel, thread=THREAD)
    assert offer.kind == "person_offer"
    assert offer.data["subject"] == subject


def test_asking_for_a_person_out_of_the_blue_asks_what_is_wrong(
    say: Say, dispatcher: Dispatcher
) -> None:
    offer = say("转人工", channel="C_HUAXIA", thread=THREAD)
    assert offer.data["subject"] == ""
    [button] = offer.actions
    form = say("", action_id="ticket_form", action_value=button.value, channel="C_HUAXIA")
    assert form.kind == "ticket_form" and form.data["subject"] == ""  # they say what is wrong
    draft = say("", action_id="ticket_draft", action_value=button.value, channel="C_HUAXIA")
    assert [a.action_id for a in draft.actions] == ["ticket_draft_cancel"]  # nothing to keep
    assert "请简单回复遇到了什么问题" in _shown(draft)
    fields = {"subject": "财务邮箱收不到外部邮件", "severity": "B", "description": ""}
    opened = say(
        "", action_id="ticket_submit", action_value=button.value, fields=fields, channel="C_HUAXIA"
    )
    ticket = _ticket(dispatcher, opened.data["ticket"].number)
    assert ticket.subject == ticket.description == "财务邮箱收不到外部邮件"  # not "转人工"


# -- 15. who will see a comment ------------------------------------------------------------


def test_a_comment_says_who_will_see_it(say: Say) -> None:
    number = say("/ticket new Printer offline", thread=THREAD).data["ticket"].number
    unassigned = say("it's the one on floor 3", thread=THREAD)
    assert _shown(unassigned).startswith(f"Added to {number}. Our engineers will see your message.")
    say(f"/take {number}", **ENGINEER)
    taken = say("and the one on floor 4", thread=THREAD)
    assert _shown(taken).startswith(f"Added to {number}. The engineer on it will see")
