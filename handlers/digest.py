"""/digest [YYYY-MM-DD]: the managers' day in one message."""

from __future__ import annotations

from datetime import date

from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply


def show_digest(message: InboundMessage, ctx: HandlerContext[date | None]) -> Reply:
    customers = [ctx.actor.customer_id] if ctx.actor.customer_id else []
    data = ctx.services.digest.build(ctx.args, customers=customers)
    return Reply(kind="digest", data={"digest": data}, lang=ctx.actor.language)
