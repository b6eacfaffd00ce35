"""From a question to a ticket: the "talk to an engineer" button, the form, its submission.

However a customer gets there — the button alone (console), the Slack form, the
Telegram conversation — one handler opens the ticket through one service method,
and a question becomes at most one ticket: asking again says which one it is.
"""

from __future__ import annotations

from dataclasses import replace

from bot.arguments import TicketRequest
from bot.context import HandlerContext
from bot.enums import Severity
from bot.messages import Action, Attachment, InboundMessage, Reply
from bot.services.person_request import asks_for_person
from bot.services.question_files import QuestionFile
from bot.services.tickets import SUBJECT_MAX, NewTicket, question_origin
from bot.services.urgency import says_business_down
from bot.text import clip
from handlers.tickets import ticket_opened


def _first_line(question: str) -> str:
    first = next((line for line in question.splitlines() if line.strip()), "")
    return clip(" ".join(first.split()), SUBJECT_MAX)


def proposed_subject(question: str) -> str:
    """The subject a question proposes: its first line, short. A pasted log or NDR is a
    question too; the whole of it goes to the description, not the subject. A request for
    a person ("转人工") proposes none: the customer is asked what is wrong."""
    return "" if asks_for_person(question) else _first_line(question)


def _description(question: str, typed: str, subject: str) -> str:
    """What the customer typed as the description, with their question kept after it unless
    the subject or the description already holds it: neither an edited subject nor a short
    summary may lose what was first asked (a long paste least of all). A request for a
    person ("转人工") says nothing about the problem: what they typed is the description."""
    if asks_for_person(question):
        return typed.strip() or subject
    if not typed.strip():
        return question
    asked = " ".join(question.split())
    if asked in " ".join(subject.split()) or asked in " ".join(typed.split()):
        return typed
    return f"{typed.rstrip()}\n\n{question}"


def open_from_question(
    message: InboundMessage,
    ctx: HandlerContext[object],
    request: TicketRequest,
    files: tuple[Attachment, ...] = (),
) -> Reply:
    """Open (or find) the ticket for a question the actor's customer asked: the question
    the conversation began with is the subject, everything said since is described. The
    files sent with its questions, and ``files`` (sent while a Telegram conversation put
    the ticket together), are its first comment, so the engineer sees the screenshot."""
    asked = ctx.services.handovers.conversation(ctx.actor, request.question_id)
    # the button alone (the console) takes even a request for a person as the subject
    subject = request.subject or _first_line(asked.first)
    new = NewTicket(
        subject,
        description=_description(asked.text, request.description or "", subject),
        severity=request.severity,
        category=request.category,
    )
    opened = ctx.services.tickets.open_for_question(ctx.actor, message, request.question_id, new)
    if opened.created:
        ctx.services.knowledge.mark_escalated(request.question_id, opened.ticket.number)
        _attach(ctx, opened.ticket.number, asked.files, files, str(message.platform))
    elif files:  # opened a moment ago by a colleague: what this person sent still goes on it
        _attach(ctx, opened.ticket.number, (), files, str(message.platform))
    return ticket_opened(opened.ticket, ctx, opened.created)


def _attach(
    ctx: HandlerContext[object],
    number: str,
    kept: tuple[QuestionFile, ...],
    files: tuple[Attachment, ...],
    platform: str,
) -> None:
    """The conversation's files and ``files`` as one comment per platform they came from
    (one, but for a person who moved from Slack to Telegram mid-question)."""
    by_platform: dict[str, list[Attachment]] = {}
    for each in (*kept, *(QuestionFile(platform, f) for f in files)):
        by_platform.setdefault(each.platform or platform, []).append(each.file)
    for where, some in by_platform.items():
        ctx.services.comments.comment(ctx.actor, number, "", some, where)


def offer_engineer(ctx: HandlerContext[object], request: str, *, not_helped: bool = False) -> Reply:
    """Asked for a person ("can I talk to a real person?"), or told the answer did not help
    (``not_helped``): the way to an engineer at once, not articles that share a word with
    the request; about the question just asked, if any."""
    handovers = ctx.services.handovers
    handover = handovers.offer(ctx.actor, request)
    subject = ""
    if handover.question:  # an earlier question: the one its conversation began with
        subject = proposed_subject(handovers.conversation(ctx.actor, handover.question_id).first)
    return Reply(
        kind="person_offer",
        data={"subject": subject, "not_helped": not_helped},
        actions=(Action("kb_talk_to_engineer", str(handover.question_id)),),
        lang=ctx.actor.language,
    )


def for_the_team(reply: Reply) -> Reply:
    """The KB's answer to a request only the reseller's people can carry out ("send me the
    October invoice", ``bot/services/action_request.py``): the article can only say how to
    ask, so the reply says that nobody has seen the request yet and offers the way to an
    engineer alone. No "did this help?": pressing "yes" would end the matter with no
    invoice sent (a walkthrough's customer did exactly that)."""
    question_id = reply.data.get("question_id")
    if question_id is None:
        return reply
    return replace(
        reply,
        data={**reply.data, "for_team": True},
        actions=(Action("kb_talk_to_engineer", str(question_id)),),
    )


def talk_to_engineer(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    """The button alone: the question is the subject and the description; severity A when
    the conversation says production is down ("весь офис без почты"), else C."""
    request = TicketRequest(ctx.args, severity=proposed_severity(ctx, ctx.args))
    return open_from_question(message, ctx, request)


def proposed_severity(ctx: HandlerContext[object], question_id: int, *also: str) -> Severity:
    """What a ticket from this question starts at: A for "our production site is down",
    said in the conversation or in ``also`` (what the customer typed into the form since:
    a subject "prod is down" under a bare "help"), else C. Every way to a ticket proposes
    the same: the button, the Slack form, the Telegram conversation."""
    asked = ctx.services.handovers.conversation(ctx.actor, question_id)
    said = (asked.text, *also)
    return Severity.A if any(says_business_down(t) for t in said if t) else Severity.C


def show_form(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    """What a ticket form starts with (the question its conversation began with as its
    subject), unless the question already has a ticket, which is said instead."""
    asked = ctx.services.handovers.conversation(ctx.actor, ctx.args)
    existing = ctx.services.tickets.find_by_origin(question_origin(ctx.args))
    if existing is not None:
        return ticket_opened(existing, ctx, created=False)
    return Reply(
        kind="ticket_form",
        data={
            "question_id": ctx.args,
            "subject": proposed_subject(asked.first),
            "severity": str(proposed_severity(ctx, ctx.args)),
        },
        lang=ctx.actor.language,
    )


def submit_form(message: InboundMessage, ctx: HandlerContext[TicketRequest]) -> Reply:
    """A submitted ticket form: its fields, then the same path as the button."""
    return open_from_question(message, ctx, ctx.args)
