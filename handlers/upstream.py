"""/escalate and /upstream: hand a problem to the provider and record what it says."""

from __future__ import annotations

from bot.arguments import UpstreamNote
from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply
from bot.services.report_language import EscalationRequest
from handlers.engineer import changed


def escalate(message: InboundMessage, ctx: HandlerContext[EscalationRequest]) -> Reply:
    result = ctx.services.upstream.escalate(ctx.actor, ctx.args)
    upstream = ctx.settings.config.upstream
    return Reply(
        kind="escalation",
        data={
            "ticket": result.ticket,
            "missing": list(result.missing),
            "report": result.report,
            "sent": result.sent,
            "case_number": result.case_number,
            "provider": ctx.services.upstream.provider_name,
            "portal_url": upstream.portal_url if upstream else None,
            "not_english": dict(result.not_english),
            "held": result.held,
        },
        lang=ctx.actor.language,
        ephemeral=True,
    )


def upstream(message: InboundMessage, ctx: HandlerContext[UpstreamNote]) -> Reply:
    """``/upstream T-1 <case> [link] [--link]``, ``/upstream T-1 status <text>``,
    ``... resolved <text>``."""
    note = ctx.args
    service = ctx.services.upstream
    if note.update is not None:
        ticket = service.update(ctx.actor, note.update, number=note.number, resolved=note.resolved)
        return changed(ticket, "upstream_update", ctx)
    ticket = service.record_case(
        ctx.actor, note.number, note.case or "", note.link, shared=note.shared
    )
    return changed(ticket, "upstream_case", ctx)
