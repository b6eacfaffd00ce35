"""The ticket finder's guesses in a chat without threads (rules 3, 5 and 6 of
``bot/services/ticket_finder.py``), and when the customer has asked it not to guess.

Each rule is a query for one customer's ticket in one chat: the part of a split paste
(rule 3), the ticket they have just opened (rule 5), the ticket resolved a moment ago whose
"did this solve it?" is unanswered (rule 6). After the customer took a guessed comment
back to ask it as a new question, no rule guesses for :data:`ASKED_INSTEAD`, unless an
engineer asks them something in that chat meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.models import Ticket, TicketEvent
from bot.enums import TicketStatus
from bot.messages import Actor, InboundMessage

ACTIVE = tuple(str(s) for s in TicketStatus if s.is_active)
OPEN_TO_COMMENTS = (*ACTIVE, str(TicketStatus.RESOLVED))
# How soon after a customer's full-length comment their next message is more of it
# (rule 3), and how long a part of a split paste is at least (Telegram cuts at 4096,
# at a line or word break).
CONTINUATION = timedelta(seconds=30)
SPLIT_PART_CHARS = 3500
# Rule 5: how long after opening a ticket, while no engineer has answered, the customer
# who opened it is still talking about it.
JUST_OPENED = timedelta(minutes=10)
# Rule 5 too: how long after their own comment on a ticket the customer is still talking
# about it ("is outlook down?" answered the engineer's question; "it fails from every pc"
# a minute later is the rest of the answer, not a new question).
JUST_ANSWERED = timedelta(minutes=5)
# Rule 6: how long a resolved ticket's "did this solve it?" takes the next plain message.
RESOLVED_WINDOW = timedelta(days=7)
# After "ask it as a new question instead": how long rules 3-6 stay off in that chat.
ASKED_INSTEAD = timedelta(minutes=10)
# What an engineer does that asks the customer something again (ends ASKED_INSTEAD early).
STAFF_ASKS = ("reply", "resolution", "status")

# (session, actor, message, now) -> the ticket, or None
Guess = Callable[[Session, Actor, InboundMessage, datetime], Ticket | None]


def in_chat(actor: Actor, message: InboundMessage) -> tuple[Any, ...]:
    """Where a guess looks: this customer's tickets in this chat."""
    return (
        Ticket.platform == str(message.platform),
        Ticket.channel == message.channel,
        Ticket.customer_id == actor.customer_id,
    )


