"""Engineer commands on tickets: take, reply, severity, status, set, resolve."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply
from bot.services.tickets import TicketView


def split_number(args: str, example: str) -> tuple[str, str]:
    """``"T-1001 rest of text"`` → ``("T-1001", "rest of text")``."""
    parts = args.strip().split(maxsplit=1)
    if not parts:
        raise BadInput("ticket number", example=example)
    return parts[0], parts[1] if len(parts) > 1 else ""


def changed(ticket: TicketView, change: str, ctx: HandlerContext, **data: object) -> Reply:
    return Reply(
        kind="ticket_changed",
        data={"ticket": ticket, "change": change, **data},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def take(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, _ = split_number(ctx.args, "/take T-1001")
    return changed(ctx.services.workflow.take(ctx.actor, number), "taken", ctx)


def reply(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, text = split_number(ctx.args, "/reply T-1001 We are on it.")
    ticket = ctx.services.workflow.reply(ctx.actor, number, text)
    return changed(ticket, "replied", ctx)


def severity(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, value = split_number(ctx.args, "/severity T-1001 A")
    return changed(ctx.services.workflow.set_severity(ctx.actor, number, value), "severity", ctx)


def status(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, value = split_number(ctx.args, "/status T-1001 waiting")
    return changed(ctx.services.workflow.set_status(ctx.actor, number, value), "status", ctx)


def set_field(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, rest = split_number(ctx.args, "/set T-1001 impact 40 users cannot send mail")
    name, _, value = rest.partition(" ")
    ticket = ctx.services.workflow.set_field(ctx.actor, number, name, value)
    return changed(ticket, "field", ctx, field=name.strip().lower())


def resolve(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, note = split_number(ctx.args, "/resolve T-1001 Restarted the gateway")
    return changed(ctx.services.workflow.resolve(ctx.actor, number, note), "resolved", ctx)


def take_button(message: InboundMessage, ctx: HandlerContext) -> Reply:
    return changed(ctx.services.workflow.take(ctx.actor, ctx.args), "taken", ctx)


def confirm_yes(message: InboundMessage, ctx: HandlerContext) -> Reply:
    ticket = ctx.services.workflow.confirm(ctx.actor, ctx.args, solved=True)
    return Reply(
        kind="ticket_confirmed", data={"ticket": ticket, "solved": True}, lang=ctx.actor.language
    )


def confirm_no(message: InboundMessage, ctx: HandlerContext) -> Reply:
    ticket = ctx.services.workflow.confirm(ctx.actor, ctx.args, solved=False)
    return Reply(
        kind="ticket_confirmed", data={"ticket": ticket, "solved": False}, lang=ctx.actor.language
    )
