"""The ticket finder's guesses for a message said in the main line of a chat with threads
(a top-level Slack message) about a ticket that lives in a thread there (rules 4-6 of
``bot/services/ticket_finder.py``, narrowed).

In a channel the ticket's thread is where the customer was told to write, and a new
top-level message is more often their next question than more of the ticket. So each rule
here takes only the person who opened the ticket, and only words that plainly belong to it:
an answer that echoes the engineer's question, "forgot to say: …" just after opening, a
plain "thanks, it works" after the resolution.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.models import Ticket, TicketEvent
from bot.enums import TicketStatus
from bot.messages import Actor, InboundMessage
from bot.services.resolution_verdict import Verdict, read_verdict
from bot.services.ticket_guesses import (
    ACTIVE,
    JUST_ANSWERED,
    JUST_OPENED,
    STAFF_ASKS,
    in_chat,
    latest_of,
    newest,
    own_comment,
)
from bot.services.ticket_talk import (
    adds_to_last,
    is_question,
    reports_trouble,
    same_topic,
    says_still,
)
from bot.services.urgency import says_business_down

# How long after the engineer's question in the ticket's thread an answer in the channel is
# still taken for the answer. Shorter than in a chat without threads, where the engineer's
# question is the last thing said: in a channel people go on to other things.
WAITING_BESIDE = timedelta(minutes=30)
# How long after the resolution a "thanks, it works" in the channel answers "did this solve
# it?" (in a chat without threads: RESOLVED_WINDOW).
RESOLVED_BESIDE = timedelta(days=1)


def _beside(session: Session, actor: Actor, message: InboundMessage, *where: Any) -> Ticket | None:
    """The customer's most recently changed active ticket in this chat that lives in a
    thread other than the message's own (the message was said in the chat's main line)."""
    return newest(
        session,
        actor,
        message,
        col(Ticket.thread).is_not(None),
        Ticket.thread != message.thread,
        col(Ticket.status).in_(ACTIVE),
        *where,
    )


def waiting_beside(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 4 in the main line of a chat with threads: the ticket whose engineer asked this
    customer something in its thread within WAITING_BESIDE, still unanswered ("iOS 17.5"
    said in the channel after "which iOS version?" in the thread). Only the person who
    opened it, and only what reads as the answer (:func:`answers_beside`): a top-level
    question is more often the customer's next question, and a topic word shared with the
    ticket ("down", "site") says too little. What the knowledge base answers with
    confidence is still a new question (``handlers/ask.py``)."""
    ticket = _beside(
        session,
        actor,
        message,
        Ticket.requester == actor.user_id,
        col(Ticket.awaiting_customer_at).is_not(None),
        col(Ticket.awaiting_customer_at) >= to_db(now - WAITING_BESIDE),
    )
    if ticket is None or ticket.id is None:
        return None
    return ticket if answers_beside(message.text, last_staff_words(session, ticket.id)) else None


def answered_beside(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 5 later in the conversation, in the main line of a chat with threads: the
    ticket in a thread here that this person commented on within JUST_ANSWERED ("yep
    both" reached it), when the message reads as more of that answer ("on cable too,
    checked with Tom"): the answer to the engineer came in two messages."""
    ticket = own_comment(
        session,
        actor,
        message,
        now - JUST_ANSWERED,
        col(Ticket.thread).is_not(None),
        Ticket.thread != message.thread,
        Ticket.requester == actor.user_id,
        col(Ticket.status).in_(ACTIVE),
    )
    if ticket is None or ticket.id is None:
        return None
    return ticket if answers_beside(message.text, last_staff_words(session, ticket.id)) else None


def answers_beside(text: str, asked: str) -> bool:
    """Is ``text``, said in the channel, the answer to the engineer's ``asked``? It echoes
    its words ("iOS 17.5" to "which iOS version?"), speaks of the matter under way ("still
    the same red banner"), or is a plain statement ("yep both", "заметил вчера вечером") —
    not a question, a new trouble ("outlook cannot reach the server") or an outage."""
    if same_topic(text, asked) or says_still(text):
        return True
    return not (is_question(text) or reports_trouble(text) or says_business_down(text))


def opened_beside(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 5 in the main line of a chat with threads, narrowed: the ticket this person
    opened in a thread here within JUST_OPENED, still unanswered, when the message says it
    adds to it ("forgot to say: it works on their laptops"). Without such words a top-level
    message minutes after opening is as often the next question."""
    if not adds_to_last(message.text):
        return None
    return _beside(
        session,
        actor,
        message,
        Ticket.requester == actor.user_id,
        col(Ticket.created_at) >= to_db(now - JUST_OPENED),
        col(Ticket.first_response_at).is_(None),
    )


def last_staff_words(session: Session, ticket_id: int) -> str:
    """What the engineer last said to the customer on the ticket ("which iOS version?"):
    an answer to it may share only its words ("iOS 17.5"), not the ticket's subject's."""
    said = session.exec(
        select(TicketEvent.new)
        .where(TicketEvent.ticket_id == ticket_id, col(TicketEvent.kind).in_(STAFF_ASKS))
        .order_by(col(TicketEvent.id).desc())
        .limit(1)
    ).first()
    return said or ""


def resolved_beside(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 6 in the main line of a chat with threads: "great, found it, thank you!" said
    in the channel within RESOLVED_BESIDE of the resolution in the ticket's thread answers
    its "did this solve it?". Only the person who opened it, and only a plain yes: any
    other top-level message is as likely the next question as a word on the old ticket."""
    if read_verdict(message.text) is not Verdict.SOLVED:
        return None
    return session.exec(
        select(Ticket)
        .where(
            *in_chat(actor, message),
            col(Ticket.thread).is_not(None),
            Ticket.thread != message.thread,
            Ticket.requester == actor.user_id,
            Ticket.status == str(TicketStatus.RESOLVED),
            col(Ticket.resolved_at) >= to_db(now - RESOLVED_BESIDE),
        )
        .order_by(col(Ticket.resolved_at).desc(), col(Ticket.id).desc())
        .limit(1)
    ).first()


def latest_beside(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> tuple[Ticket, str] | None:
    """The rules above together: when several of the person's tickets fit (one whose
    engineer asked something, another resolved a moment ago), the one they last dealt
    with, and which rule found it ("answered", "opened", "resolved"): "great, found it,
    thank you!" right after a resolution answers that ticket, not an older question."""
    return latest_of(
        session,
        actor,
        message,
        now,
        (waiting_beside, "answered", lambda t: t.awaiting_customer_at or t.updated_at),
        (answered_beside, "answered", lambda t: t.updated_at),
        (opened_beside, "opened", lambda t: t.created_at),
        (resolved_beside, "resolved", lambda t: t.resolved_at or t.updated_at),
    )
