"""/digest [YYYY-MM-DD]: the managers' day in one message."""

from __future__ import annotations

from datetime import date

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply


def show_digest(message: InboundMessage, ctx: HandlerContext) -> Reply:
    day = None
    if ctx.args.strip():
        try:
            day = date.fromisoformat(ctx.args.strip())
        except ValueError:
            raise BadInput("date", example="/digest 2026-11-23") from None
    customers = [ctx.actor.customer_id] if ctx.actor.customer_id else []
    data = ctx.services.digest.build(day, customers=customers)
    return Reply(kind="digest", data={"digest": data}, lang=ctx.actor.language)
