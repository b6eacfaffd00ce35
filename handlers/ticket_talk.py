"""A customer's words about their tickets in the main line of a chat: "any update on my
teams ticket?" and "по T-1002: у директора тоже началось".

Asking how a ticket stands gets its number, subject, state and who has it — not an article
that shares a word with it — and what else the message says ("still cant join from the
app") is added to it for the engineer. A message naming one of the customer's tickets is
added to that ticket; another customer's number is "couldn't find", as ``/ticket`` says.
The words are read by ``bot/services/ticket_talk.py``; a customer only ever sees their own.
"""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput, NotFound
from bot.messages import InboundMessage, Reply
from bot.services.ticket_finder import TicketInChat, Via
from bot.services.ticket_talk import (
    asks_status,
    asks_status_of,
    content_words,
    named_ticket,
    status_details,
    written_as_ticket,
)
from bot.services.ticket_views import TicketView, parse_ticket_number
from handlers import follow_ups


def about_tickets(ctx: HandlerContext[str], message: InboundMessage) -> Reply | None:
    """The reply when ``message`` asks how a ticket stands or names one, else None."""
    text = message.text.strip()
    if ctx.actor.customer_id is None or ctx.actor.is_staff:
        return None
    number = named_ticket(text)
    ticket = _own(ctx, number, text) if number is not None else None
    if ticket is not None:
        if asks_status(text) and not status_details(text) and not message.files:
            return _standing(ctx, ticket, [], added=False)
        found = TicketInChat(ticket, Via.NAMED)
        return follow_ups.on_ticket(ctx, found, message)
    if asks_status(text):
        tickets = ctx.services.tickets.list_for(ctx.actor)
        chosen = _chosen(tickets, text)
        if chosen is None:
            return _standing(ctx, None, tickets, added=False)
    elif asks_status_of(text):  # "any news on the email recovery?": if a ticket is on it
        chosen = _chosen(ctx.services.tickets.list_for(ctx.actor), text, on_topic=True)
        if chosen is None:
            return None
    else:
        return None
    added = bool(status_details(text) or message.files)
    if added:  # "… still cant join from the app": news for the engineer
        ctx.services.comments.comment(
            ctx.actor, chosen.number, text, message.files, str(message.platform)
        )
    return _standing(ctx, chosen, [], added=added)


def _own(ctx: HandlerContext[str], number: str, text: str) -> TicketView | None:
    """The customer's ticket ``number``. Another customer's, or none, is "couldn't find"
    (the same answer) when written ``T-1002``; a "#1234" or "t1234" that is no ticket of
    theirs may be an error code: the message is read as if it named none.

    Raises:
        NotFound: ``T-<n>`` is no ticket of this customer's.
    """
    try:
        parse_ticket_number(number)  # T-0999 and below are no tickets
        return ctx.services.tickets.get(ctx.actor, number).ticket
    except (NotFound, BadInput):
        if written_as_ticket(text):
            raise NotFound(what="ticket", name=number) from None
        return None


def _chosen(tickets: list[TicketView], text: str, *, on_topic: bool = False) -> TicketView | None:
    """The one open ticket, or the one whose subject the message names ("my teams
    ticket"); None when that leaves a choice. ``on_topic``: the message must name it,
    even when it is the only one."""
    if len(tickets) == 1 and not on_topic:
        return tickets[0]
    words = content_words(text)
    shared = [(len(words & content_words(f"{t.subject} {t.description}")), t) for t in tickets]
    best = max((n for n, _ in shared), default=0)
    matching = [t for n, t in shared if n == best]
    return matching[0] if best > 0 and len(matching) == 1 else None


def _standing(
    ctx: HandlerContext[str], ticket: TicketView | None, choices: list[TicketView], *, added: bool
) -> Reply:
    staff = {s.id: s.name for s in ctx.settings.config.staff}
    data: dict[str, object] = {"added": added, "choices": choices}
    if ticket is not None:
        data["ticket"] = ticket
        data["assignee"] = staff.get(ticket.assignee or "", ticket.assignee or "")
        if not ticket.assignee:  # nobody took it, but an engineer answered: not "nobody yet"
            replied = _last_replier(ctx, ticket.number)
            data["replied_by"] = staff.get(replied or "", replied or "")
    return Reply(kind="ticket_standing", data=data, lang=ctx.actor.language)


def _last_replier(ctx: HandlerContext[str], number: str) -> str | None:
    """The staff id of whoever last answered the customer on the ticket, if anyone has."""
    events = ctx.services.tickets.get(ctx.actor, number).events
    replies = [e.actor for e in events if e.kind == "reply"]
    return replies[-1] if replies else None
