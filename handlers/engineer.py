"""Engineer commands on tickets: take, assign, reply, note, severity, status, set, resolve,
file."""

from __future__ import annotations

from typing import Any

from bot.arguments import (
    TicketField,
    TicketFileNumber,
    TicketNewStatus,
    TicketSeverity,
    TicketText,
)
from bot.context import HandlerContext
from bot.errors import NotFound
from bot.messages import InboundMessage, Reply, with_buttons_left
from bot.services.file_copies import MAX_BYTES
from bot.services.ticket_files import format_size
from bot.services.ticket_views import alert_buttons
from bot.services.tickets import TicketView
from handlers._local import reader_zone


def changed(ticket: TicketView, change: str, ctx: HandlerContext[Any], **data: object) -> Reply:
    return Reply(
        kind="ticket_changed",
        data={"ticket": ticket, "change": change, "staff": True, **data},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def _taken(message: InboundMessage, ctx: HandlerContext[str], ticket: TicketView) -> Reply:
    """ "T-1001 is yours now" to the engineer alone; in the shared engineers' channel,
    where colleagues read it too, it names who took it."""
    shared = ctx.settings.config.is_staff_channel(str(message.platform), message.channel)
    return changed(ticket, "taken", ctx, **({"by": ctx.actor.display_name} if shared else {}))


def take(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    """``/take T-1001``."""
    return _taken(message, ctx, ctx.services.workflow.take(ctx.actor, ctx.args))


def take_button(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    """The *Take* button under a new-ticket alert: the alert keeps "Open" (the ticket is
    still worth reading; taking it twice is pointless)."""
    ticket = ctx.services.workflow.take(ctx.actor, ctx.args)
    return with_buttons_left(_taken(message, ctx, ticket), alert_buttons(ticket))


def assign(message: InboundMessage, ctx: HandlerContext[TicketText]) -> Reply:
    """``/assign T-1001 bob``: give a ticket to a colleague (by staff id or name)."""
    wanted = ctx.args.text.lower()
    staff = ctx.settings.config.staff
    member = next((s for s in staff if wanted in (s.id.lower(), s.name.lower())), None)
    if member is None:
        known = ", ".join(f"{s.id} ({s.name})" for s in staff)
        raise NotFound(what="engineer", name=ctx.args.text, known=known)
    before = ctx.services.tickets.get(ctx.actor, ctx.args.number).ticket.assignee
    ticket = ctx.services.workflow.assign(ctx.actor, ctx.args.number, member.id, member.name)
    if member.id == ctx.actor.user_id:  # to oneself: nobody else is told; it is theirs now
        return changed(ticket, "taken", ctx)
    if before == member.id:  # already theirs: nobody was told again, so don't say so
        return changed(ticket, "already_assigned", ctx, engineer=member.name)
    return changed(ticket, "assigned", ctx, engineer=member.name)


def reply(message: InboundMessage, ctx: HandlerContext[TicketText]) -> Reply:
    ticket = ctx.services.workflow.reply(ctx.actor, ctx.args.number, ctx.args.text)
    return changed(ticket, "replied", ctx)


def note(message: InboundMessage, ctx: HandlerContext[TicketText]) -> Reply:
    """``/note T-1001 <text>``: an internal note, for staff only."""
    ticket = ctx.services.comments.note(ctx.actor, ctx.args.number, ctx.args.text)
    return changed(ticket, "noted", ctx)


def severity(message: InboundMessage, ctx: HandlerContext[TicketSeverity]) -> Reply:
    change = ctx.args
    ticket = ctx.services.workflow.set_severity(ctx.actor, change.number, change.severity)
    return changed(ticket, "severity", ctx, zone=reader_zone(ctx, ticket.customer_id))


def status(message: InboundMessage, ctx: HandlerContext[TicketNewStatus]) -> Reply:
    change = ctx.args
    ticket = ctx.services.workflow.set_status(ctx.actor, change.number, change.status)
    return changed(ticket, "status", ctx)


def set_field(message: InboundMessage, ctx: HandlerContext[TicketField]) -> Reply:
    field = ctx.args
    ticket = ctx.services.workflow.set_field(ctx.actor, field.number, field.name, field.value)
    return changed(ticket, "field", ctx, field=field.name)


def resolve(message: InboundMessage, ctx: HandlerContext[TicketText]) -> Reply:
    resolved = ctx.services.workflow.resolve(ctx.actor, ctx.args.number, ctx.args.text)
    return changed(resolved.ticket, resolved.change, ctx)


def send_file(message: InboundMessage, ctx: HandlerContext[TicketFileNumber]) -> Reply:
    """``/file T-1001 2``: a copy of a customer's file to the engineer alone, on the platform
    it was shared on; ``/file T-1001`` lists the ticket's files by number."""
    found = ctx.services.file_copies.send(
        ctx.actor, ctx.args.number, ctx.args.file, message.delivery_id or ""
    )
    return Reply(
        kind="ticket_files",
        data={
            "ticket": found.ticket,
            "files": found.files,
            "file": found.file,
            "platform": found.platform,
            "sent": found.sent,
            "refused": found.refused,
            "max": format_size(MAX_BYTES),
        },
        lang=ctx.actor.language,
        ephemeral=True,
    )
