"""The buttons under a KB answer: helped, did not help, talk to an engineer."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import Action, InboundMessage, Reply
from handlers.tickets import ticket_opened


def _question_id(ctx: HandlerContext) -> int:
    try:
        return int(ctx.args)
    except ValueError:
        raise BadInput("answer", example="ask a question first") from None


def helped(message: InboundMessage, ctx: HandlerContext) -> Reply:
    ctx.services.knowledge.record_feedback(ctx.actor, _question_id(ctx), helped=True)
    return Reply(kind="kb_feedback", data={"helped": True}, lang=ctx.actor.language)


def not_helped(message: InboundMessage, ctx: HandlerContext) -> Reply:
    question_id = _question_id(ctx)
    ctx.services.knowledge.record_feedback(ctx.actor, question_id, helped=False)
    return Reply(
        kind="kb_feedback",
        data={"helped": False},
        actions=(Action("kb_talk_to_engineer", str(question_id)),),
        lang=ctx.actor.language,
    )


def talk_to_engineer(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """Open a ticket whose subject is the question the bot could not settle."""
    question_id = _question_id(ctx)
    question = ctx.services.knowledge.question_text(ctx.actor, question_id)
    ticket = ctx.services.tickets.open(ctx.actor, message, question, description=question)
    ctx.services.knowledge.mark_escalated(question_id, ticket.number)
    return ticket_opened(ticket, ctx.actor.language)
