"""A question put to the KB (with the conversation it follows) and its answer as a reply:
the article with "did it help?", the best guess with runners-up, or "not sure"."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import Action, Reply
from bot.services.answer_reaction import follow_up_of, is_follow_up, meant_instead
from bot.services.health import ServiceStatus
from bot.services.knowledge import AskResult


def ask_kb(ctx: HandlerContext[object], text: str) -> AskResult:
    """Ask the KB. A correction ("no, I meant …": the answer missed) or a follow-up ("and
    on my phone?") is recorded after the question before it in this chat (the ticket it
    may become reads both), searched with the question the conversation began with (not
    with an earlier follow-up's "phone"), and answered with the section its new words are
    about, never the one just shown (``bot/services/kb_follow_up.py``)."""
    knowledge = ctx.services.knowledge
    meant = meant_instead(text)
    if meant is not None:
        knowledge.react(ctx.actor, helped=False)
    recent = knowledge.recent(ctx.actor) if meant is not None or is_follow_up(text) else None
    if recent is None:
        return knowledge.ask(ctx.actor, text)  # most messages: a question of their own
    first = ctx.services.handovers.conversation(ctx.actor, recent.question_id).first
    return knowledge.ask(
        ctx.actor,
        follow_up_of(recent.question, text),
        search=follow_up_of(first, text),
        new_words=meant or text,
        shown=recent.shown,
    )


def same_answer(ctx: HandlerContext[object], result: AskResult) -> Reply:
    """Said plainly instead of quoting the same section again: that is all the KB has;
    the way to an engineer (the ticket gets the whole conversation)."""
    best = result.answer.best
    assert best is not None
    return Reply(
        kind="kb_same_answer",
        data={"title": best.title, "url": best.url, "question_id": result.question_id},
        actions=(Action("kb_talk_to_engineer", str(result.question_id)),),
        lang=result.answer.lang,
    )


def kb_reply(
    ctx: HandlerContext[object], result: AskResult, troubles: list[ServiceStatus]
) -> Reply:
    """A KB answer with its "did it help?" buttons (a tentative one says the bot is not
    certain and numbers the runners-up), or "not sure" with the numbered articles that
    might be close."""
    answer = result.answer
    qid = str(result.question_id)
    data = {"answer": answer, "troubles": troubles, "question_id": result.question_id}
    staff = ctx.actor.is_staff  # no "did it help?" nor "talk to an engineer" for engineers
    if staff:
        data["staff"] = True
    if (answer.confident or answer.tentative) and answer.best is not None:
        return Reply(
            kind="kb_answer",
            data=data,
            actions=()
            if staff
            else (
                Action("kb_helped", qid),
                Action("kb_not_helped", qid),
                Action("kb_talk_to_engineer", qid),
            ),
            lang=answer.lang,
        )
    return Reply(
        kind="kb_unsure",
        data=data,
        actions=() if staff else (Action("kb_talk_to_engineer", qid),),
        lang=answer.lang,
    )
