"""/health [service] for everyone; /subscribe and /unsubscribe <customer> <service> for staff."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply


def show_health(message: InboundMessage, ctx: HandlerContext) -> Reply:
    health = ctx.services.health
    if ctx.args.strip():
        detail = health.detail(ctx.actor, ctx.args)
        return Reply(
            kind="health_one",
            data={"service": detail.status, "detail": detail, "staff": ctx.actor.is_staff},
            lang=ctx.actor.language,
        )
    return Reply(
        kind="health_list",
        data={"services": health.statuses(ctx.actor)},
        lang=ctx.actor.language,
    )


def _subscription(ctx: HandlerContext, on: bool) -> Reply:
    words = ctx.args.split(maxsplit=1)
    if len(words) != 2:
        command = "/subscribe" if on else "/unsubscribe"
        raise BadInput("customer and service", example=f"{command} acme mail")
    customer, service = ctx.services.health.desk.subscribe(ctx.actor, words[0], words[1], on)
    return Reply(
        kind="health_subscription",
        data={"customer": customer, "service": service, "subscribed": on},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def subscribe(message: InboundMessage, ctx: HandlerContext) -> Reply:
    return _subscription(ctx, True)


def unsubscribe(message: InboundMessage, ctx: HandlerContext) -> Reply:
    return _subscription(ctx, False)
