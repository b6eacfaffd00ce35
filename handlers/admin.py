"""Engineer utilities: /kb search, /link codes for customer chats and /unlink."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply


def kb_search(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    query = ctx.args
    if query.lower().startswith("search "):  # "/kb search vpn" reads as "/kb vpn"
        query = query[7:].strip()
    if not query:
        raise BadInput("query")
    hits = ctx.services.knowledge.search(query, limit=5)
    return Reply(
        kind="kb_search",
        data={"query": query, "hits": hits},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def link_code(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    code, name = ctx.services.links.create_code(ctx.actor, ctx.args)
    return Reply(
        kind="link_code",
        data={"code": code, "customer": name, "hours": 24},
        lang=ctx.actor.language,
        ephemeral=True,
    )


def unlink_chat(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    """``/unlink`` in a customer's chat: it belongs to nobody from now on (a chat handed to
    the wrong customer, or one a customer left), until a new code links it again."""
    customer_id = ctx.services.links.unlink(ctx.actor, str(message.platform), message.channel)
    customer = ctx.settings.config.customer(customer_id)
    return Reply(
        kind="chat_unlinked",
        data={"customer": customer.name if customer else customer_id},
        lang=ctx.actor.language,
    )
