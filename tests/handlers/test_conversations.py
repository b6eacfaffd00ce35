"""Where words go: a ticket's thread, a reply to the bot, the ticket waiting on the
customer, notes, small talk, and what the bot answers in which chat (through the core)."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlmodel import Session, col, select

from bot.db import create_db_engine
from bot.db.models import KbQuestion, Ticket, TicketEvent
from bot.dispatcher import Dispatcher
from bot.enums import Addressing, Platform
from bot.messages import InboundMessage, Reply, reply_from_dict
from bot.rendering import Renderer
from bot.services.ticket_finder import JUST_ANSWERED, JUST_OPENED
from tests.conftest import Say
from tests.factories import CONFIG, with_conversation_chats, write_kb

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
THREAD = "1764000000.000100"
ACME_TELEGRAM = "-100"
ALICE_TG = "5001"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    write_kb(tmp_path / "kb")
    path = tmp_path / "supportbot.yml"
    text = with_conversation_chats(CONFIG).replace(
        "identities: [{platform: slack, id: U_ALICE}]",
        f'identities: [{{platform: slack, id: U_ALICE}}, {{platform: telegram, id: "{ALICE_TG}"}}]',
    )
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def telegram(dispatcher: Dispatcher, text: str, **kw: Any) -> Reply:
    """A message in acme's Telegram group without topics (or another chat: ``channel``)."""
    kw.setdefault("channel", ACME_TELEGRAM)
    kw.setdefault("user", "4001")
    return dispatcher.handle(InboundMessage(Platform.TELEGRAM, text=text, **kw))


def _rows(dispatcher: Dispatcher, model: Any) -> list[Any]:
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        return list(session.exec(select(model).order_by(col(model.id))).all())


def _ticket(dispatcher: Dispatcher, number: str) -> Ticket:
    [ticket] = [t for t in _rows(dispatcher, Ticket) if t.number == number]
    return ticket


# -- small talk ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "text", "expected"),
    [
        ("C_ACME", "hi", "Hello! I'm the support bot of Test Reseller"),
        ("C_ACME", "ok thanks!", "You're welcome!"),
        ("C_GLOBEX", "спасибо", "Пожалуйста!"),
        ("C_GLOBEX", "доброе утро", "Здравствуйте! Я бот поддержки Test Reseller"),
        ("C_HUAXIA", "谢谢", "不客气！"),
        ("C_HUAXIA", "你好", "您好！我是 Test Reseller 的支持机器人"),
    ],
)
def test_small_talk_gets_a_friendly_word_in_the_customers_language_and_is_no_gap(
    say: Say, dispatcher: Dispatcher, console: Renderer, channel: str, text: str, expected: str
) -> None:
    reply = say(text, channel=channel)
    assert reply.kind == "small_talk"
    shown = console.render(reply)
    assert shown.startswith(expected)
    assert "/ticket new" in shown and "/help" in shown  # how to reach a person
    assert _rows(dispatcher, KbQuestion) == []  # not a question, not a gap


def test_a_greeting_with_a_question_is_a_question(say: Say, dispatcher: Dispatcher) -> None:
    assert say("hi, outlook is down").kind in ("kb_answer", "kb_unsure")
    assert say("привет, не работает vpn", channel="C_GLOBEX").kind in ("kb_answer", "kb_unsure")
    assert len(_rows(dispatcher, KbQuestion)) == 2


# -- Slack-style threads ------------------------------------------------------------------


def test_a_colleague_in_the_tickets_thread_is_a_comment_told_in_full(
    say: Say, outbox, dispatcher: Dispatcher, console: Renderer
) -> None:
    number = say("/ticket new Mail bounces", thread=THREAD).data["ticket"].number
    long_text = "Here is the whole NDR:" + "\n550 5.1.1 RESOLVER.ADR.RecipNotFound" * 80
    reply = say(long_text, user="U_COLLEAGUE", thread=THREAD, addressing=Addressing.ASIDE)
    assert reply.kind == "ticket_comment_added" and reply.actions == ()
    [told] = outbox("notice_customer_comment")
    assert told["channel"] == "C_ENG"  # nobody has taken it: the engineers' channel
    assert told["data"]["text"] == long_text  # in full
    assert long_text in console.render(reply_from_dict(told["reply"]))
    assert _rows(dispatcher, KbQuestion) == []
    history = console.render(say(f"/ticket {number}", **ENGINEER))
    assert "customer wrote (Here is the whole NDR:" in history


