"""A comment taken back: the customer's "ask it as a new question instead" button.

The bot guessed which ticket a message was about (docs/tickets.md, "Conversations"); the
customer says it was a new question. Whatever the comment changed on the ticket is put
back, unless the ticket moved on since, and the engineer is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.engine import session_scope
from bot.db.models import Ticket, TicketEvent
from bot.enums import TicketStatus
from bot.errors import NotAllowed, NotFound
from bot.messages import Actor, Reply
from bot.services.ticket_store import TicketStore
from bot.services.ticket_views import TicketView, to_view


@dataclass(frozen=True)
class Withdrawn:
    """A comment taken back as a new question: the ticket, and what the customer wrote."""

    ticket: TicketView
    text: str


def withdraw(store: TicketStore, actor: Actor, event_id: int) -> Withdrawn:
    """Take a comment back to ask it as a new question (the customer's button).

    The engineer's message is unanswered again, a ticket the comment had taken off
    "waiting on you" waits again, and one it had reopened is resolved again. Pressed
    twice, it changes nothing the second time.

    Raises:
        NotFound: no such comment, or not this customer's.
    """
    if actor.is_staff or actor.customer_id is None:
        raise NotAllowed()
    with session_scope(store.engine) as session:
        event = session.get(TicketEvent, event_id)
        if event is None or event.kind != "comment":
            raise NotFound(what="comment", name=str(event_id))
        ticket = session.get(Ticket, event.ticket_id)
        if ticket is None or ticket.customer_id != actor.customer_id:
            raise NotFound(what="comment", name=str(event_id))
        text = event.new or ""
        later = _events_after(session, event)
        if any(e.kind == "comment_moved" and e.new == text for e in later):
            return Withdrawn(to_view(ticket), text)  # pressed twice
        resolved = _restore_waiting(store, session, ticket, actor, event)
        store.record(session, ticket, actor, "comment_moved", new=text)
        data = {"ticket": to_view(ticket), "text": text, "resolved": resolved}
        store.tell_engineer(session, ticket, Reply(kind="notice_comment_moved", data=data))
        return Withdrawn(to_view(ticket), text)


def _events_after(session: Session, event: TicketEvent) -> list[TicketEvent]:
    return list(
        session.exec(
            select(TicketEvent)
            .where(TicketEvent.ticket_id == event.ticket_id, col(TicketEvent.id) > event.id)
            .order_by(col(TicketEvent.id))
        ).all()
    )


def _restore_waiting(
    store: TicketStore, session: Session, ticket: Ticket, actor: Actor, comment: TicketEvent
) -> bool:
    """Put back what the comment changed, unless the ticket moved on since; True when
    that was a resolution the comment had reopened (resolved again)."""
    if not TicketStatus(ticket.status).is_active:
        return False
    before = session.exec(  # the comment's own status change comes just before it
        select(TicketEvent)
        .where(TicketEvent.ticket_id == comment.ticket_id, col(TicketEvent.id) < comment.id)
        .order_by(col(TicketEvent.id).desc())
    ).first()
    if (
        before is not None
        and before.kind == "reopened"
        and before.actor == comment.actor
        and ticket.status == TicketStatus.OPEN
    ):
        _resolve_again(store, session, ticket, actor)
        return True
    if ticket.first_response_at is not None:  # an engineer's message is unanswered again
        ticket.awaiting_customer_at = ticket.awaiting_customer_at or to_db(store.clock())
    resumed = (
        before is not None
        and before.kind == "status"
        and before.actor == comment.actor
        and before.old == str(TicketStatus.WAITING_ON_CUSTOMER)
    )
    if resumed and ticket.status == TicketStatus.OPEN:
        store.set_status(session, ticket, actor, TicketStatus.WAITING_ON_CUSTOMER)
    return False


def _resolve_again(store: TicketStore, session: Session, ticket: Ticket, actor: Actor) -> None:
    """The comment that reopened a resolved ticket was a new question after all: the
    ticket is resolved as before (its "did this solve it?" still open)."""
    resolution = session.exec(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "resolution")
        .order_by(col(TicketEvent.id).desc())
    ).first()
    ticket.resolved_at = resolution.at if resolution is not None else to_db(store.clock())
    ticket.awaiting_customer_at = None
    store.set_status(session, ticket, actor, TicketStatus.RESOLVED)
