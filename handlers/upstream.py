"""/escalate and /upstream: hand a problem to the provider and record what it says."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply
from handlers.engineer import changed, split_number


def escalate(message: InboundMessage, ctx: HandlerContext) -> Reply:
    number, _ = split_number(ctx.args, "/escalate T-1001")
    result = ctx.services.upstream.escalate(ctx.actor, number)
    return Reply(
        kind="escalation",
        data={
            "ticket": result.ticket,
            "missing": list(result.missing),
            "report": result.report,
            "sent": result.sent,
            "case_number": result.case_number,
            "provider": ctx.services.upstream.provider_name,
            "portal_url": ctx.settings.config.upstream.portal_url
            if ctx.settings.config.upstream
            else None,
        },
        lang=ctx.actor.language,
        ephemeral=True,
    )


def upstream(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """``/upstream T-1 <case> [link]``, ``/upstream T-1 status <text>``, ``... resolved <text>``."""
    number, rest = split_number(ctx.args, "/upstream T-1001 <case-number> [link]")
    word, _, text = rest.strip().partition(" ")
    service = ctx.services.upstream
    if word.lower() in ("status", "resolved"):
        ticket = service.update(ctx.actor, text, number=number, resolved=word.lower() == "resolved")
        return changed(ticket, "upstream_update", ctx)
    if not word:
        raise BadInput("case number", example="/upstream T-1001 2611240010001234 [link]")
    link = text.strip().split()[0] if text.strip() else None
    return changed(service.record_case(ctx.actor, number, word, link), "upstream_case", ctx)
