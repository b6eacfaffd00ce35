"""Tell an engineer who answered a customer in their chat, where the customer's replies to
that answer cannot reach the bot, to answer through the bot instead.

In a Telegram group the bot sees only messages addressed to it (privacy mode): replies
to its own messages, mentions, commands. An engineer typing there is seen (the message
replied to the bot's), counted as the first response and kept on the ticket, but the
customer will answer by replying to the *engineer's* message, which the bot never sees:
that answer never reaches the ticket. ``/reply`` posts through the bot, and replies to
the bot's message come back. Said once per ticket and engineer: the first time their own
words are the first reply they gave on it.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.db.models import Ticket, TicketEvent
from bot.messages import Actor, Reply
from bot.services.ticket_store import TicketStore
from bot.services.ticket_views import to_view

KIND = "notice_reply_through_bot"


def reply_hint(
    store: TicketStore, session: Session, ticket: Ticket, actor: Actor, *, unseen: bool
) -> None:
    """Queue the private hint for ``actor`` when replies to their message go ``unseen``,
    unless they replied on ``ticket`` before (in the same transaction as the reply)."""
    if not unseen:
        return
    earlier = session.exec(
        select(TicketEvent.id)
        .where(TicketEvent.ticket_id == ticket.id)
        .where(col(TicketEvent.kind) == "reply")
        .where(TicketEvent.actor == actor.user_id)
        .limit(1)
    ).first()
    if earlier is None:
        reply = Reply(kind=KIND, data={"ticket": to_view(ticket)})
        store.notify(session, store.notices.staff_member(actor.user_id, reply, ticket))
