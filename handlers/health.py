"""/health [service]: the state of the caller's services."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply


def show_health(message: InboundMessage, ctx: HandlerContext) -> Reply:
    health = ctx.services.health
    if ctx.args.strip():
        status = health.status(ctx.actor, ctx.args)
        return Reply(kind="health_one", data={"service": status}, lang=ctx.actor.language)
    return Reply(
        kind="health_list",
        data={"services": health.statuses(ctx.actor)},
        lang=ctx.actor.language,
    )
