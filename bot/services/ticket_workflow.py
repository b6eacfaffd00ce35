"""Changes to tickets: take, assign, reply, comment, severity, status, resolve, confirm.

Every change writes an audit event, moves the SLA clocks and enqueues the notices
it causes in one transaction, so a crash can lose neither the change nor the
message about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.engine import session_scope
from bot.db.models import Ticket, TicketEvent
from bot.enums import Confirmation, Severity, TicketStatus
from bot.errors import BadInput, NotAllowed
from bot.languages import written_in
from bot.messages import Action, Actor, Reply
from bot.services.affirmation import says_it_works
from bot.services.ticket_store import TicketStore
from bot.services.ticket_views import TicketView, parse_ticket_number, reopenable, to_view
from bot.services.tickets import DESCRIPTION_MAX
from bot.text import clip

EDITABLE_FIELDS = ("service", "impact", "tried", "description", "links")


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise NotAllowed()


def _lock_ticket(session: Session, number: str) -> None:
    """Take the ticket's row lock before reading it, so concurrent changes queue up.

    A no-op UPDATE as the transaction's first statement: PostgreSQL locks the row,
    SQLite takes its write lock; the read that follows sees what the other finished.
    """
    ticket_id = parse_ticket_number(number)
    session.exec(
        update(Ticket).where(col(Ticket.id) == ticket_id).values(updated_at=Ticket.updated_at)
    )


class TicketWorkflow:
    def __init__(self, store: TicketStore, services: frozenset[str] = frozenset()) -> None:
        self._store = store
        self._services = services

    # -- helpers -----------------------------------------------------------------------

    def _set_status(
        self, session: Session, ticket: Ticket, actor: Actor | str, new: TicketStatus
    ) -> None:
        self._store.set_status(session, ticket, actor, new)

    def _tell_customer(self, session: Session, ticket: Ticket, reply: Reply) -> None:
        self._store.notify(session, self._store.notices.customer_thread(ticket, reply))

    def _notice(self, kind: str, ticket: Ticket, actions: tuple[Action, ...] = (), **data) -> Reply:
        return Reply(kind=kind, data={"ticket": to_view(ticket), **data}, actions=actions)

    # -- engineer actions ----------------------------------------------------------------

    def take(self, actor: Actor, number: str) -> TicketView:
        """Assign the ticket to the caller; a new ticket becomes open.

        Taking a ticket one already has (a double click, two workers handling the
        same press) changes nothing and tells the customer nothing again.
        """
        return self.assign(actor, number, actor.user_id, actor.display_name)

    def assign(self, actor: Actor, number: str, staff_id: str, staff_name: str) -> TicketView:
        """Give the ticket to a staff member (the caller, or a colleague who is told).

        A new ticket becomes open, and the customer hears who is on it. The row is
        locked first, so two concurrent assignments queue up and the second sees the first.
        """
        _require_staff(actor)
        with session_scope(self._store.engine) as session:
            _lock_ticket(session, number)
            ticket = self._store.load(session, actor, number)
            if ticket.status == TicketStatus.NEW:
                self._set_status(session, ticket, actor, TicketStatus.OPEN)
            if ticket.assignee == staff_id:
                return to_view(ticket)  # already theirs: nobody is told twice
            previous = ticket.assignee
            self._store.record(session, ticket, actor, "assigned", previous, staff_id)
            ticket.assignee = staff_id
            if staff_id != actor.user_id:
                note = self._notice("notice_ticket_assigned", ticket, by=actor.display_name)
                notices = self._store.notices.staff_member(staff_id, note, ticket)
                self._store.notify(session, notices)
            taken = self._notice("notice_ticket_taken", ticket, engineer=staff_name)
            self._tell_customer(session, ticket, taken)
            return to_view(ticket)

    def reply(self, actor: Actor, number: str, text: str) -> TicketView:
        """Post an engineer's answer in the customer's thread; it is the first response."""
        _require_staff(actor)
        text = text.strip()
        if not text:
            raise BadInput("text")
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            if ticket.first_response_at is None:
                ticket.first_response_at = to_db(self._store.clock())
            if ticket.status == TicketStatus.NEW:
                self._set_status(session, ticket, actor, TicketStatus.OPEN)
            self._store.record(session, ticket, actor, "reply", new=clip(text, DESCRIPTION_MAX))
            ticket.awaiting_customer_at = to_db(self._store.clock())
            self._tell_customer(
                session,
                ticket,
                self._notice(
                    "notice_engineer_reply",
                    ticket,
                    engineer=actor.display_name,
                    text=text,
                    written_in=written_in(text),
                ),
            )
            return to_view(ticket)

    def set_severity(self, actor: Actor, number: str, severity: Severity) -> TicketView:
        _require_staff(actor)
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            old = ticket.severity
            if old != severity:
                ticket.severity = str(severity)
                self._store.sla.recompute(ticket)
                ticket.fr_warned = ticket.fr_breached = False
                ticket.res_warned = ticket.res_breached = False
                self._store.record(session, ticket, actor, "severity", old, str(severity))
                self._tell_customer(
                    session, ticket, self._notice("notice_ticket_severity", ticket, old=old)
                )
            return to_view(ticket)

    def set_status(self, actor: Actor, number: str, status: TicketStatus) -> TicketView:
        _require_staff(actor)
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            if ticket.status != status:
                self._set_status(session, ticket, actor, status)
                self._tell_customer(session, ticket, self._notice("notice_ticket_status", ticket))
            return to_view(ticket)

    def set_field(self, actor: Actor, number: str, name: str, value: str) -> TicketView:
        """Fill in what an upstream report needs: service, impact, tried, description, links."""
        _require_staff(actor)
        name = name.strip().lower()
        if name not in EDITABLE_FIELDS:
            raise BadInput("field", example="|".join(EDITABLE_FIELDS))
        value = value.strip()
        if not value:
            raise BadInput(name)
        if name == "service" and self._services and value not in self._services:
            raise BadInput("service", example=", ".join(sorted(self._services)))
        column = {"service": "service_id", "links": "attachments"}.get(name, name)
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            old = getattr(ticket, column)
            setattr(ticket, column, clip(value, DESCRIPTION_MAX))
            self._store.record(session, ticket, actor, f"set_{name}", old or None, value)
            return to_view(ticket)

    def resolve(self, actor: Actor, number: str, note: str = "") -> Resolved:
        """Resolve and ask the customer whether it is solved (no → reopen).

        Not when they have already said so in words since it was last resolved ("да всё
        работает, закрывайте", typed while it was open, so nothing closed it then): it is
        closed and they are told, not asked again. A closed ticket stays as it is.
        """
        _require_staff(actor)
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            if ticket.status == TicketStatus.CLOSED:
                return Resolved(to_view(ticket), "already_closed")
            confirmed = said_solved(session, ticket)
            if ticket.first_response_at is None:
                ticket.first_response_at = to_db(self._store.clock())
            ticket.resolved_at = to_db(self._store.clock())
            ticket.awaiting_customer_at = None  # the confirm question is answered by buttons
            self._set_status(session, ticket, actor, TicketStatus.RESOLVED)
            self._store.record(session, ticket, actor, "resolution", new=note.strip() or None)
            ask = (
                Action("ticket_confirm_yes", ticket.number),
                Action("ticket_confirm_no", ticket.number),
            )
            if confirmed:
                self._set_status(session, ticket, actor, TicketStatus.CLOSED)
            self._tell_customer(
                session,
                ticket,
                self._notice(
                    "notice_ticket_resolved",
                    ticket,
                    () if confirmed else ask,
                    note=note.strip(),
                    written_in=written_in(note.strip()),
                    confirmed=confirmed,
                ),
            )
            return Resolved(to_view(ticket), "resolved_closed" if confirmed else "resolved")

    # -- customer actions ----------------------------------------------------------------

    def confirm(self, actor: Actor, number: str, solved: bool) -> Confirmed:
        """The customer's answer to "did this solve it?": close, or reopen.

        The buttons stay under the question after the ticket has moved on, so an answer
        acts only where it still makes sense (:func:`confirmation`) and says what it did.
        """
        with session_scope(self._store.engine) as session:
            _lock_ticket(session, number)
            ticket = self._store.load(session, actor, number)
            now = self._store.clock()
            outcome = confirmation(
                TicketStatus(ticket.status), solved, reopenable(to_view(ticket), now)
            )
            if outcome is Confirmation.CLOSED:
                self._set_status(session, ticket, actor, TicketStatus.CLOSED)
            elif outcome is Confirmation.REOPENED:
                self._store.reopen(session, ticket, actor)
                self._store.tell_engineer(
                    session, ticket, self._notice("notice_ticket_reopened", ticket)
                )
            if outcome in (Confirmation.REOPENED, Confirmation.ALREADY_OPEN):
                # "Still broken" is followed by what still goes wrong (a screenshot, a log):
                # in a chat without threads that next message belongs on this ticket.
                ticket.awaiting_customer_at = to_db(now)
                session.add(ticket)
            return Confirmed(to_view(ticket), outcome)


@dataclass(frozen=True)
class Resolved:
    """The ticket after ``/resolve`` and what it did: ``resolved`` (the customer is asked),
    ``resolved_closed`` (they had said it works: closed) or ``already_closed``."""

    ticket: TicketView
    change: str


def said_solved(session: Session, ticket: Ticket) -> bool:
    """Whether the customer's last word on ``ticket`` since it was last resolved says it
    works (:func:`~bot.services.affirmation.says_it_works`: not a mere "ok thanks").
    Staff and the provider may have written since; a word taken back or any other last
    word is not a yes."""
    events = session.exec(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id)
        .order_by(col(TicketEvent.id).desc())
        .limit(200)
    ).all()
    for event in events:
        if event.kind == "resolution":
            return False
        if ":" in event.actor:  # platform:user — one of the customer's people
            return event.kind == "comment" and says_it_works(event.new or "")
    return False


@dataclass(frozen=True)
class Confirmed:
    """The ticket after a customer's "did this solve it?" answer, and what the answer did."""

    ticket: TicketView
    outcome: Confirmation


def confirmation(status: TicketStatus, solved: bool, reopenable: bool) -> Confirmation:
    """What a "yes" or "no" does to a ticket in ``status``.

    Resolved: yes closes it, no opens it again. Closed (only ever because the customer's
    people said it works): yes is thanks for nothing left to do; no is a button of an
    older message pressed after that verdict and changes nothing — while the ticket may
    still open again (``reopenable``) the answer says how to say it broke again in words
    (a reply about it), later that it is a new ticket's matter. Open again already
    (someone said "still broken" meanwhile): a yes does not close it over that
    colleague's head — the engineer resolves it; a no is already so.
    """
    if status is TicketStatus.RESOLVED:
        return Confirmation.CLOSED if solved else Confirmation.REOPENED
    if status is TicketStatus.CLOSED:
        if solved:
            return Confirmation.ALREADY_CLOSED
        return Confirmation.SAID_SOLVED if reopenable else Confirmation.CLOSED_FOR_GOOD
    return Confirmation.STILL_OPEN if solved else Confirmation.ALREADY_OPEN
