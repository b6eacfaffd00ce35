"""The plumbing every ticket service shares: load with access checks, audit, notify."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock, to_db
from bot.db.models import Ticket, TicketEvent
from bot.enums import Platform, TicketStatus
from bot.errors import NotFound
from bot.messages import Actor, Notice, Reply
from bot.services.notices import NoticeRouter
from bot.services.outbox import Outbox
from bot.services.sla import SlaPolicies
from bot.services.ticket_views import parse_ticket_number


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
    ) -> TicketEvent:
        """Write an audit event and touch the ticket (same transaction as the change).

        Returns the event (its id is set once the session flushes).
        """
        now = to_db(self.clock())
        who = actor if isinstance(actor, str) else actor.user_id
        name = None if isinstance(actor, str) else (actor.display_name[:200] or None)
        ticket.updated_at = now
        session.add(ticket)
        event = TicketEvent(
            ticket_id=ticket.id or 0,
            at=now,
            actor=who,
            actor_name=name,
            kind=kind,
            old=old,
            new=new,
        )
        session.add(event)
        return event

    def set_status(
        self, session: Session, ticket: Ticket, actor: Actor | str, new: TicketStatus
    ) -> None:
        """Change the status, move the SLA clocks and record it (nothing when unchanged)."""
        old = TicketStatus(ticket.status)
        if old is new:
            return
        ticket.status = str(new)
        self.sla.on_status_change(ticket, old, self.clock())
        self.record(session, ticket, actor, "status", str(old), str(new))

    def reopen(self, session: Session, ticket: Ticket, actor: Actor | str) -> None:
        """A resolved or closed ticket is open again: the customer says it is not solved.
        Its clocks run again from where they stood (the time it was resolved or closed
        was paused); the caller tells the engineer."""
        ticket.resolved_at = None
        self.set_status(session, ticket, actor, TicketStatus.OPEN)
        self.record(session, ticket, actor, "reopened")

    def notify(self, session: Session, notices: list[Notice]) -> None:
        for notice in notices:
            self.outbox.enqueue_notice(notice, session=session)

    def tell_engineer(self, session: Session, ticket: Ticket, reply: Reply) -> None:
        """Tell the ticket's engineer: the assignee, else the engineers' channels and the
        engineer who last answered the customer (they wait for the answer, and nobody
        else may be watching the channel for it)."""
        notices = self.notices.staff_member(ticket.assignee, reply, ticket)
        if notices:
            self.notify(session, notices)
            return
        shared = self.notices.engineers(reply, ticket)
        personal = self.notices.staff_member(last_replier(session, ticket), reply, ticket)
        # the console shows a staff member their room too: told there once
        self.notify(session, shared + [n for n in personal if n.platform is not Platform.CONSOLE])


def last_replier(session: Session, ticket: Ticket) -> str | None:
    """The staff id of whoever last answered the customer on ``ticket`` (``/reply``, or
    their own message in the customer's thread), if anyone has."""
    return session.exec(
        select(TicketEvent.actor)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "reply")
        .order_by(col(TicketEvent.id).desc())
        .limit(1)
    ).first()
