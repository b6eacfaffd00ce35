"""/health [service] for everyone; /subscribe and /unsubscribe <customer> <service> for staff."""

from __future__ import annotations

from bot.arguments import CustomerService
from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply


def show_health(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    health = ctx.services.health
    if ctx.args:
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


def _subscription(ctx: HandlerContext[CustomerService], on: bool) -> Reply:
    wanted = ctx.args
    customer, service = ctx.services.health.desk.subscribe(
        ctx.actor, wanted.customer, wanted.service, on
    )
    return Reply(
        kind="health_subscription",
        data={"customer": customer, "service": service, "subscribed": on},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def subscribe(message: InboundMessage, ctx: HandlerContext[CustomerService]) -> Reply:
    return _subscription(ctx, True)


def unsubscribe(message: InboundMessage, ctx: HandlerContext[CustomerService]) -> Reply:
    return _subscription(ctx, False)
