"""Where a customer is: its time zone, and the chat the bot reaches it in."""

from __future__ import annotations

from typing import Any

from bot.context import HandlerContext
from bot.enums import Platform
from bot.services.tickets import Place


def reader_zone(ctx: HandlerContext[Any], customer_id: str | None) -> str:
    """Where the sender reads a ticket's times: staff in their own zone (else the
    reseller's), whichever customer it is; a customer in theirs."""
    if ctx.actor.is_staff:
        return ctx.actor.timezone or ctx.settings.config.staff_timezone(ctx.actor.user_id)
    return customer_zone(ctx, customer_id)


def customer_zone(ctx: HandlerContext[Any], customer_id: str | None) -> str:
    """The customer's own time zone, else the reseller's."""
    config = ctx.settings.config
    customer = config.customer(customer_id) if customer_id else None
    return (customer.timezone if customer else None) or config.reseller.timezone


def customer_chat(ctx: HandlerContext[Any], customer_id: str) -> Place | None:
    """The customer's first chat: from the config, else one linked with a code."""
    customer = ctx.settings.config.customer(customer_id)
    configured = [
        (str(ref.platform), ref.id)
        for ref in (customer.channels if customer else [])
        if ref.platform is not Platform.CONSOLE
    ]
    chats = configured or ctx.services.links.chats_of(customer_id)
    return Place(*chats[0]) if chats else None
