"""Free text: a word on a ticket, small talk, or a KB question (a ticket form's answer
comes first: ``handlers/drafts.or_question``).

Which ticket a message is about (its thread, the bot message it answers, the ticket
waiting on the customer) is the ticket finder's call; whether anything else is for the
bot is the chat's (``bot/addressing.py``): chatter not meant for it gets no answer.
"""

from __future__ import annotations

from dataclasses import replace

from bot.addressing import meant_for_bot
from bot.arguments import TicketQuestion
from bot.context import HandlerContext
from bot.enums import Addressing, TicketStatus
from bot.kb.suggested import suggestion_number
from bot.messages import SILENT, Action, InboundMessage, Reply
from bot.services.action_request import asks_for_action
from bot.services.affirmation import says_solved
from bot.services.answer_reaction import (
    not_helped_with_details,
    owns_up_to_slip,
    reacts_to_answer,
    says_not_helped,
)
from bot.services.health.elsewhere import service_elsewhere
from bot.services.person_request import asks_for_person, demands_person
from bot.services.question_files import MAX_FILES
from bot.services.small_talk import SmallTalk, classify
from bot.services.ticket_files import to_file_view
from bot.services.ticket_finder import TicketInChat, Via, ticket_named_in
from bot.services.ticket_talk import off_ticket, refers_to_ticket
from bot.services.ticket_views import TicketView, ticket_number
from handlers import escalation, follow_ups, incident_lead, incident_talk, ticket_talk
from handlers._kb_answers import ask_kb, kb_reply, same_answer

# Guesses that a message is more of a ticket its sender just opened or answered: a thanks
# or a plainly new question is not (``bot/services/ticket_talk.py``).
_PRESUMED = (Via.OPENED, Via.ANSWERED)


