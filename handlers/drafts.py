"""The step-by-step "talk to an engineer" conversation: subject, severity, description.

For chats without forms (Telegram): each answer is a message or a button press
that comes through the dispatcher like any other, so it is cleaned, counted and
answered under the same error policy. The draft lives in the database (a restart
or another worker carries on). The last step hands the fields to the same
handler the Slack form's submission uses. A file or photo sent at any step is kept
on the draft (the sender is told so) and recorded on the ticket when it opens.

Free text reaches the form only when it plainly answers the question
(``bot/services/draft_answer.py``); a form walked away from is dropped, the person is
told so in a line before the answer to what they said instead (``or_question``).
"""

from __future__ import annotations

from dataclasses import replace

from bot.addressing import meant_for_bot
from bot.arguments import TicketRequest
from bot.context import HandlerContext
from bot.enums import Category, Severity
from bot.errors import DraftExpired
from bot.messages import PREFACE, Action, Attachment, InboundMessage, Reply, prompt_answered
from bot.services.draft_answer import answers_form, is_said, severity_in
from bot.services.drafts import Draft, Step
from bot.services.ticket_files import to_file_view
from bot.services.tickets import question_origin
from handlers.ask import answer_question
from handlers.escalation import open_from_question, proposed_severity, proposed_subject
from handlers.tickets import ticket_opened

CANCEL = Action("ticket_draft_cancel")
# Typed back to the person when it is not a choice ("“high” is not one of the choices").
_ECHO_CHARS = 40


def _prompt(
    step: Step,
    draft: Draft,
    ctx: HandlerContext[object],
    kept: tuple[Attachment, ...] = (),
    wrong: dict[str, object] | None = None,
) -> Reply:
    """The question a step asks, with its buttons (and a word on files just kept, or on
    an answer that was not one of the choices: ``wrong``)."""
    actions: tuple[Action, ...]
    if step is Step.SUBJECT:  # a subject to keep, unless the question proposed none
        actions = (Action("ticket_draft_keep"), CANCEL) if draft.subject else (CANCEL,)
    elif step is Step.SEVERITY:
        actions = (*(Action(f"ticket_draft_severity_{s}", str(s)) for s in Severity), CANCEL)
    else:
        actions = (Action("ticket_draft_skip"), CANCEL)
    data: dict[str, object] = {"subject": draft.subject}
    if step is Step.SEVERITY:  # "production is down": A proposed, as the Slack form preselects
        said = proposed_severity(ctx, draft.question_id, draft.subject, *draft.notes)
        if said is Severity.A:
            data["proposed"] = str(said)
    if kept:
        data["files_kept"] = [to_file_view(f).label for f in kept]
    data.update(wrong or {})
    return Reply(
        kind=f"ticket_draft_{step}",
        data=data,
        actions=actions,
        lang=ctx.actor.language,
    )


def _draft(message: InboundMessage, ctx: HandlerContext[object]) -> Draft:
    draft = ctx.services.drafts.current(message)
    if draft is None:
        raise DraftExpired()
    return draft


def _opened_meanwhile(
    message: InboundMessage, ctx: HandlerContext[object], draft: Draft
) -> Reply | None:
    """The ticket a colleague opened for this question while this draft waited, if any.

    Two people may press the button before either finishes; the second hears which
    ticket it is at their next step, not after answering every question in vain.
    """
    existing = ctx.services.tickets.find_by_origin(question_origin(draft.question_id))
    if existing is None:
        return None
    ctx.services.drafts.drop(message)
    return ticket_opened(existing, ctx, created=False)


def _next(
    message: InboundMessage,
    ctx: HandlerContext[object],
    draft: Draft,
    wrong: dict[str, object] | None = None,
) -> Reply:
    """Save the next step (with any files this message brought) and ask its question."""
    saved = ctx.services.drafts.save(message, replace(draft, files=draft.files + message.files))
    return _prompt(saved.step, saved, ctx, message.files, wrong)


def _not_a_choice(message: InboundMessage, ctx: HandlerContext[object], draft: Draft) -> Reply:
    """Typed at "how bad is it?" but no A, B or C: asked again, saying what to type.
    Words that say something ("the whole office is down") are kept for the description."""
    text = " ".join(message.text.split())
    said = is_said(text)
    if said:
        draft = replace(draft, notes=(*draft.notes, text))
    echo = text if len(text) <= _ECHO_CHARS else text[: _ECHO_CHARS - 1].rstrip() + "…"
    return _next(message, ctx, draft, {"not_a_choice": echo, "kept_for_description": said})


