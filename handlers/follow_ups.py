"""What is said about a ticket in its chat, and the "did this solve it?" buttons.

A customer's message about a ticket (``bot/services/ticket_finder.py`` found which) is a
comment for the engineer; an engineer's is a public reply already seen there. Around a
resolution the words decide more (docs/tickets.md, "Conversations"):

- on a resolved ticket the words answer "did this solve it?"
  (``bot/services/resolution_verdict.py``): thanks or "works now" is a yes — it closes,
  and no engineer is pinged for it; a clear "still broken" is a no — it opens again and
  the engineer reads it in full; anything unclear is added without reopening, and the
  question is asked again (a bare "ok" only asked again: nothing for the engineer);
- on a ticket closed a moment ago, a clear "still broken" (or a file) opens it again;
  anything else is told it is closed and how to say it is broken again;
- on a ticket closed longer ago the customer is told it is closed and how to get help.

The buttons under "did this solve it?" stay pressable after the ticket has moved on; their
answer says what they did (``Confirmation``), never a close or reopen that did not happen.
"""

from __future__ import annotations

from bot.context import HandlerContext
from bot.enums import Addressing, Platform, TicketStatus
from bot.errors import TicketClosed
from bot.messages import SILENT, Action, InboundMessage, Reply
from bot.services.resolution_verdict import Verdict, read_verdict
from bot.services.small_talk import classify
from bot.services.ticket_files import to_file_view
from bot.services.ticket_finder import TicketInChat
from bot.services.ticket_views import TicketView, reopenable

_DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def on_ticket(ctx: HandlerContext[str], found: TicketInChat, message: InboundMessage) -> Reply:
    """A message about ``found``: a comment, a public reply, a yes, or "it is closed"."""
    number, text, files = found.ticket.number, message.text.strip(), message.files
    if ctx.actor.is_staff:  # already in the customer's thread: recorded, not re-posted
        # a Telegram group outside a topic: the customer's replies to it never reach the bot
        unseen = message.platform is Platform.TELEGRAM and message.thread is None
        platform = str(message.platform)
        ctx.services.comments.staff_said(ctx.actor, number, text, files, platform, unseen)
        return Reply(SILENT)
    status = TicketStatus(found.ticket.status)
    done, aside = status in _DONE, message.addressing is Addressing.ASIDE
    if not done:
        return _comment(ctx, found, message, reopen=False)
    verdict = read_verdict(text)
    if verdict is Verdict.SOLVED and files:  # "thanks, screenshot attached": keep the file
        verdict = Verdict.UNCLEAR
    if verdict is Verdict.SOLVED:
        if aside and status is TicketStatus.CLOSED:
            return Reply(SILENT)  # colleagues thanking each other under an old ticket
        return confirmed(ctx, number, solved=True)
    broken = verdict is Verdict.NOT_SOLVED
    if status is TicketStatus.RESOLVED and not broken and not files and classify(text):
        # a bare "ok" / "ок" / "好的" says nothing for the engineer (a walk-through saw it
        # sent to their DMs): "did this solve it?" is asked again, nothing is added
        return _ask_again(ctx, found.ticket)
    if status is TicketStatus.CLOSED:  # a file sent there shows what is wrong again
        broken = (broken or bool(files)) and reopenable(found.ticket, ctx.now)
        if not broken:
            return Reply(SILENT) if aside else closed(ctx, found.ticket)
    return _comment(ctx, found, message, reopen=broken)


def _comment(
    ctx: HandlerContext[str], found: TicketInChat, message: InboundMessage, *, reopen: bool
) -> Reply:
    """Store the comment (files too); the engineer is told. ``reopen``: it says a resolved
    or just closed ticket is not solved."""
    number, files = found.ticket.number, message.files
    text, platform = message.text.strip(), str(message.platform)
    comment = ctx.services.comments.comment(ctx.actor, number, text, files, platform, reopen=reopen)
    actions: list[Action] = []
    if found.via.guessed:  # the bot guessed: offer the way out
        actions.append(Action("ticket_comment_ask", str(comment.event_id)))
    if comment.ticket.status is TicketStatus.RESOLVED:
        actions += [Action("ticket_confirm_yes", number), Action("ticket_confirm_no", number)]
    return Reply(
        kind="ticket_comment_added",
        data={
            "ticket": comment.ticket,
            "via": str(found.via),
            "guessed": found.via.guessed,
            "reopened": reopen and comment.ticket.status.is_active,
            "files": [to_file_view(f).label for f in files],
        },
        actions=tuple(actions),
        lang=ctx.actor.language,
    )


def _ask_again(ctx: HandlerContext[str], ticket: TicketView) -> Reply:
    number = ticket.number
    return Reply(
        kind="ticket_resolved_ask",
        data={"ticket": ticket},
        actions=(Action("ticket_confirm_yes", number), Action("ticket_confirm_no", number)),
        lang=ctx.actor.language,
    )


def closed(ctx: HandlerContext[object], ticket: TicketView) -> Reply:
    """The ticket is closed: whether saying what is wrong opens it again, else how to open
    a new one."""
    error = TicketClosed(number=ticket.number)
    data = {**error.data, "reopens": reopenable(ticket, ctx.now)}
    return Reply(kind=error.reply_kind, data=data, lang=ctx.actor.language)


def confirmed(ctx: HandlerContext[object], number: str, solved: bool) -> Reply:
    """Answer "did this solve it?" (a button, or words saying yes) and say what it did."""
    done = ctx.services.workflow.confirm(ctx.actor, number, solved=solved)
    return Reply(
        kind="ticket_confirmed",
        data={"ticket": done.ticket, "solved": solved, "outcome": str(done.outcome)},
        lang=ctx.actor.language,
    )


def confirm_yes(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    return confirmed(ctx, ctx.args, True)


def confirm_no(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    return confirmed(ctx, ctx.args, False)