def answer_question(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    text = message.text.strip()
    asked = meant_for_bot(message, ctx.settings.config)
    if not text and not message.files:
        return Reply(kind="empty_message", lang=ctx.actor.language) if asked else Reply(SILENT)
    found = ctx.services.finder.about(ctx.actor, message, asked=asked)
    if asked and (found is None or found.via.guessed):  # "any update on my ticket?", "T-1002: …"
        told = ticket_talk.about_tickets(ctx, message)
        if told is not None:
            return told
    # Minutes after answering the engineer the rest of the answer goes to the ticket, but a
    # question the KB answers with confidence is a new question (its answer offers the
    # ticket); "and please send the invoice" goes on with what they just said.
    commented = None
    if (
        found is not None
        and found.via is Via.ANSWERED
        and not message.files
        and not reacts_to_answer(text)
        # "а вот на телефоне тоже не работает" is more of the answer, whatever the KB says
        and not refers_to_ticket(text)
        and ctx.services.knowledge.answers_confidently(ctx.actor, text)
    ):
        commented, found = found, None
    if found is not None and found.via in _PRESUMED and not message.files:
        about = f"{found.ticket.subject} {found.ticket.description}"
        if classify(text) is not None:  # "谢谢": a friendly word, nothing for the engineer
            found = None
        elif not reacts_to_answer(text) and off_ticket(
            text,
            about,
            lambda: ctx.services.knowledge.answers_confidently(ctx.actor, text, tentative=True),
        ):
            commented, found = found, None  # "E5 多少钱一个月": answered, with "add it" offered
    if found is not None and found.via.guessed and not message.files:
        # "3" right after "these articles might be close: 1. … 3. …" picks the article,
        # whatever ticket the bot would otherwise have guessed it was about.
        picked = ctx.services.knowledge.pick(ctx.actor, text)
        if picked is not None:
            return kb_reply(ctx, picked, [])
    if found is not None:
        return follow_ups.on_ticket(ctx, found, message)
    if not asked or (ctx.actor.is_staff and message.addressing is not Addressing.DIRECT):
        return Reply(SILENT)  # an engineer talking to the customer is not asking the bot
    named = ticket_named_in(message.replied_to_bot or "") if ctx.actor.is_staff else None
    if named is not None:  # answering an alert in their own chat: say how to reach the ticket
        return Reply(
            kind="ticket_reply_hint", data={"number": ticket_number(named)}, lang=ctx.actor.language
        )
    if message.files:  # about no ticket: say so rather than drop the file in silence
        return _files_not_kept(ctx, message, text)
    return _offer_nearby_ticket(ctx, message, answer_text(ctx, text), commented)


def _offer_nearby_ticket(
    ctx: HandlerContext[str],
    message: InboundMessage,
    reply: Reply,
    commented: TicketInChat | None = None,
) -> Reply:
    """A colleague opened a ticket in this chat a few minutes ago, or the sender commented
    on one (``commented``) but the KB took this message for a new question: the message
    stays the question it may well be, and its answer offers to add it there ("same here,
    add this to the ticket")."""
    question_id = reply.data.get("question_id")
    if question_id is None:  # small talk: nothing worth adding
        return reply
    if commented is not None:
        nearby: TicketView | None = commented.ticket
    else:
        nearby = ctx.services.finder.opened_nearby(ctx.actor, message)
    if nearby is None:
        return reply
    add = Action("ticket_comment_add", f"{nearby.number} {question_id}")
    data = {**reply.data, "nearby_ticket": nearby.number, "nearby_own": commented is not None}
    if commented is not None and commented.via is Via.OPENED:
        data["nearby_opened"] = True  # "not added to T-1003, which you just opened"
    return replace(reply, data=data, actions=(*reply.actions, add))


def _files_not_kept(ctx: HandlerContext[str], message: InboundMessage, text: str) -> Reply:
    """Files are kept on tickets; this message is about none. A file alone asks what it is
    about. With a question, the question is answered and the files kept with it: a ticket
    opened from it ("talk to an engineer", "I want a person") gets them. Files that cannot
    be kept (``bot/services/question_files.py``), or sent with small talk, are said so."""
    names = [to_file_view(f).label for f in message.files]
    if not text:
        return Reply(kind="files_not_kept", data={"files": names}, lang=ctx.actor.language)
    reply = answer_text(ctx, text)
    question_id = _question_of(reply) if ctx.actor.customer_id is not None else None
    if question_id is None:  # small talk (or staff): no ticket to keep them for
        return replace(reply, data={**reply.data, "files_not_kept": names})
    kept = ctx.services.handovers.keep_files(
        ctx.actor, question_id, message.files, str(message.platform)
    )
    data = dict(reply.data)
    if kept.kept:
        data["files_kept"] = [to_file_view(f).label for f in kept.kept]
    if kept.refused:
        data["files_refused"] = [to_file_view(f).label for f in kept.refused]
        data["files_max"] = MAX_FILES
    return replace(reply, data=data)


def _question_of(reply: Reply) -> int | None:
    """The question an answer (or the way to an engineer it offers) is about."""
    question_id = reply.data.get("question_id")
    if isinstance(question_id, int):
        return question_id
    offered = [a.value for a in reply.actions if a.action_id == "kb_talk_to_engineer"]
    return int(offered[0]) if offered and offered[0].isdigit() else None


def ask_instead(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    """The button under "Added to T-1001": take the comment back, answer it as a question."""
    withdrawn = ctx.services.comments.withdraw(ctx.actor, ctx.args)
    return answer_text(ctx, withdrawn.text)


def add_to_ticket(message: InboundMessage, ctx: HandlerContext[TicketQuestion]) -> Reply:
    """The button under the answer to a colleague's message: add it to their ticket."""
    added = ctx.services.comments.add_question(
        ctx.actor, ctx.args.number, ctx.args.question_id, str(message.platform)
    )
    if added.comment is None:
        refused = {"number": added.ticket.number, "reason": added.refused}
        return Reply(kind="ticket_comment_add_refused", data=refused, lang=ctx.actor.language)
    ticket = added.comment.ticket
    data = {"ticket": ticket, "via": "added", "guessed": False, "files": []}
    # a resolved ticket's "did this solve it?" is asked again: with its buttons
    resolved = ticket.status is TicketStatus.RESOLVED
    confirm = tuple(Action(a, ticket.number) for a in ("ticket_confirm_yes", "ticket_confirm_no"))
    return Reply(
        kind="ticket_comment_added",
        data=data,
        actions=confirm if resolved else (),
        lang=ctx.actor.language,
    )


def answer_text(ctx: HandlerContext[object], text: str) -> Reply:
    """Small talk gets a friendly word (not a KB question, not a gap), a request for a
    person the way to an engineer, and so does "didn't help" right after an answer
    (``bot/services/answer_reaction.py``); "thanks, that worked" is a thanks; a follow-up
    ("and on my phone?") is asked with the question before it; "production is down" and
    "when will it be fixed?" are about an outage (``handlers/incident_talk.py``); the rest
    the KB."""
    knowledge = ctx.services.knowledge
    if ctx.actor.customer_id is not None and (asks_for_person(text) or demands_person(text)):
        return escalation.offer_engineer(ctx, text)
    if ctx.actor.customer_id is not None and (
        says_not_helped(text) or not_helped_with_details(text)
    ):  # "didn't help" (", its every single file …"): about the answer just given
        knowledge.react(ctx.actor, helped=False, correcting=owns_up_to_slip(text))
        return escalation.offer_engineer(ctx, text, not_helped=True)
    talk = classify(text)
    if says_solved(text):  # "thanks, that worked" after an answer: it helped
        knowledge.react(ctx.actor, helped=True)
        talk = SmallTalk.THANKS
    if talk is not None:
        return Reply(
            kind="small_talk",
            data={"talk": str(talk), "reseller": ctx.settings.config.reseller.name},
            lang=ctx.actor.language,
        )
    picked = knowledge.pick(ctx.actor, text)
    if picked is not None:  # "2" right after "these articles might be close: 1. … 2. …"
        return kb_reply(ctx, picked, [])
    if suggestion_number(text) is not None:  # "2" with no list open: nothing to search
        return Reply(kind="number_without_list", data={"number": text}, lang=ctx.actor.language)
    # "our production site is down": an engineer at severity A; "when will it be fixed?"
    # under an incident banner: the incident (``handlers/incident_talk.py``)
    outage = incident_talk.business_down(ctx, text) or incident_talk.when_fixed(ctx, text)
    if outage is not None:
        return outage
    result = ask_kb(ctx, text)
    if result.same_again:  # a follow-up found nothing but the section just shown
        return same_answer(ctx, result)
    # the banner, a service's name and an incident's note in the answer's language: a
    # Russian customer who asked in English reads "Heads up: Mail …", not "… Почта …"
    reading = replace(ctx.actor, language=result.answer.lang)
    troubles = ctx.services.health.troubles_mentioned(reading, text)
    reply = incident_lead.lead_with_incident(
        kb_reply(ctx, result, troubles), text, troubles, ctx.services.health.names_in
    )
    if ctx.actor.customer_id is not None and asks_for_action(text):
        reply = escalation.for_the_team(reply)  # "send me the invoice": only people can
    down = ctx.services.health.asked_if_down(ctx.actor, text)
    if down is None:
        return reply
    # "is outlook down?": the answer, what our checks see of the service it names (the
    # procedure's first step), and a line saying how to see the services' state
    data = {**reply.data, "health_command": down.service_id or ""}
    elsewhere = None if down.service_id else service_elsewhere(text, reply.lang)
    if elsewhere and not ctx.services.health.names_in(text):  # "is gmail down?"
        data["not_ours"] = elsewhere
    if down.service_id and not any(t.service_id == down.service_id for t in troubles):
        status = ctx.services.health.status(reading, down.service_id)
        if not status.state.is_trouble:
            data["service_ok"] = status.name
    return replace(reply, data=data)
