"""What people say about a ticket in its chat, and the engineers' internal notes.

A customer's message about a ticket is a comment: stored whole, told in full to the
engineer (the assignee, else the engineers' channels and whoever last replied), and it
resumes a ticket that waited on them; one that says a resolved ticket is still broken reopens it. An
engineer's message in the customer's thread is a public reply the customer has already
seen: it stops the first-response clock like ``/reply`` but is not posted again. A
question the bot answered may be added to a colleague's ticket as a comment. A note
(``/note``) is for staff only and never reaches the customer. A comment taken back as a
new question: ``bot/services/comment_withdrawal.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.clock import to_db
from bot.db.engine import session_scope
from bot.db.models import KbQuestion, Ticket
from bot.enums import TicketStatus
from bot.errors import BadInput, NotAllowed, NotFound, TicketClosed
from bot.kb.layout import retyped
from bot.messages import Actor, Attachment, Reply
from bot.services.comment_withdrawal import Withdrawn, withdraw
from bot.services.reply_hint import reply_hint
from bot.services.ticket_files import FileView, record_files
from bot.services.ticket_store import TicketStore
from bot.services.ticket_views import TicketView, reopenable, to_view
from bot.text import MAX_MESSAGE_CHARS, clip

TEXT_MAX = MAX_MESSAGE_CHARS  # one event keeps a whole message


@dataclass(frozen=True)
class Comment:
    """A stored comment: the ticket, and the event id that names the comment (the
    "ask it as a new question" button carries it)."""

    ticket: TicketView
    event_id: int


@dataclass(frozen=True)
class QuestionAdded:
    """What "Add to the ticket" did: the comment it made, or why it made none
    (``refused``: ``already`` on a ticket, a second press; ``not_theirs``, someone else's)."""

    ticket: TicketView
    comment: Comment | None = None
    refused: str = ""


def _readable(text: str) -> str:
    """What a comment typed on the wrong keyboard layout says ("gjxnf yt ghb[jlbn" is
    "почта не приходит"), for the engineer beside the words as typed; "" otherwise."""
    meant = retyped(text)
    return meant if meant != text else ""


def _notice(kind: str, ticket: Ticket, **data: object) -> Reply:
    return Reply(kind=kind, data={"ticket": to_view(ticket), **data})


class TicketComments:
    """Comments, public replies seen in a thread, notes, and a comment taken back."""

    def __init__(self, store: TicketStore) -> None:
        self._store = store

    def comment(
        self,
        actor: Actor,
        number: str,
        text: str,
        files: Sequence[Attachment] = (),
        platform: str = "",
        *,
        reopen: bool = False,
    ) -> Comment:
        """A customer's message about their ticket: text, files (a screenshot alone is a
        comment too), or both; the engineer is told of both.

        With ``reopen`` a resolved ticket, or one closed a moment ago
        (:func:`~bot.services.ticket_views.reopenable`), is open again, as with "No, still
        broken" (the message says it is not solved), and the engineer's notice says so.

        Raises:
            NotFound: no such ticket, or another customer's.
            TicketClosed: the ticket is closed and this comment may not open it again.
        """
        text = text.strip()
        if not text and not files:
            raise BadInput("text")
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            return self._comment(session, ticket, actor, text, files, platform, reopen=reopen)

    def _comment(
        self,
        session: Session,
        ticket: Ticket,
        actor: Actor,
        text: str,
        files: Sequence[Attachment],
        platform: str,
        *,
        reopen: bool = False,
    ) -> Comment:
        if ticket.status == TicketStatus.WAITING_ON_CUSTOMER:
            self._store.set_status(session, ticket, actor, TicketStatus.OPEN)
        reopened = reopen and reopenable(to_view(ticket), self._store.clock())
        if ticket.status == TicketStatus.CLOSED and not reopened:
            raise TicketClosed(number=ticket.number)
        if reopened:
            self._store.reopen(session, ticket, actor)
        event = self._store.record(session, ticket, actor, "comment", new=clip(text, TEXT_MAX))
        ticket.awaiting_customer_at = None  # answered
        session.flush()
        kept = self._files(session, ticket, event.id, actor, platform, files)
        told = _notice(
            "notice_customer_comment",
            ticket,
            text=text,
            retyped=_readable(text),
            author=actor.display_name,
            author_id=actor.user_id,
            files=kept,
            reopened=reopened,
        )
        self._store.tell_engineer(session, ticket, told)
        session.flush()
        return Comment(to_view(ticket), event.id or 0)

    def add_question(
        self, actor: Actor, number: str, question_id: int, platform: str = ""
    ) -> QuestionAdded:
        """A customer's message the bot answered as a question, added to a ticket a
        colleague opened beside it ("Add to the ticket" under the answer): their comment,
        as if they had said it there. Only the one who asked adds it, and once: the
        question is marked as on that ticket (the KB did not settle it).

        Raises:
            NotFound: no such ticket or question, or another customer's.
        """
        with session_scope(self._store.engine) as session:
            question = session.get(KbQuestion, question_id)
            if question is None or question.customer_id != actor.customer_id:
                raise NotFound(what="question", name=str(question_id))
            ticket = self._store.load(session, actor, number)
            if question.user != actor.user_id:
                return QuestionAdded(to_view(ticket), refused="not_theirs")
            if question.ticket_id is not None:
                return QuestionAdded(to_view(ticket), refused="already")
            question.ticket_id = ticket.id
            session.add(question)
            comment = self._comment(session, ticket, actor, question.question, (), platform)
            return QuestionAdded(comment.ticket, comment)

    def _files(
        self,
        session: Session,
        ticket: Ticket,
        event_id: int | None,
        actor: Actor,
        platform: str,
        files: Sequence[Attachment],
    ) -> list[FileView]:
        if not files or ticket.id is None:
            return []
        now = self._store.clock()
        return record_files(session, ticket.id, event_id, actor.user_id, platform, files, now)

    def staff_said(
        self,
        actor: Actor,
        number: str,
        text: str,
        files: Sequence[Attachment] = (),
        platform: str = "",
        unseen_replies: bool = False,  # replies to it cannot reach the bot: reply_hint
    ) -> TicketView:
        """An engineer's own message in the customer's thread: a public reply, already seen
        there, so it is recorded (and stops the first-response clock) but not re-posted."""
        if not actor.is_staff:
            raise NotAllowed()
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            reply_hint(self._store, session, ticket, actor, unseen=unseen_replies)
            now = to_db(self._store.clock())
            ticket.first_response_at = ticket.first_response_at or now
            if ticket.status == TicketStatus.NEW:
                self._store.set_status(session, ticket, actor, TicketStatus.OPEN)
            event = self._store.record(
                session, ticket, actor, "reply", new=clip(text.strip(), TEXT_MAX)
            )
            session.flush()
            self._files(session, ticket, event.id, actor, platform, files)
            if TicketStatus(ticket.status).is_active:
                ticket.awaiting_customer_at = now
            return to_view(ticket)

    def note(self, actor: Actor, number: str, text: str) -> TicketView:
        """An internal note: on the ticket for staff, never shown or sent to the customer.
        The assignee hears of it when someone else wrote it."""
        if not actor.is_staff:
            raise NotAllowed()
        text = text.strip()
        if not text:
            raise BadInput("text")
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            self._store.record(session, ticket, actor, "note", new=clip(text, TEXT_MAX))
            if ticket.assignee and ticket.assignee != actor.user_id:
                told = _notice("notice_ticket_note", ticket, text=text, author=actor.display_name)
                notices = self._store.notices.staff_member(ticket.assignee, told, ticket)
                self._store.notify(session, notices)
            return to_view(ticket)

    def withdraw(self, actor: Actor, event_id: int) -> Withdrawn:
        """Take a comment back to ask it as a new question (the customer's button);
        :func:`~bot.services.comment_withdrawal.withdraw`."""
        return withdraw(self._store, actor, event_id)
