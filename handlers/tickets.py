"""/ticket new <subject>, /tickets, /ticket <id>."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.enums import Severity, TicketStatus
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply
from bot.services.tickets import TicketFilter, TicketView


def ticket_opened(ticket: TicketView, lang: str) -> Reply:
    """The reply that confirms a new ticket (also used by the "talk to an engineer" button)."""
    return Reply(
        kind="ticket_opened",
        data={"ticket": ticket},
        lang=lang,
    )


def open_ticket(message: InboundMessage, ctx: HandlerContext) -> Reply:
    ticket = ctx.services.tickets.open(ctx.actor, message, ctx.args)
    return ticket_opened(ticket, ctx.actor.language)


STATUS_WORDS = {
    "new": (TicketStatus.NEW,),
    "open": (TicketStatus.OPEN,),
    "waiting": (TicketStatus.WAITING_ON_CUSTOMER,),
    "provider": (TicketStatus.WAITING_ON_PROVIDER,),
    "resolved": (TicketStatus.RESOLVED,),
    "closed": (TicketStatus.CLOSED,),
}


def parse_filters(args: str, ctx: HandlerContext) -> TicketFilter:
    """``/tickets open A mine``, ``/tickets acme breached``, ``/tickets all vpn``."""
    statuses: list[TicketStatus] = []
    severities: list[Severity] = []
    words: list[str] = []
    customer = assignee = None
    unassigned = breached = include_closed = False
    for token in args.split():
        low = token.lower().removeprefix("sev:").removeprefix("status:")
        if low in STATUS_WORDS:
            statuses.extend(STATUS_WORDS[low])
        elif low in ("a", "b", "c"):
            severities.append(Severity(low.upper()))
        elif low == "mine":
            assignee = ctx.actor.user_id
        elif low == "unassigned":
            unassigned = True
        elif low in ("breached", "overdue"):
            breached = True
        elif low == "all":
            include_closed = True
        elif ctx.settings.config.customer(low.removeprefix("customer:")):
            customer = low.removeprefix("customer:")
        else:
            words.append(token)
    return TicketFilter(
        statuses=tuple(statuses),
        severities=tuple(severities),
        customer_id=customer,
        assignee=assignee,
        unassigned=unassigned,
        breached=breached,
        include_closed=include_closed,
        words=tuple(words[:5]),
    )


def list_tickets(message: InboundMessage, ctx: HandlerContext) -> Reply:
    filters = parse_filters(ctx.args, ctx)
    tickets = ctx.services.tickets.list_for(ctx.actor, filters)
    return Reply(
        kind="ticket_list",
        data={"tickets": tickets, "staff": ctx.actor.is_staff, "filtered": bool(ctx.args.strip())},
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


def show_ticket_button(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """The "Open" button on a new-ticket alert."""
    ticket, events = ctx.services.tickets.get(ctx.actor, ctx.args)
    return Reply(
        kind="ticket_detail",
        data={"ticket": ticket, "events": events, "staff": ctx.actor.is_staff},
        lang=ctx.actor.language,
        ephemeral=True,
    )
