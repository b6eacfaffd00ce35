"""Which ticket a message in a chat is about, if any: its thread, the bot message it
answers, or the ticket waiting on the customer in a chat without threads.

Six rules, tried in this order (docs/tickets.md, "Conversations"):

1. **Thread.** A ticket lives in the thread it was opened in (a Slack thread, a
   Telegram forum topic): every message there is about it, whoever writes — the
   customer, a colleague of theirs, an engineer.
2. **Reply.** A reply to one of the bot's own messages (Telegram) is about the
   ticket that message names first (``T-1001``), provided the ticket belongs to this
   chat (and, for a customer, to them). The bot's ticket messages all start with the
   number; a reply to a message naming no ticket, or another chat's, follows rules 3-4.
3. **Continued.** In a chat without threads, a customer's message that follows their
   own full-length comment (:data:`SPLIT_PART_CHARS` or more) on a ticket there within
   :data:`CONTINUATION` is more of it: Telegram's apps send a paste over 4096 characters
   (an NDR, a log) as several messages a moment apart, and every part belongs on the
   ticket. A short comment is never continued this way.
4. **Waiting.** In a chat without threads (a Telegram private chat or plain group,
   the console) a customer's message goes to the ticket that waits on them there:
   the engineer's last public message is unanswered, the customer has just said "still
   broken" (their next message says what), or its status is "waiting on the customer".
5. **Just opened, just answered.** In such a chat, the customer who opened a ticket there
   within :data:`JUST_OPENED`, while no engineer has answered it yet, is still talking about
   it ("can you make this urgent?"); so is one who commented on an active ticket there
   within :data:`JUST_ANSWERED` (the engineer asked; their answer came in two messages).
6. **Resolved.** In such a chat, a ticket resolved within :data:`RESOLVED_WINDOW` whose
   "did this solve it?" is still unanswered takes the customer's next message ("still
   can't connect"); in a channel's main line, only its opener's plain "thanks, it works".

Rules 3-6 are guesses: the customer is offered to ask it as a new question instead, and
once they have (:data:`ASKED_INSTEAD`), their messages in that chat are questions again
until an engineer speaks there.

A resolved ticket (its "did this solve it?" still open) is found by rules 1, 2 and 6 so a
"still broken" lands on it; a closed one only by rules 1 and 2, where the message is plainly
about it (it may open again: ``handlers/follow_ups.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, bindparam, case, or_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine

from bot.clock import Clock, utc_now
from bot.db.engine import session_scope
from bot.db.models import Ticket, core_table
from bot.enums import Addressing, TicketStatus
from bot.errors import BadInput
from bot.messages import Actor, InboundMessage
from bot.services.thread_guesses import latest_beside
from bot.services.ticket_guesses import (
    ACTIVE,
    ASKED_INSTEAD,
    CONTINUATION,
    JUST_ANSWERED,
    JUST_OPENED,
    OPEN_TO_COMMENTS,
    RESOLVED_WINDOW,
    SPLIT_PART_CHARS,
    Guess,
    asked_instead,
    continued,
    latest_guess,
    opened_by_colleague,
)
from bot.services.ticket_talk import same_topic, says_me_too
from bot.services.ticket_views import TicketView, parse_ticket_number, to_view

__all__ = [
    "ASKED_INSTEAD",
    "CONTINUATION",
    "JUST_ANSWERED",
    "JUST_OPENED",
    "RESOLVED_WINDOW",
    "SPLIT_PART_CHARS",
    "TicketFinder",
    "TicketInChat",
    "Via",
    "ticket_named_in",
]

_TICKETS = core_table(Ticket)
_NUMBER_IN_TEXT = re.compile(r"(?<![\w-])T-(\d{4,9})\b")
# The answer's offer of a colleague's ticket just opened (locale ``kb_nearby_ticket``, each
# language): a reply to that answer is about the answer, not about the ticket it offers
# (walkthrough 12: a colleague's "only me, the others are fine" went onto the RDP ticket).
_OFFER_OF_A_COLLEAGUES_TICKET = re.compile(
    r"was opened in this chat a few minutes ago|此聊天中刚创建了工单|в этом чате открыли заявку"
)


def offers_a_colleagues_ticket(text: str) -> bool:
    """Is this bot message a KB answer offering a ticket a colleague just opened?"""
    return bool(_OFFER_OF_A_COLLEAGUES_TICKET.search(text))


_IN_PLACE = (
    _TICKETS.c.platform == bindparam("p_platform"),
    _TICKETS.c.channel == bindparam("p_channel"),
)
# Built once: asked for every message in a thread, and usually there is none. A closed
# ticket is found too (what is said there is answered: it opens again, or the customer is
# told it is closed), after any ticket of the thread that still takes comments.
_IN_THREAD = (
    sa_select(_TICKETS.c.id)
    .where(*_IN_PLACE, _TICKETS.c.thread == bindparam("p_thread"))
    .order_by(case((_TICKETS.c.status.in_(OPEN_TO_COMMENTS), 0), else_=1), _TICKETS.c.id.desc())
    .limit(1)
)
_WAITING = (
    sa_select(_TICKETS.c.id)
    .where(
        *_IN_PLACE,
        _TICKETS.c.thread.is_(None),
        _TICKETS.c.customer_id == bindparam("p_customer"),
        _TICKETS.c.status.in_(ACTIVE),
        or_(
            _TICKETS.c.status == str(TicketStatus.WAITING_ON_CUSTOMER),
            _TICKETS.c.awaiting_customer_at.is_not(None),
        ),
    )
    .order_by(_TICKETS.c.updated_at.desc(), _TICKETS.c.id.desc())
    .limit(1)
)


class Via(StrEnum):
    """Which rule found the ticket."""

    THREAD = "thread"
    REPLY = "reply"
    CONTINUED = "continued"
    WAITING = "waiting"
    OPENED = "opened"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    NAMED = "named"  # the message names the ticket ("по T-1002: …"; handlers/ticket_talk.py)

    @property
    def guessed(self) -> bool:
        """The chat did not say which ticket (rules 3-6): the customer may take it back."""
        return self not in (Via.THREAD, Via.REPLY, Via.NAMED)


@dataclass(frozen=True)
class TicketInChat:
    """The ticket a message is about, and how that was known."""

    ticket: TicketView
    via: Via


def ticket_named_in(text: str) -> int | None:
    """The row id of the first ``T-<n>`` in a bot message's text, if any."""
    match = _NUMBER_IN_TEXT.search(text)
    if match is None:
        return None
    try:
        return parse_ticket_number(match.group(0))
    except BadInput:  # T-0999 and below are no tickets
        return None


