"""Tickets: open (for a customer, from a question, on a customer's behalf), list, show.

Changes to tickets live in :mod:`bot.services.ticket_workflow`; the views handlers
render in :mod:`bot.services.ticket_views`; this module holds the reads and the
ways a ticket comes to be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import Ticket, TicketEvent
from bot.enums import Category, Severity, TicketStatus
from bot.errors import BadInput, NotAllowed
from bot.messages import THREAD_ROOT, Actor, InboundMessage, Notice, Reply
from bot.services.ticket_files import files_by_event
from bot.services.ticket_store import TicketStore
from bot.services.ticket_views import (
    TicketEventView,
    TicketFilter,
    TicketHistory,
    TicketView,
    UpstreamCase,
    alert_buttons,
    for_customer,
    parse_ticket_number,
    to_view,
)
from bot.text import MAX_MESSAGE_CHARS, clip

__all__ = [
    "NewTicket",
    "Opened",
    "TicketEventView",
    "TicketFilter",
    "TicketService",
    "TicketStore",
    "TicketView",
    "UpstreamCase",
    "parse_ticket_number",
    "to_view",
]

SUBJECT_MAX = 200
DESCRIPTION_MAX = MAX_MESSAGE_CHARS  # a pasted NDR or log is kept whole
LIST_LIMIT = 20


@dataclass(frozen=True)
class NewTicket:
    """What a ticket opens with, whoever asks for it."""

    subject: str
    description: str = ""
    severity: Severity = Severity.C
    category: Category = Category.TECHNICAL
    service_id: str | None = None


def _whole(new: NewTicket, subject: str) -> str:
    """The description, with the subject's words in full before it when the subject is
    too long to keep whole ("/ticket new" with a pasted log): what the customer typed is
    never cut, only shown shorter in the queue."""
    if len(subject) <= SUBJECT_MAX or subject in " ".join(new.description.split()):
        return new.description
    return f"{new.subject.strip()}\n\n{new.description}" if new.description else new.subject


@dataclass(frozen=True)
class Place:
    """The chat a ticket lives in: its notices go there."""

    platform: str
    channel: str
    thread: str | None = None


@dataclass(frozen=True)
class Opened:
    """A ticket, and whether this call opened it (False: it existed for this question)."""

    ticket: TicketView
    created: bool


ACTIVE_STATUSES = tuple(str(s) for s in TicketStatus if s.is_active)
AWAITING_CUSTOMER_STATUSES = (*ACTIVE_STATUSES, str(TicketStatus.RESOLVED))


def question_origin(question_id: int) -> str:
    """The origin of the one ticket a KB question may become."""
    return f"question:{question_id}"


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

    def open(self, actor: Actor, message: InboundMessage, new: NewTicket) -> Opened:
        """Open a ticket for the actor's customer in the chat the message came from.

        Raises:
            BadInput: empty subject, or the actor speaks for no customer.
        """
        if not actor.customer_id:
            raise BadInput("customer")
        origin = f"{message.platform}:{message.delivery_id}" if message.delivery_id else None
        place = Place(str(message.platform), message.channel, message.thread)
        return self._open(actor, actor.customer_id, new, place, origin)

    def open_for_question(
        self, actor: Actor, message: InboundMessage, question_id: int, new: NewTicket
    ) -> Opened:
        """The one ticket for a KB question: pressed or submitted twice, from one device or
        two, by one person or two, it is opened once and found after that."""
        if not actor.customer_id:
            raise NotAllowed()
        place = Place(str(message.platform), message.channel, message.thread)
        return self._open(actor, actor.customer_id, new, place, question_origin(question_id))

    def open_for_customer(
        self, actor: Actor, customer_id: str, new: NewTicket, place: Place, notice: Reply | None
    ) -> TicketView:
        """Staff open a ticket on a customer's behalf (they phoned or e-mailed).

        ``notice`` (when the customer has a chat) is posted there in the same transaction.
        """
        if not actor.is_staff:
            raise NotAllowed()
        return self._open(actor, customer_id, new, place, None, notice).ticket

    def _open(
        self,
        actor: Actor,
        customer_id: str,
        new: NewTicket,
        place: Place,
        origin: str | None,
        notice: Reply | None = None,
    ) -> Opened:
        subject = " ".join(new.subject.split())
        if not subject:
            raise BadInput("subject")
        if origin is not None:
            earlier = self.find_by_origin(origin)
            if earlier is not None:  # handled before a crash, or the same question again
                return Opened(earlier, created=False)
        now = to_db(self._store.clock())
        ticket = Ticket(
            origin=origin,
            customer_id=customer_id,
            requester=actor.user_id,
            platform=place.platform,
            channel=place.channel,
            thread=place.thread,
            subject=clip(subject, SUBJECT_MAX),
            description=clip(_whole(new, subject).strip(), DESCRIPTION_MAX),
            category=str(new.category),
            severity=str(new.severity),
            service_id=new.service_id,
            status=str(TicketStatus.NEW),
            created_at=now,
            updated_at=now,
        )
        self._store.sla.start(ticket)
        if self._incident_for is not None:
            about = f"{subject} {new.description}"
            ticket.incident_id = self._incident_for(customer_id, new.service_id, about)
        try:
            return Opened(self._insert(ticket, actor, notice), created=True)
        except IntegrityError:  # the same origin, committed a moment ago by someone else
            earlier = self.find_by_origin(origin) if origin else None
            if earlier is None:
                raise
            return Opened(earlier, created=False)

    def bind_thread(self, platform: str, channel: str, number: str, thread: str) -> bool:
        """From now on the ticket lives in ``thread``: the one a front end started under its
        message saying the ticket is open (a Slack slash command has no thread to open it
        in). True when bound; a ticket of another chat, or with a thread already, is left
        as it is."""
        with session_scope(self._store.engine) as session:
            result = session.exec(
                update(Ticket)
                .where(
                    col(Ticket.id) == parse_ticket_number(number),
                    col(Ticket.platform) == platform,
                    col(Ticket.channel) == channel,
                    col(Ticket.thread).is_(None),
                )
                .values(thread=thread)
            )
            return bool(result.rowcount)

    def find_by_origin(self, origin: str) -> TicketView | None:
        """The ticket a delivery or a question opened, if any (see :func:`question_origin`)."""
        with session_scope(self._store.engine) as session:
            ticket = session.exec(select(Ticket).where(Ticket.origin == origin)).first()
            return to_view(ticket) if ticket is not None else None

    def _insert(self, ticket: Ticket, actor: Actor, notice: Reply | None) -> TicketView:
        """Store a new ticket, its first audit event and the alerts about it together."""
        with session_scope(self._store.engine) as session:
            session.add(ticket)
            session.flush()
            self._store.record(session, ticket, actor, "created", new=ticket.subject)
            view = to_view(ticket)
            alert = Reply(
                kind="ticket_new_staff",
                # which of the customer's people asked (staff opening one for them: nobody)
                data={
                    "ticket": view,
                    "author": "" if actor.is_staff else actor.display_name,
                    "author_id": "" if actor.is_staff else actor.user_id,  # when unnamed
                },
                actions=alert_buttons(view),
            )
            notices: list[Notice] = self._store.notices.engineers(alert, ticket)
            if notice is not None:
                data = {**notice.data, "ticket": view}
                if ticket.thread is None:  # a front end may start the ticket's thread with it
                    data[THREAD_ROOT] = view.number
                told = Reply(notice.kind, data, lang=notice.lang)
                notices += self._store.notices.customer_thread(ticket, told)
            self._store.notify(session, notices)
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
        elif not filters.include_closed:  # a customer's resolved one awaits their "solved?"
            shown = ACTIVE_STATUSES if actor.is_staff else AWAITING_CUSTOMER_STATUSES
            query = query.where(col(Ticket.status).in_(shown))
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

    def get(self, actor: Actor, number: str) -> TicketHistory:
        """One ticket and its history.

        Raises:
            BadInput: not a ticket number.
            NotFound: no such ticket, or it belongs to another customer.
        """
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            query = select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
            events = session.exec(query.order_by(col(TicketEvent.id))).all()
            files = files_by_event(session, ticket.id or 0)
            history = TicketHistory(
                to_view(ticket),
                [
                    TicketEventView(
                        from_db(e.at),
                        e.actor,
                        e.kind,
                        e.old,
                        e.new,
                        tuple(files.get(e.id, ())),
                        e.actor_name or "",
                    )
                    for e in events
                ],
            )
        # staff read everything; a customer never reads what is kept for staff
        return history if actor.is_staff else for_customer(history)
