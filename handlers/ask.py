"""Free text: the answer to a draft's question, a comment on a ticket, or a KB question."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import Action, InboundMessage, Link, Reply
from handlers import drafts


def answer_question(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    text = message.text.strip()
    if not text:
        return Reply(kind="empty_message", lang=ctx.actor.language)
    draft = ctx.services.drafts.current(message)
    if draft is not None:  # the person is answering "talk to an engineer"'s questions
        return drafts.answer(message, ctx, draft)
    in_thread = ctx.services.tickets.active_in_thread(ctx.actor, message)
    if in_thread is not None:
        ticket = ctx.services.workflow.comment(ctx.actor, in_thread.number, text)
        return Reply(kind="ticket_comment_added", data={"ticket": ticket}, lang=ctx.actor.language)
    troubles = ctx.services.health.troubles_mentioned(ctx.actor, text)
    result = ctx.services.knowledge.ask(ctx.actor, text)
    answer = result.answer
    qid = str(result.question_id)
    data = {"answer": answer, "troubles": troubles, "question_id": result.question_id}
    if answer.confident and answer.best is not None:
        links = tuple(Link(h.url, h.title) for h in (answer.best, *answer.see_also) if h.url)
        return Reply(
            kind="kb_answer",
            data=data,
            links=links,
            actions=(
                Action("kb_helped", qid),
                Action("kb_not_helped", qid),
                Action("kb_talk_to_engineer", qid),
            ),
            lang=answer.lang,
        )
    return Reply(
        kind="kb_unsure",
        data=data,
        actions=(Action("kb_talk_to_engineer", qid),),
        lang=answer.lang,
    )