class TicketFinder:
    """Finds the ticket a message is about; a customer only ever finds their own."""

    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def about(
        self, actor: Actor, message: InboundMessage, *, asked: bool = True
    ) -> TicketInChat | None:
        """The ticket ``message`` is about (rules 1-6 of the module), or None.

        Staff find tickets by rules 1 and 2 only; people talking among themselves
        (:attr:`Addressing.ASIDE`) by rule 1 only; rules 3-6 take only a message meant
        for the bot (``asked``: chatter in a group that answers when addressed is not),
        and none while the customer has just asked a guess to be a new question.
        """
        if actor.customer_id is None and not actor.is_staff:
            return None
        found = self._in_thread(actor, message)
        if found is not None:
            return TicketInChat(found, Via.THREAD)
        if message.addressing is Addressing.ASIDE:
            return None
        found = self._replied_to(actor, message)
        if found is not None:
            return TicketInChat(found, Via.REPLY)
        if actor.is_staff or not asked:
            return None
        if message.thread is not None and not message.main_line:
            return None
        with session_scope(self._engine) as session:
            if asked_instead(session, actor, message, self._clock()):
                return None  # they said it is a new question: for a while, it is
        if message.thread is not None:  # the main line of a chat with threads
            return self._beside_thread(actor, message)
        found = self._guess(continued, actor, message)
        if found is not None:
            return TicketInChat(found, Via.CONTINUED)
        found = self._waiting(actor, message)
        if found is not None:
            return TicketInChat(found, Via.WAITING)
        with session_scope(self._engine) as session:  # rules 5 and 6: the latest that fits
            latest = latest_guess(session, actor, message, self._clock())
            seen = self._visible(actor, latest[0]) if latest is not None else None
            return TicketInChat(seen, Via(latest[1])) if seen and latest else None

    def _beside_thread(self, actor: Actor, message: InboundMessage) -> TicketInChat | None:
        """Rules 4-6, narrowed, for a message said in a channel's main line about a ticket
        in a thread there: the engineer's question answered in the channel, "forgot to
        say: …" just after opening, a plain "thanks, it works" after the resolution. A
        question the KB answers, or one on another topic, is still a new question."""
        with session_scope(self._engine) as session:  # the latest that fits
            latest = latest_beside(session, actor, message, self._clock())
            seen = self._visible(actor, latest[0]) if latest is not None else None
            return TicketInChat(seen, Via(latest[1])) if seen and latest else None

    def opened_nearby(self, actor: Actor, message: InboundMessage) -> TicketView | None:
        """The ticket a colleague of this customer opened in this chat without threads a
        few minutes ago, offered under the answer to their own message (never assumed) when
        it is on the ticket's topic or says "me too": a colleague's Teams question is not
        pushed onto the RDP ticket opened a minute before."""
        if actor.is_staff or actor.customer_id is None or message.thread is not None:
            return None
        ticket = self._guess(opened_by_colleague, actor, message)
        if ticket is None:
            return None
        about = f"{ticket.subject} {ticket.description}"
        return ticket if says_me_too(message.text) or same_topic(message.text, about) else None

    def _params(self, message: InboundMessage) -> dict[str, object]:
        return {"p_platform": str(message.platform), "p_channel": message.channel}

    def _in_thread(self, actor: Actor, message: InboundMessage) -> TicketView | None:
        if message.thread is None:
            return None
        params = {**self._params(message), "p_thread": message.thread}
        return self._load(actor, self._first(_IN_THREAD, params))

    def _replied_to(self, actor: Actor, message: InboundMessage) -> TicketView | None:
        if not message.replied_to_bot or offers_a_colleagues_ticket(message.replied_to_bot):
            return None
        ticket_id = ticket_named_in(message.replied_to_bot)
        if ticket_id is None:
            return None
        with session_scope(self._engine) as session:
            ticket = session.get(Ticket, ticket_id)
            if (
                ticket is None
                or ticket.platform != str(message.platform)
                or ticket.channel != message.channel
            ):
                return None
            return self._visible(actor, ticket)

    def _waiting(self, actor: Actor, message: InboundMessage) -> TicketView | None:
        params = {**self._params(message), "p_customer": actor.customer_id}
        return self._load(actor, self._first(_WAITING, params))

    def _guess(self, rule: Guess, actor: Actor, message: InboundMessage) -> TicketView | None:
        with session_scope(self._engine) as session:
            ticket = rule(session, actor, message, self._clock())
            return self._visible(actor, ticket) if ticket is not None else None

    def _first(self, statement: Select[int], params: dict[str, object]) -> int | None:
        with self._engine.connect() as conn:
            return conn.execute(statement, params).scalar()

    def _load(self, actor: Actor, ticket_id: int | None) -> TicketView | None:
        if ticket_id is None:
            return None
        with session_scope(self._engine) as session:
            ticket = session.get(Ticket, ticket_id)
            return self._visible(actor, ticket) if ticket is not None else None

    @staticmethod
    def _visible(actor: Actor, ticket: Ticket) -> TicketView | None:
        """Staff see any ticket in a customer's chat; a customer only their own."""
        if not actor.is_staff and ticket.customer_id != actor.customer_id:
            return None
        return to_view(ticket)