def continued(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 3: the ticket of the customer's own full-length comment a moment ago."""
    return own_comment(
        session,
        actor,
        message,
        now - CONTINUATION,
        col(Ticket.status).in_(OPEN_TO_COMMENTS),
        func.length(col(TicketEvent.new)) >= SPLIT_PART_CHARS,
    )


def own_comment(
    session: Session, actor: Actor, message: InboundMessage, since: datetime, *where: Any
) -> Ticket | None:
    """The ticket of this person's latest comment here since ``since`` that matches."""
    return session.exec(
        select(Ticket)
        .join(TicketEvent, col(TicketEvent.ticket_id) == col(Ticket.id))
        .where(
            *in_chat(actor, message),
            TicketEvent.kind == "comment",
            TicketEvent.actor == actor.user_id,
            col(TicketEvent.at) >= to_db(since),
            *where,
        )
        .order_by(col(TicketEvent.id).desc())
        .limit(1)
    ).first()


def newest(session: Session, actor: Actor, message: InboundMessage, *where: Any) -> Ticket | None:
    """The customer's most recently changed ticket in this chat that matches ``where``."""
    return session.exec(
        select(Ticket)
        .where(*in_chat(actor, message), *where)
        .order_by(col(Ticket.updated_at).desc(), col(Ticket.id).desc())
        .limit(1)
    ).first()


def _newest(session: Session, actor: Actor, message: InboundMessage, *where: Any) -> Ticket | None:
    """The customer's most recently changed ticket in this chat's main line that matches."""
    return newest(session, actor, message, col(Ticket.thread).is_(None), *where)


def just_opened(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 5: the ticket this person opened here within JUST_OPENED, still unanswered."""
    return _newest(
        session,
        actor,
        message,
        Ticket.requester == actor.user_id,
        col(Ticket.status).in_(ACTIVE),
        col(Ticket.created_at) >= to_db(now - JUST_OPENED),
        col(Ticket.first_response_at).is_(None),
    )


def just_answered(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 5, later in the conversation: the active ticket this person commented on here
    within JUST_ANSWERED. Only their own comment counts (not a colleague's, not the
    engineer's: rule 4 takes what follows an engineer's message), and only while no
    other ticket here was resolved since: "did this solve it?" is then the last thing
    asked, and rule 6 takes the answer ("that fixed it, cheers")."""
    since = aliased(Ticket)
    resolved_since = exists().where(
        col(since.platform) == str(message.platform),
        col(since.channel) == message.channel,
        col(since.customer_id) == actor.customer_id,
        col(since.status) == str(TicketStatus.RESOLVED),
        col(since.resolved_at) > col(TicketEvent.at),
    )
    return own_comment(
        session,
        actor,
        message,
        now - JUST_ANSWERED,
        col(Ticket.thread).is_(None),
        col(Ticket.status).in_(ACTIVE),
        ~resolved_since,
    )


def opened_by_colleague(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Not a guess: the ticket someone else of this customer opened here within
    JUST_OPENED, still active. Their colleague's message is not taken to be about it
    (rule 5 is the opener's), but its answer offers to add it there ("me too")."""
    return _newest(
        session,
        actor,
        message,
        Ticket.requester != actor.user_id,
        col(Ticket.status).in_(ACTIVE),
        col(Ticket.created_at) >= to_db(now - JUST_OPENED),
    )


def resolved(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> Ticket | None:
    """Rule 6: a ticket resolved here within RESOLVED_WINDOW, not yet confirmed."""
    return _newest(
        session,
        actor,
        message,
        Ticket.status == str(TicketStatus.RESOLVED),
        col(Ticket.resolved_at) >= to_db(now - RESOLVED_WINDOW),
    )


def latest_guess(
    session: Session, actor: Actor, message: InboundMessage, now: datetime
) -> tuple[Ticket, str] | None:
    """Rules 5 and 6 together: when several tickets here fit (one opened a few minutes
    ago, another just commented on or resolved), the one the customer last dealt with,
    and which rule found it ("opened", "answered", "resolved"). A walk-through saw "и
    пришлите счёт", said right after answering on the licence ticket, go onto a Teams
    ticket opened minutes before, and "спасибо, вижу лицензии!" after the licence ticket's
    resolution go there too."""
    return latest_of(
        session,
        actor,
        message,
        now,
        (just_opened, "opened", lambda t: t.created_at),
        (just_answered, "answered", lambda t: t.updated_at),
        (resolved, "resolved", lambda t: t.resolved_at or t.updated_at),
    )


# A rule, the name of what it found, and when the customer last dealt with that ticket.
Weighed = tuple[Guess, str, Callable[[Ticket], datetime]]


def latest_of(
    session: Session, actor: Actor, message: InboundMessage, now: datetime, *rules: Weighed
) -> tuple[Ticket, str] | None:
    """Of the tickets ``rules`` find, the one dealt with last, and its rule's name; the
    first of equals in rule order."""
    fits: list[tuple[datetime, str, Ticket]] = []
    for rule, via, moment in rules:
        ticket = rule(session, actor, message, now)
        if ticket is not None:
            fits.append((moment(ticket), via, ticket))
    if not fits:
        return None
    _, via, ticket = max(fits, key=lambda fit: fit[0])
    return ticket, via


def asked_instead(session: Session, actor: Actor, message: InboundMessage, now: datetime) -> bool:
    """The customer took a message back to ask it as a new question within ASKED_INSTEAD,
    and no engineer has asked them anything in this chat since: it is a question."""
    moved = session.exec(
        select(TicketEvent.at)
        .join(Ticket, col(TicketEvent.ticket_id) == col(Ticket.id))
        .where(
            *in_chat(actor, message),
            TicketEvent.kind == "comment_moved",
            TicketEvent.actor == actor.user_id,
            col(TicketEvent.at) >= to_db(now - ASKED_INSTEAD),
        )
        .order_by(col(TicketEvent.at).desc())
        .limit(1)
    ).first()
    if moved is None:
        return False
    spoke = session.exec(
        select(TicketEvent.id)
        .join(Ticket, col(TicketEvent.ticket_id) == col(Ticket.id))
        .where(
            *in_chat(actor, message),
            col(TicketEvent.kind).in_(STAFF_ASKS),
            TicketEvent.actor != actor.user_id,
            col(TicketEvent.at) > moved,
        )
        .limit(1)
    ).first()
    return spoke is None