def _submit(message: InboundMessage, ctx: HandlerContext[object], draft: Draft, text: str) -> Reply:
    described = "\n\n".join(part for part in (*draft.notes, text) if part)
    request = TicketRequest(
        draft.question_id, draft.subject, described, draft.severity, Category.TECHNICAL
    )
    # files sent along the way and with the description join those sent with the question
    reply = open_from_question(message, ctx, request, draft.files + message.files)
    ctx.services.drafts.drop(message)
    return reply


def start(message: InboundMessage, ctx: HandlerContext[int]) -> Reply:
    """The "talk to an engineer" button: the question its conversation began with
    becomes the proposed subject."""
    asked = ctx.services.handovers.conversation(ctx.actor, ctx.args)
    existing = ctx.services.tickets.find_by_origin(question_origin(ctx.args))
    if existing is not None:
        return ticket_opened(existing, ctx, created=False)
    draft = ctx.services.drafts.start(message, ctx.args, proposed_subject(asked.first))
    return _prompt(Step.SUBJECT, draft, ctx)


def or_question(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    """Free text: the waiting form's answer when it plainly is one, else a message like
    any other. A form the person walked away from is dropped, and the answer to what they
    said instead begins by saying so (:data:`~bot.messages.PREFACE`)."""
    draft = None
    if (message.text.strip() or message.files) and meant_for_bot(message, ctx.settings.config):
        draft = ctx.services.drafts.current(message)
    if draft is None:
        return answer_question(message, ctx)
    if answers_form(draft, message, ctx.now):
        return answer(message, ctx, draft)
    ctx.services.drafts.drop(message)
    reply = answer_question(message, ctx)
    if reply.is_silent:
        return reply
    preface = {"kind": "ticket_draft_set_aside", "data": {"subject": draft.subject}}
    return replace(reply, data={**reply.data, PREFACE: preface})


def answer(message: InboundMessage, ctx: HandlerContext[object], draft: Draft) -> Reply:
    """Typed text that answers the form: the subject, a severity letter, or the description.
    It answers the question just asked, whose buttons are void now (``prompt_answered``)."""
    return prompt_answered(_answer(message, ctx, draft))


def _answer(message: InboundMessage, ctx: HandlerContext[object], draft: Draft) -> Reply:
    if (opened := _opened_meanwhile(message, ctx, draft)) is not None:
        return opened
    text = message.text.strip()
    if draft.step is Step.SUBJECT:
        if not text:  # a file alone: kept; the subject is still to be said
            return _next(message, ctx, draft)
        return _next(
            message, ctx, replace(draft, subject=" ".join(text.split()), step=Step.SEVERITY)
        )
    if draft.step is Step.SEVERITY:
        if not text:  # a file alone: kept; the severity is still to be chosen
            return _next(message, ctx, draft)
        severity = severity_in(text)
        if severity is None:
            return _not_a_choice(message, ctx, draft)
        return _next(message, ctx, replace(draft, severity=severity, step=Step.DESCRIPTION))
    return _submit(message, ctx, draft, text)


def keep_subject(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    draft = _draft(message, ctx)
    if (opened := _opened_meanwhile(message, ctx, draft)) is not None:
        return opened
    if draft.step is not Step.SUBJECT or not draft.subject:  # an earlier message's button
        return _prompt(draft.step, draft, ctx)
    return _next(message, ctx, replace(draft, step=Step.SEVERITY))


def choose_severity(message: InboundMessage, ctx: HandlerContext[Severity]) -> Reply:
    draft = _draft(message, ctx)
    if (opened := _opened_meanwhile(message, ctx, draft)) is not None:
        return opened
    if draft.step is not Step.SEVERITY:
        return _prompt(draft.step, draft, ctx)
    return _next(message, ctx, replace(draft, severity=ctx.args, step=Step.DESCRIPTION))


def skip_description(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    draft = _draft(message, ctx)
    if (opened := _opened_meanwhile(message, ctx, draft)) is not None:
        return opened
    if draft.step is not Step.DESCRIPTION:
        return _prompt(draft.step, draft, ctx)
    return _submit(message, ctx, draft, "")


def cancel(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    """``/cancel`` or the *Cancel* button: forget the draft, open nothing."""
    ctx.services.drafts.drop(message)
    return prompt_answered(Reply(kind="ticket_draft_cancelled", lang=ctx.actor.language))
