"""The core side of the ticket modal: prefill the subject, open the ticket on submit.

Both run on a worker thread (they touch the database). The customer is resolved
from the conversation's channel exactly as for a message, so a form can only open
a ticket for the customer that owns the channel the button was pressed in.
"""

from __future__ import annotations

import logging

from bot.adapters.slack.modal import TicketForm
from bot.dispatcher import Dispatcher, error_reply
from bot.enums import Platform
from bot.errors import UserFacingError
from bot.messages import InboundMessage, Reply

log = logging.getLogger(__name__)


def question_subject(dispatcher: Dispatcher, message: InboundMessage) -> tuple[str, str] | None:
    """The question behind a "talk to an engineer" button and the asker's language.

    Returns None when it can't be read.

    None also covers an unknown sender or another customer's question: the caller
    then lets the dispatcher answer the button press, which refuses politely.
    """
    try:
        actor = dispatcher.directory.resolve(message)
        text = dispatcher.services.knowledge.question_text(actor, int(message.action_value))
        return text, actor.language
    except (UserFacingError, ValueError):
        return None


def open_ticket(dispatcher: Dispatcher, form: TicketForm, user: str, view_id: str) -> Reply:
    """Open the ticket the form describes and return the reply for the thread."""
    message = InboundMessage(
        platform=Platform.SLACK,
        channel=form.channel,
        user=user,
        text=f"/ticket new {form.subject}",
        thread=form.thread,
        delivery_id=f"view:{view_id}",
    )
    lang = dispatcher.settings.config.reseller.default_language
    try:
        actor = dispatcher.directory.resolve(message)
        lang = actor.language
        ticket = dispatcher.services.tickets.open(
            actor,
            message,
            form.subject,
            description=form.description or form.subject,
            severity=form.severity,
            category=form.category,
        )
        if form.question_id.isdigit():
            dispatcher.services.knowledge.mark_escalated(int(form.question_id), ticket.number)
    except UserFacingError as exc:
        return error_reply(exc, lang)
    except Exception:
        log.exception("slack ticket form %s failed", view_id)
        return Reply(kind="error_internal", lang=lang)
    return Reply(kind="ticket_opened", data={"ticket": ticket}, lang=lang)
