"""/ticket new, /tickets (the queue), /ticket <id>."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.arguments import TicketQuery
from bot.context import HandlerContext
from bot.enums import Platform, Severity
from bot.errors import BadInput, NotFound
from bot.languages import written_in
from bot.messages import THREAD_ROOT, InboundMessage, Reply, with_buttons_left
from bot.services.subject_marker import split_marker
from bot.services.ticket_views import alert_buttons
from bot.services.tickets import NewTicket, Place, TicketFilter, TicketView
from bot.services.urgency import says_business_down
from handlers._history import for_reading, to_history
from handlers._local import customer_chat, customer_zone, reader_zone

STAFF_USAGE = "<customer> <subject>"  # /ticket new as staff type it


def ticket_opened(ticket: TicketView, ctx: HandlerContext[object], created: bool = True) -> Reply:
    """The reply that confirms a ticket, or says it was already open for this question
    (with its assignee's name: customers never see a staff id)."""
    staff = {s.id: s.name for s in ctx.settings.config.staff}
    return Reply(
        kind="ticket_opened" if created else "ticket_exists",
        data={
            "ticket": ticket,
            "zone": reader_zone(ctx, ticket.customer_id),
            "assignee": staff.get(ticket.assignee or "", ticket.assignee),
        },
        lang=ctx.actor.language,
    )


def open_ticket(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    """``/ticket new <subject>``; staff add the customer first: ``/ticket new acme <subject>``."""
    if not ctx.actor.is_staff:
        # "/ticket new весь офис без почты" opens at A, as the "talk to an engineer" form
        # proposes for the same words; anything else at C, raised later with /severity
        severity = Severity.A if says_business_down(ctx.args) else Severity.C
        new = NewTicket(ctx.args, severity=severity)
        opened = ctx.services.tickets.open(ctx.actor, message, new)
        reply = ticket_opened(opened.ticket, ctx)  # found again only for a redelivery
        if message.thread is None:  # a thread-less command: the answer may start its thread
            reply = replace(reply, data={**reply.data, THREAD_ROOT: opened.ticket.number})
        return reply
    customer_id, _, subject = ctx.args.partition(" ")
    customer = ctx.settings.config.customer(customer_id.lower())
    if customer is None:
        known = ", ".join(c.id for c in ctx.settings.config.customers)
        raise NotFound(what="customer", name=customer_id, known=known)
    if not subject.strip():  # staff type the customer first: their usage says so
        raise BadInput("subject", usage=STAFF_USAGE, sample=f"{customer.id} Phone call")
    chat = customer_chat(ctx, customer.id)
    place = chat or Place(str(Platform.CONSOLE), customer.id)
    marker, subject = split_marker(subject.strip())  # "Phoned in:" is the team's: a note
    notice: Reply | None = Reply(
        kind="notice_ticket_opened_for_you",
        data={
            "by": ctx.actor.display_name,
            "zone": customer_zone(ctx, customer.id),
            "written_in": written_in(subject),  # an engineer's English for a Russian reader
        },
        lang=ctx.settings.config.language_of(customer.id),
    )
    if chat is None:  # no chat to tell them in: the engineer does (the answer says so)
        notice = None
    new = NewTicket(subject, description=subject)
    ticket = ctx.services.tickets.open_for_customer(ctx.actor, customer.id, new, place, notice)
    if marker:
        ctx.services.comments.note(ctx.actor, ticket.number, marker)
    return Reply(
        kind="ticket_opened_for_customer",
        data={"ticket": ticket, "customer": customer.name, "told": chat is not None},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def _filters(query: TicketQuery, ctx: HandlerContext[TicketQuery]) -> TicketFilter:
    """The typed query, with a word that names a customer taken as that customer."""
    config = ctx.settings.config
    customer = None
    words = []
    for word in query.words:
        wanted = word.lower().removeprefix("customer:")
        if customer is None and config.customer(wanted) is not None:
            customer = wanted
        else:
            words.append(word)
    return TicketFilter(
        statuses=query.statuses,
        severities=query.severities,
        customer_id=customer,
        assignee=ctx.actor.user_id if query.mine else None,
        unassigned=query.unassigned,
        breached=query.breached,
        include_closed=query.include_closed,
        words=tuple(words[:5]),
    )


def list_tickets(message: InboundMessage, ctx: HandlerContext[TicketQuery]) -> Reply:
    """The queue: each ticket's age, next SLA due time (in the reader's zone) and assignee."""
    tickets = ctx.services.tickets.list_for(ctx.actor, _filters(ctx.args, ctx))
    staff = {s.id: s.name for s in ctx.settings.config.staff}
    return Reply(
        kind="ticket_list",
        data={
            "tickets": tickets,
            "staff": ctx.actor.is_staff,
            "filtered": ctx.args != TicketQuery(),
            "filters": ctx.args.typed(),  # named by the heading and by an empty queue
            "narrowed": replace(ctx.args, statuses=(), include_closed=False) != TicketQuery(),
            "statuses": [str(s) for s in ctx.args.statuses],
            "all": ctx.args.include_closed,
            "now": ctx.now,
            "zones": {t.customer_id: reader_zone(ctx, t.customer_id) for t in tickets},
            "names": {t.assignee: staff.get(t.assignee, t.assignee) for t in tickets if t.assignee},
            "overdue": [t.number for t in tickets if t.next_due and t.next_due < ctx.now],
        },
        lang=ctx.actor.language,
    )


def _customer_name(ctx: HandlerContext[Any], customer_id: str) -> str:
    customer = ctx.settings.config.customer(customer_id)
    return customer.name if customer else customer_id


def _detail(ctx: HandlerContext[str], ephemeral: bool) -> tuple[TicketView, Reply]:
    ticket, events = ctx.services.tickets.get(ctx.actor, ctx.args)
    reply = Reply(
        kind="ticket_detail",
        data={
            "ticket": for_reading(ticket, ctx),
            "events": to_history(events, ticket, ctx),
            "staff": ctx.actor.is_staff,
            "zone": reader_zone(ctx, ticket.customer_id),
            "customer_name": _customer_name(ctx, ticket.customer_id),
        },
        lang=ctx.actor.language,
        ephemeral=ephemeral,
    )
    return ticket, reply


def show_ticket(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    return _detail(ctx, ephemeral=False)[1]


def show_ticket_button(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    """The "Open" button on a new-ticket alert. It only shows the ticket, so the alert
    keeps the buttons that still apply ("Take" while nobody has taken it)."""
    ticket, reply = _detail(ctx, ephemeral=True)
    return with_buttons_left(reply, alert_buttons(ticket))