def test_people_talking_in_a_thread_without_a_ticket_are_left_alone(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    reply = say("did you try rebooting?", user="U_COLLEAGUE", addressing=Addressing.ASIDE)
    assert reply.is_silent
    assert _rows(dispatcher, KbQuestion) == [] and outbox() == []


def test_an_engineer_in_the_customers_thread_is_the_first_response(
    say: Say, outbox, dispatcher: Dispatcher, console: Renderer
) -> None:
    number = say("/ticket new VPN drops", thread=THREAD).data["ticket"].number
    assert _ticket(dispatcher, number).first_response_at is None
    said = say(
        "Hi, can you send the client log?",
        user="U_ALICE",
        thread=THREAD,
        addressing=Addressing.ASIDE,
    )
    assert said.is_silent  # already in the thread: not posted again
    ticket = _ticket(dispatcher, number)
    assert ticket.first_response_at is not None and ticket.status == "open"
    assert outbox("notice_engineer_reply") == []
    assert "replied (Hi, can you send the client log?)" in console.render(
        say(f"/ticket {number}", **ENGINEER)
    )


def test_an_engineer_talking_in_a_customers_channel_is_not_asking_the_bot(
    say: Say, dispatcher: Dispatcher
) -> None:
    assert say("Good news everyone", user="U_ALICE", addressing=Addressing.OPEN).is_silent
    asked = say("how do I reset a password", user="U_ALICE", channel="D_ALICE")
    assert asked.kind == "kb_answer"  # in a direct chat the engineer is asking


# -- notes and staff channels ---------------------------------------------------------------


def test_a_note_is_kept_for_staff_and_never_reaches_the_customer(
    say: Say, outbox, console: Renderer
) -> None:
    number = say("/ticket new Teams crashes", thread=THREAD).data["ticket"].number
    say(f"/take {number}", **ENGINEER)
    before = len(outbox())
    noted = say(f"/note {number} Customer is on the old client", user="U_MARIA", channel="C_MGMT")
    assert noted.data["change"] == "noted"
    added = outbox()[before:]
    assert {(n["kind"], n["channel"]) for n in added} == {  # the assignee, on each platform
        ("notice_ticket_note", "U_ALICE"),
        ("notice_ticket_note", ALICE_TG),
    }
    assert not [n for n in outbox() if n["channel"] == "C_ACME" and "old client" in str(n)]
    staff_view = console.render(say(f"/ticket {number}", **ENGINEER))
    assert "internal note (Customer is on the old client)" in staff_view
    customer_view = console.render(say(f"/ticket {number}", thread=THREAD))
    assert "old client" not in customer_view and "internal note" not in customer_view


def test_a_note_typed_in_the_customers_chat_warns_that_the_message_shows_there(
    say: Say, console: Renderer
) -> None:
    """Walk-through (eleventh session): an engineer's /note typed in a customer's Telegram
    group was answered "the customer does not see it" while the typed command sat in the
    group for all to read."""
    number = say("/ticket new Teams crashes", thread=THREAD).data["ticket"].number
    there = say(f"/note {number} they never read the manual", user="U_ALICE", channel="C_ACME")
    assert there.private  # the answer goes to the engineer alone
    assert "everyone in that chat can read it until you delete it" in console.render(there)
    own = console.render(say(f"/note {number} checked the logs", **ENGINEER))
    assert "note saved for staff" in own and "delete" not in own


def test_customers_cannot_write_notes(say: Say) -> None:
    number = say("/ticket new Teams crashes").data["ticket"].number
    assert say(f"/note {number} sneaky").kind == "error_not_allowed"


def test_the_engineers_channel_obeys_commands_and_ignores_chatter(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    assert say("anyone seen the VPN alerts?", **ENGINEER).is_silent
    assert say("hi", user="U_SALES", channel="C_ENG").is_silent  # not even "not linked"
    assert say("thread talk", user="U_ALICE", channel="C_MGMT").is_silent
    assert say("/tickets", **ENGINEER).kind == "ticket_list"
    assert _rows(dispatcher, KbQuestion) == [] and outbox() == []


# -- answer modes -------------------------------------------------------------------------


def test_a_channel_that_answers_only_when_addressed(say: Say, dispatcher: Dispatcher) -> None:
    quiet = {"channel": "C_ACME_ASK"}
    assert say("how do I reset my password", addressing=Addressing.OPEN, **quiet).is_silent
    assert say("how do I reset my password", **quiet).kind == "kb_answer"  # a mention
    assert say("/tickets", addressing=Addressing.OPEN, **quiet).kind == "ticket_list"
    loud = say("how do I reset my password", addressing=Addressing.OPEN)
    assert loud.kind == "kb_answer"  # C_ACME: Slack's default, every question
    assert len(_rows(dispatcher, KbQuestion)) == 2


def test_telegram_groups_answer_when_addressed_by_default(dispatcher: Dispatcher) -> None:
    assert telegram(dispatcher, "how do I reset my password", addressing=Addressing.OPEN).is_silent
    assert telegram(dispatcher, "how do I reset my password").kind == "kb_answer"


def test_strangers_hear_not_linked_only_when_they_address_the_bot(
    say: Say, dispatcher: Dispatcher
) -> None:
    stranger = {"channel": "C_NOBODY", "user": "U_EVE"}
    assert say("hello?", **stranger).kind == "error_unknown_sender"
    assert say("hello?", addressing=Addressing.OPEN, **stranger).kind == "error_unknown_sender"
    assert say("chat", addressing=Addressing.ASIDE, **stranger).is_silent
    # An unlinked Telegram group's chatter (its default: answer when addressed): nothing.
    assert telegram(dispatcher, "chat", channel="-999", addressing=Addressing.OPEN).is_silent
    assert telegram(dispatcher, "hello?", channel="-999").kind == "error_unknown_sender"


# -- chats without threads: reply to the bot, the ticket waiting on the customer ----------


def test_the_next_message_goes_to_the_ticket_waiting_on_the_customer(
    dispatcher: Dispatcher, say: Say, outbox, console: Renderer
) -> None:
    with freeze_time("2026-12-02 09:00:00") as clock:
        number = telegram(dispatcher, "/ticket new Printer offline").data["ticket"].number
        # Not waiting yet, and another person in the group: a question is a question.
        asked = telegram(dispatcher, "how do I reset my password", user="4002")
        assert asked.kind == "kb_answer"
        clock.tick(JUST_OPENED + timedelta(minutes=1))
        say(f"/reply {number} Which printer model is it, and since when?", **ENGINEER)
        added = telegram(dispatcher, "HP LaserJet M404")
        assert added.kind == "ticket_comment_added"
        assert [a.action_id for a in added.actions] == ["ticket_comment_ask"]
        assert "Not about T-1001? Ask it as a new question instead." in Renderer(
            "telegram", extension="html"
        ).render(added)
        assert outbox("notice_customer_comment")[-1]["data"]["text"] == "HP LaserJet M404"
        # The answer's second message a minute later is more of it (the walkthrough lost it).
        clock.tick(timedelta(minutes=1))
        rest = telegram(dispatcher, "M404dn, serial CNB1R2T3, since monday")
        assert rest.kind == "ticket_comment_added" and rest.actions  # still a guess
        assert (
            outbox("notice_customer_comment")[-1]["data"]["text"]
            == "M404dn, serial CNB1R2T3, since monday"
        )
        # A while after their last word, the next message is a question again.
        clock.tick(JUST_ANSWERED + timedelta(seconds=1))
        assert telegram(dispatcher, "how do I reset my password").kind == "kb_answer"


def test_the_new_question_button_takes_the_message_back(
    dispatcher: Dispatcher, say: Say, outbox
) -> None:
    number = telegram(dispatcher, "/ticket new Printer offline").data["ticket"].number
    say(f"/status {number} waiting", **ENGINEER)
    added = telegram(dispatcher, "how do I reset my password")
    assert added.kind == "ticket_comment_added"
    assert _ticket(dispatcher, number).status == "open"  # the customer wrote: clock runs
    [button] = added.actions
    answer = telegram(dispatcher, "", action_id=button.action_id, action_value=button.value)
    assert answer.kind == "kb_answer"  # asked as a question after all
    assert _ticket(dispatcher, number).status == "waiting_on_customer"  # waits again
    moved = outbox("notice_comment_moved")
    assert [m["data"]["text"] for m in moved] == ["how do I reset my password"]
    again = telegram(dispatcher, "", action_id=button.action_id, action_value=button.value)
    assert again.kind == "kb_answer" and len(outbox("notice_comment_moved")) == 1
    # They said it is a new question: for a while their messages are questions...
    assert telegram(dispatcher, "how do I set up VPN").kind != "ticket_comment_added"
    # ...until the engineer asks again (still waiting on them).
    say(f"/reply {number} Which model is it?", **ENGINEER)
    assert telegram(dispatcher, "Model M404").kind == "ticket_comment_added"
    kinds = [e.kind for e in _rows(dispatcher, TicketEvent)]
    assert kinds.count("comment") == 2 and kinds.count("comment_moved") == 1


def test_another_customer_cannot_take_a_comment_back(dispatcher: Dispatcher, say: Say) -> None:
    number = telegram(dispatcher, "/ticket new Printer offline").data["ticket"].number
    say(f"/status {number} waiting", **ENGINEER)
    [button] = telegram(dispatcher, "secret printer name").actions
    other = say("", channel="C_GLOBEX", action_id=button.action_id, action_value=button.value)
    assert other.kind == "error_not_found"
    staff = say("", action_id=button.action_id, action_value=button.value, **ENGINEER)
    assert staff.kind == "error_not_allowed"


def test_a_reply_to_the_bots_message_is_about_the_ticket_it_names(
    dispatcher: Dispatcher, say: Say, outbox
) -> None:
    first = telegram(dispatcher, "/ticket new Printer offline").data["ticket"].number
    second = telegram(dispatcher, "/ticket new Scanner offline").data["ticket"].number
    header = f"Alice (support) on {first}:\nIs it plugged in?"
    reply = telegram(dispatcher, "Yes, it is", replied_to_bot=header)
    assert reply.kind == "ticket_comment_added"
    assert reply.data["ticket"].number == first and reply.actions == ()  # they said which
    assert outbox("notice_customer_comment")[-1]["data"]["ticket"]["number"] == first
    # The message names no ticket, or another chat's: a question as usual (from a colleague:
    # the one who opened the tickets is taken to be talking about them for a while).
    colleague = {"user": "4002"}
    assert telegram(
        dispatcher, "how do I reset my password", replied_to_bot="Hello", **colleague
    ).kind == ("kb_answer")
    globex = say("/ticket new Globex secret", channel="C_GLOBEX").data["ticket"].number
    elsewhere = telegram(
        dispatcher, "how do I reset my password", replied_to_bot=f"Update on {globex}", **colleague
    )
    assert elsewhere.kind == "kb_answer"
    assert second != first


def test_an_engineers_reply_to_the_bot_in_the_customers_group_is_a_public_reply(
    dispatcher: Dispatcher, say: Say, outbox
) -> None:
    number = telegram(dispatcher, "/ticket new Printer offline").data["ticket"].number
    header = f"Ticket {number} is open: Printer offline"
    said = telegram(dispatcher, "Please restart the spooler", user=ALICE_TG, replied_to_bot=header)
    assert said.is_silent  # the group saw it already
    ticket = _ticket(dispatcher, number)
    assert ticket.first_response_at is not None and outbox("notice_engineer_reply") == []
    # The same words in the engineers' own chat, or naming another chat's ticket: not a reply.
    other = say("/ticket new Acme Slack ticket").data["ticket"].number
    aside = telegram(
        dispatcher, "Restart it", user=ALICE_TG, replied_to_bot=f"Ticket {other} is open"
    )
    assert aside.kind == "ticket_reply_hint"  # how to answer that ticket instead
    assert _ticket(dispatcher, other).first_response_at is None


def test_a_resolved_ticket_still_hears_its_thread_and_opens_again(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    """Walkthrough 5: "still broken" in the thread says no to "did this solve it?", as the
    same words do in a chat without threads."""
    number = say("/ticket new Mail bounces", thread=THREAD).data["ticket"].number
    say(f"/resolve {number} Fixed the transport rule", **ENGINEER)
    reply = say("still bouncing for external senders", thread=THREAD)
    assert reply.kind == "ticket_comment_added" and reply.data["reopened"]
    assert reply.actions == ()  # answered: nothing left to confirm
    assert _ticket(dispatcher, number).status == "open"
    told = outbox("notice_customer_comment")[-1]["data"]
    assert told["text"].startswith("still bouncing") and told["reopened"]
    # a greeting in the thread of a resolved ticket is no news: still "did this solve it?"
    say(f"/resolve {number} Fixed it again", **ENGINEER)
    hello = say("hi", thread=THREAD)
    assert [a.action_id for a in hello.actions] == ["ticket_confirm_yes", "ticket_confirm_no"]


def test_the_engineers_channel_cannot_become_a_customers_chat(say: Say) -> None:
    code = say("/link acme", **ENGINEER).data["code"]
    assert say(f"/link {code}", user="U_SALES", channel="C_ENG").kind == "error_not_allowed"
    assert say("hello", user="U_SALES", channel="C_ENG").is_silent  # still nobody's chat
    assert say(f"/link {code}", user="U_BOB", channel="C_NEWCO").kind == "chat_linked"


def test_an_engineer_answering_an_alert_in_their_own_chat_is_told_how(
    dispatcher: Dispatcher, say: Say, outbox
) -> None:
    number = telegram(dispatcher, "/ticket new Printer offline").data["ticket"].number
    alert = f"New message from the customer on {number}:\nStill offline"
    hint = telegram(
        dispatcher, "Try the spooler", channel=ALICE_TG, user=ALICE_TG, replied_to_bot=alert
    )
    assert hint.kind == "ticket_reply_hint"
    text = Renderer("telegram", extension="html", autoescape=True).render(hint)
    assert f"/reply {number} &lt;text&gt;" in text and f"/note {number}" in text
    assert _ticket(dispatcher, number).first_response_at is None  # nothing was sent
    assert outbox("notice_engineer_reply") == []
