"""The "did this help?" buttons under a KB answer (talking to an engineer: handlers/escalation)."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import Action, InboundMessage, Reply


def helped(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    ctx.services.knowledge.record_feedback(ctx.actor, ctx.args, helped=True)
    return Reply(kind="kb_feedback", data={"helped": True}, lang=ctx.actor.language)


def not_helped(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    ctx.services.knowledge.record_feedback(ctx.actor, ctx.args, helped=False)
    return Reply(
        kind="kb_feedback",
        data={"helped": False},
        actions=(Action("kb_talk_to_engineer", str(ctx.args)),),
        lang=ctx.actor.language,
    )
