"""/ticket new <subject>, /tickets, /ticket <id>."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply
from bot.services.tickets import FIRST_RESPONSE_HOURS, TicketView


def ticket_opened(ticket: TicketView, lang: str) -> Reply:
    """The reply that confirms a new ticket (also used by the "talk to an engineer" button)."""
    return Reply(
        kind="ticket_opened",
        data={"ticket": ticket, "first_response_hours": FIRST_RESPONSE_HOURS[ticket.severity]},
        lang=lang,
    )


def open_ticket(message: InboundMessage, ctx: HandlerContext) -> Reply:
    ticket = ctx.services.tickets.open(ctx.actor, message, ctx.args)
    return ticket_opened(ticket, ctx.actor.language)


def list_tickets(message: InboundMessage, ctx: HandlerContext) -> Reply:
    tickets = ctx.services.tickets.list_for(ctx.actor)
    return Reply(
        kind="ticket_list",
        data={"tickets": tickets, "staff": ctx.actor.is_staff},
        lang=ctx.actor.language,
    )


def show_ticket(message: InboundMessage, ctx: HandlerContext) -> Reply:
    if not ctx.args.strip():
        raise BadInput("ticket number", example="/ticket T-1001")
    ticket, events = ctx.services.tickets.get(ctx.actor, ctx.args)
    return Reply(
        kind="ticket_detail",
        data={"ticket": ticket, "events": events, "staff": ctx.actor.is_staff},
        lang=ctx.actor.language,
    )
