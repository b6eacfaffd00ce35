"""Tickets, first version: open from chat, list my tickets, show one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.clock import Clock, from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import TICKET_NUMBER_OFFSET, Ticket, TicketEvent
from bot.enums import Category, Severity, TicketStatus
from bot.errors import BadInput, NotFound
from bot.messages import Actor, InboundMessage
from bot.text import clip

SUBJECT_MAX = 200
DESCRIPTION_MAX = 10_000
LIST_LIMIT = 20
# The common convention for A/B/C first responses; issue 6 makes it a config policy.
FIRST_RESPONSE_HOURS = {Severity.A: 2, Severity.B: 4, Severity.C: 8}
_NUMBER = re.compile(r"^\s*#?(?:t-?)?(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TicketView:
    """What a handler may show about a ticket."""

    number: str
    customer_id: str
    subject: str
    description: str
    status: TicketStatus
    severity: Severity
    category: Category
    requester: str
    assignee: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TicketEventView:
    at: datetime
    actor: str
    kind: str
    old: str | None
    new: str | None


def _view(ticket: Ticket) -> TicketView:
    return TicketView(
        number=ticket.number,
        customer_id=ticket.customer_id,
        subject=ticket.subject,
        description=ticket.description,
        status=TicketStatus(ticket.status),
        severity=Severity(ticket.severity),
        category=Category(ticket.category),
        requester=ticket.requester,
        assignee=ticket.assignee,
        created_at=from_db(ticket.created_at),
        updated_at=from_db(ticket.updated_at),
    )


def parse_ticket_number(text: str) -> int:
    """``T-1001``, ``t1001``, ``#1001`` or ``1001`` → the row id.

    Raises:
        BadInput: not a ticket number.
    """
    match = _NUMBER.match(text)
    if not match or int(match.group(1)) <= TICKET_NUMBER_OFFSET:
        raise BadInput("ticket number", example="T-1001")
    return int(match.group(1)) - TICKET_NUMBER_OFFSET


class TicketService:
    """Stores tickets and enforces who may see them.

    A customer only ever sees its own tickets; a foreign ticket is "not found",
    so a guessed number reveals nothing.
    """

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def open(
        self,
        actor: Actor,
        message: InboundMessage,
        subject: str,
        *,
        description: str = "",
        severity: Severity = Severity.C,
        category: Category = Category.TECHNICAL,
        customer_id: str | None = None,
    ) -> TicketView:
        """Open a ticket for the actor's customer (staff must name the customer).

        Raises:
            BadInput: empty subject, or staff without a customer.
        """
        subject = " ".join(subject.split())
        if not subject:
            raise BadInput("subject", example="/ticket new VPN drops every hour")
        customer = actor.customer_id if actor.customer_id else customer_id
        if not customer:
            raise BadInput("customer", example="/ticket new <subject> (as a customer)")
        now = to_db(self._clock())
        ticket = Ticket(
            customer_id=customer,
            requester=actor.user_id,
            platform=str(message.platform),
            channel=message.channel,
            thread=message.thread,
            subject=clip(subject, SUBJECT_MAX),
            description=clip(description, DESCRIPTION_MAX),
            category=str(category),
            severity=str(severity),
            status=str(TicketStatus.NEW),
            created_at=now,
            updated_at=now,
        )
        with session_scope(self._engine) as session:
            session.add(ticket)
            session.flush()
            session.add(
                TicketEvent(
                    ticket_id=ticket.id or 0,
                    at=now,
                    actor=actor.user_id,
                    kind="created",
                    new=ticket.subject,
                )
            )
        return _view(ticket)

    def list_for(self, actor: Actor, *, active_only: bool = True) -> list[TicketView]:
        """Newest first: the customer's own tickets, or every customer's for staff."""
        query = select(Ticket).order_by(col(Ticket.id).desc()).limit(LIST_LIMIT)
        if not actor.is_staff:
            query = query.where(Ticket.customer_id == (actor.customer_id or ""))
        if active_only:
            active = [str(s) for s in TicketStatus if s.is_active]
            query = query.where(col(Ticket.status).in_(active))
        with session_scope(self._engine) as session:
            return [_view(t) for t in session.exec(query).all()]

    def get(self, actor: Actor, number: str) -> tuple[TicketView, list[TicketEventView]]:
        """One ticket and its history.

        Raises:
            BadInput: not a ticket number.
            NotFound: no such ticket, or it belongs to another customer.
        """
        ticket_id = parse_ticket_number(number)
        with session_scope(self._engine) as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None or (not actor.is_staff and ticket.customer_id != actor.customer_id):
                raise NotFound(what="ticket", name=number.strip())
            events = session.exec(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket_id)
                .order_by(col(TicketEvent.id))
            ).all()
            return _view(ticket), [
                TicketEventView(from_db(e.at), e.actor, e.kind, e.old, e.new) for e in events
            ]
