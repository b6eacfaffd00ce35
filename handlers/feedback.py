"""The "did this help?" buttons under a KB answer (talking to an engineer: handlers/escalation)."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import Action, InboundMessage, Reply


def helped(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    return _feedback(ctx, True)


def not_helped(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    return _feedback(ctx, False)


def _feedback(ctx: HandlerContext[int], helped: bool) -> Reply:
    """Store the answer; a second press (a button left on another device, or pressed twice
    before it went) only says what was answered first, and offers nothing new."""
    earlier = ctx.services.knowledge.record_feedback(ctx.actor, ctx.args, helped=helped)
    if earlier is not None:
        data = {"helped": earlier, "already": True}
        return Reply(kind="kb_feedback", data=data, lang=ctx.actor.language)
    actions = () if helped else (Action("kb_talk_to_engineer", str(ctx.args)),)
    return Reply(
        kind="kb_feedback", data={"helped": helped}, actions=actions, lang=ctx.actor.language
    )
