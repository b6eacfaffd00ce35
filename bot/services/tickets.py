"""Tickets: open, list with filters, show with the audit trail; who may see what.

Changes to tickets live in :mod:`bot.services.ticket_workflow`; this module holds
the reads, the creation and the views handlers render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock, from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import TICKET_NUMBER_OFFSET, Ticket, TicketEvent
from bot.enums import Category, Severity, TicketStatus
from bot.errors import BadInput, NotFound
from bot.messages import Action, Actor, InboundMessage, Reply
from bot.services.notices import NoticeRouter
from bot.services.outbox import Outbox
from bot.services.sla import SlaPolicies
from bot.text import clip

SUBJECT_MAX = 200
DESCRIPTION_MAX = 10_000
LIST_LIMIT = 20
_NUMBER = re.compile(r"^\s*#?(?:t-?)?(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class UpstreamCase:
    provider: str
    case_number: str | None
    status: str | None
    link: str | None
    escalated_at: datetime | None
    updated_at: datetime | None


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
    service_id: str | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    paused: bool = False
    impact: str = ""
    tried: str = ""
    attachments: str = ""
    upstream: UpstreamCase | None = None


@dataclass(frozen=True)
class TicketEventView:
    at: datetime
    actor: str
    kind: str
    old: str | None
    new: str | None


def _opt(moment: datetime | None) -> datetime | None:
    return from_db(moment) if moment is not None else None


def to_view(ticket: Ticket) -> TicketView:
    upstream = None
    if ticket.upstream_provider:
        upstream = UpstreamCase(
            ticket.upstream_provider,
            ticket.upstream_case,
            ticket.upstream_status,
            ticket.upstream_link,
            _opt(ticket.escalated_at),
            _opt(ticket.upstream_updated_at),
        )
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
        service_id=ticket.service_id,
        first_response_due=_opt(ticket.first_response_due),
        resolution_due=_opt(ticket.resolution_due),
        first_response_at=_opt(ticket.first_response_at),
        resolved_at=_opt(ticket.resolved_at),
        paused=ticket.paused_at is not None,
        impact=ticket.impact,
        tried=ticket.tried,
        attachments=ticket.attachments,
        upstream=upstream,
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


@dataclass(frozen=True)
class TicketFilter:
    """``/tickets`` filters: status, severity, customer, assignee, overdue."""

    statuses: tuple[TicketStatus, ...] = ()
    severities: tuple[Severity, ...] = ()
    customer_id: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    breached: bool = False
    include_closed: bool = False
    words: tuple[str, ...] = field(default=())


ACTIVE_STATUSES = tuple(str(s) for s in TicketStatus if s.is_active)
_TICKETS = Ticket.__table__  # type: ignore[attr-defined]
_ACTIVE_IN_THREAD = (
    sa_select(_TICKETS.c.id)
    .where(
        _TICKETS.c.platform == bindparam("p_platform"),
        _TICKETS.c.channel == bindparam("p_channel"),
        _TICKETS.c.thread == bindparam("p_thread"),
        _TICKETS.c.customer_id == bindparam("p_customer"),
        _TICKETS.c.status.in_(ACTIVE_STATUSES),
    )
    .order_by(_TICKETS.c.id.desc())
    .limit(1)
)


class TicketStore:
    """Shared plumbing of the ticket services: engine, clock, SLA, outbox, notices."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        sla: SlaPolicies,
        outbox: Outbox,
        notices: NoticeRouter,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.sla = sla
        self.outbox = outbox
        self.notices = notices

    def load(self, session: Session, actor: Actor, number: str) -> Ticket:
        """The ticket, if the actor may see it.

        Raises:
            BadInput: not a ticket number.
            NotFound: no such ticket, or it belongs to another customer.
        """
        ticket = session.get(Ticket, parse_ticket_number(number))
        if ticket is None or (not actor.is_staff and ticket.customer_id != actor.customer_id):
            raise NotFound(what="ticket", name=number.strip()[:40])
        return ticket

    def record(
        self,
        session: Session,
        ticket: Ticket,
        actor: Actor | str,
        kind: str,
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        """Write an audit event and touch the ticket (same transaction as the change)."""
        now = to_db(self.clock())
        who = actor if isinstance(actor, str) else actor.user_id
        ticket.updated_at = now
        session.add(ticket)
        session.add(
            TicketEvent(ticket_id=ticket.id or 0, at=now, actor=who, kind=kind, old=old, new=new)
        )

    def notify(self, session: Session, notices: list) -> None:  # type: ignore[type-arg]
        for notice in notices:
            self.outbox.enqueue_notice(notice, session=session)


class TicketService:
    """Opening and reading tickets. A customer only ever sees its own tickets."""

    def __init__(
        self,
        store: TicketStore,
        incident_for: Callable[[str, str | None, str], int | None] | None = None,
    ) -> None:
        self._store = store
        self._incident_for = incident_for  # links a new ticket to its service's open incident

    @property
    def store(self) -> TicketStore:
        return self._store

    def open(
        self,
        actor: Actor,
        message: InboundMessage,
        subject: str,
        *,
        description: str = "",
        severity: Severity = Severity.C,
        category: Category = Category.TECHNICAL,
        service_id: str | None = None,
        customer_id: str | None = None,
    ) -> TicketView:
        """Open a ticket for the actor's customer (staff must name the customer).

        The engineers' channels hear about it in the same transaction.

        Raises:
            BadInput: empty subject, or staff without a customer.
        """
        subject = " ".join(subject.split())
        if not subject:
            raise BadInput("subject", example="/ticket new VPN drops every hour")
        customer = actor.customer_id or customer_id
        if not customer:
            raise BadInput("customer", example="/ticket new <subject> (as a customer)")
        origin = f"{message.platform}:{message.delivery_id}" if message.delivery_id else None
        if origin is not None:
            earlier = self._opened_by(origin)
            if earlier is not None:  # this delivery was handled before a crash
                return earlier
        now = to_db(self._store.clock())
        ticket = Ticket(
            origin=origin,
            customer_id=customer,
            requester=actor.user_id,
            platform=str(message.platform),
            channel=message.channel,
            thread=message.thread,
            subject=clip(subject, SUBJECT_MAX),
            description=clip(description.strip(), DESCRIPTION_MAX),
            category=str(category),
            severity=str(severity),
            service_id=service_id,
            status=str(TicketStatus.NEW),
            created_at=now,
            updated_at=now,
        )
        self._store.sla.start(ticket)
        if self._incident_for is not None:
            about = f"{subject} {description}"
            ticket.incident_id = self._incident_for(customer, service_id, about)
        try:
            return self._insert(ticket, actor)
        except IntegrityError:
            earlier = self._opened_by(origin) if origin else None
            if earlier is None:
                raise
            return earlier

    def _opened_by(self, origin: str) -> TicketView | None:
        with session_scope(self._store.engine) as session:
            ticket = session.exec(select(Ticket).where(Ticket.origin == origin)).first()
            return to_view(ticket) if ticket is not None else None

    def _insert(self, ticket: Ticket, actor: Actor) -> TicketView:
        """Store a new ticket, its first audit event and the engineers' alert together."""
        with session_scope(self._store.engine) as session:
            session.add(ticket)
            session.flush()
            self._store.record(session, ticket, actor, "created", new=ticket.subject)
            view = to_view(ticket)
            alert = Reply(
                kind="ticket_new_staff",
                data={"ticket": view},
                actions=(Action("ticket_take", view.number), Action("ticket_open", view.number)),
            )
            self._store.notify(session, self._store.notices.engineers(alert))
        return view

    def list_for(self, actor: Actor, filters: TicketFilter | None = None) -> list[TicketView]:
        """Newest first: the customer's own tickets, or any customer's for staff."""
        filters = filters or TicketFilter()
        query = select(Ticket).order_by(col(Ticket.id).desc()).limit(LIST_LIMIT)
        if not actor.is_staff:
            query = query.where(Ticket.customer_id == (actor.customer_id or ""))
        elif filters.customer_id:
            query = query.where(Ticket.customer_id == filters.customer_id)
        if filters.statuses:
            query = query.where(col(Ticket.status).in_([str(s) for s in filters.statuses]))
        elif not filters.include_closed:
            active = [str(s) for s in TicketStatus if s.is_active]
            query = query.where(col(Ticket.status).in_(active))
        if filters.severities:
            query = query.where(col(Ticket.severity).in_([str(s) for s in filters.severities]))
        if filters.assignee:
            query = query.where(Ticket.assignee == filters.assignee)
        if filters.unassigned:
            query = query.where(col(Ticket.assignee).is_(None))
        if filters.breached:
            query = query.where(col(Ticket.fr_breached) | col(Ticket.res_breached))
        for word in filters.words:
            query = query.where(col(Ticket.subject).contains(word, autoescape=True))
        with session_scope(self._store.engine) as session:
            return [to_view(t) for t in session.exec(query).all()]

    def get(self, actor: Actor, number: str) -> tuple[TicketView, list[TicketEventView]]:
        """One ticket and its history.

        Raises:
            BadInput: not a ticket number.
            NotFound: no such ticket, or it belongs to another customer.
        """
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            events = session.exec(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket.id)
                .order_by(col(TicketEvent.id))
            ).all()
            return to_view(ticket), [
                TicketEventView(from_db(e.at), e.actor, e.kind, e.old, e.new) for e in events
            ]

    def active_in_thread(self, actor: Actor, message: InboundMessage) -> TicketView | None:
        """The customer's open ticket that lives in this chat thread, if any."""
        if message.thread is None or actor.customer_id is None:
            return None
        # Asked for every message in a thread, and usually there is none: a statement
        # built once looks up the id alone; the ticket is loaded only when there is one.
        params = {
            "p_platform": str(message.platform),
            "p_channel": message.channel,
            "p_thread": message.thread,
            "p_customer": actor.customer_id,
        }
        with self._store.engine.connect() as conn:
            ticket_id = conn.execute(_ACTIVE_IN_THREAD, params).scalar()
        if ticket_id is None:
            return None
        with session_scope(self._store.engine) as session:
            ticket = session.get(Ticket, ticket_id)
            return to_view(ticket) if ticket else None
