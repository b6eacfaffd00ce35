"""One message in, one reply out: clean, resolve the sender, route, run, handle errors.

Every way a person acts reaches the core here — typed messages, commands, button
presses, submitted forms, the steps of a chat conversation — so every piece of
user text is cleaned the same way and every action gets a request id, metrics
and the same error policy. Expected errors (not allowed, not found, bad input)
become their reply template; anything else is logged with its traceback and
answered politely. Work a handler committed before failing (a ticket, say) stays
committed.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from sqlalchemy.engine import Engine

from bot import log_messages
from bot.addressing import meant_for_bot
from bot.clock import Clock, utc_now
from bot.context import HandlerContext, Services
from bot.errors import BadInput, UnknownSender, UserFacingError
from bot.languages import stranger_language
from bot.messages import (
    CHAT_LANG,
    IN_CUSTOMER_CHAT,
    SILENT,
    Actor,
    Attachment,
    InboundMessage,
    Reply,
)
from bot.observability import metrics
from bot.observability.logs import request_context
from bot.router import Match, explain, help_for, leaves_form, match, split_command
from bot.services.directory import Directory
from bot.services.links import looks_like_code
from bot.settings import Settings
from bot.text import MAX_MESSAGE_CHARS, clean_text

log = logging.getLogger(__name__)
LINK_COMMANDS = ("start", "link")


def error_reply(error: UserFacingError, lang: str) -> Reply:
    """The reply for an expected error; the class picks the template."""
    return Reply(kind=error.reply_kind, data=dict(error.data), lang=lang)


def _clean_file(file: Attachment) -> Attachment:
    """A file's name and type are user text too (an engineer sees them)."""
    name = clean_text(file.name)[:300] or "file"
    return replace(file, name=name, mime_type=clean_text(file.mime_type)[:200])


class Dispatcher:
    """The core every front end calls: ``handle(message) -> Reply``."""

    def __init__(
        self,
        settings: Settings,
        services: Services,
        clock: Clock = utc_now,
        engine: Engine | None = None,
    ) -> None:
        self.settings = settings
        self.services = services
        self.engine = engine
        self.directory = Directory(settings.config, linked=services.links.customer_for)
        self._clock = clock

    def handle(self, message: InboundMessage) -> Reply:
        """Answer one message; never raises: whatever fails (a handler, the router, the
        directory) is logged with its traceback and answered with the polite apology."""
        with request_context(message.delivery_id):
            metrics.EVENTS_IN.labels(str(message.platform)).inc()
            try:
                return self._handle(message)
            except Exception:
                log.exception(log_messages.DISPATCH_FAILED, message.platform, message.delivery_id)
                return Reply(kind="error_internal", lang=self._chat_language(message))

    def _chat_language(self, message: InboundMessage) -> str:
        """The language to apologise in when the sender could not be worked out."""
        try:
            return self.directory.chat_language(message) or self._stranger_language(message)
        except Exception:
            return self._default_language

    def _stranger_language(self, message: InboundMessage) -> str:
        """What to answer a sender no customer's chat explains in (their words' language,
        else their app's); a command's words are codes and names, not a language."""
        said = message.text if split_command(message.text) is None else ""
        return stranger_language(said, message.app_language, self._default_language)

    @property
    def _default_language(self) -> str:
        return self.settings.config.reseller.default_language

    def _handle(self, message: InboundMessage) -> Reply:
        text = clean_text(message.text)
        truncated = len(text) > MAX_MESSAGE_CHARS
        message = replace(
            message,
            text=text[:MAX_MESSAGE_CHARS],
            action_value=clean_text(message.action_value),
            fields={name: clean_text(value) for name, value in message.fields.items()},
            files=tuple(
                replace(
                    f, name=clean_text(f.name)[:300] or "file", mime_type=clean_text(f.mime_type)
                )
                for f in message.files
            ),
        )
        lang: str = self.settings.config.reseller.default_language
        split = split_command(message.text) if message.action_id is None else None
        free_text = message.action_id is None and split is None
        config = self.settings.config
        staff_channel = config.is_staff_channel(str(message.platform), message.channel)
        if free_text and staff_channel:
            return Reply(kind=SILENT)  # staff channels: commands only, never chatter
        try:
            actor = self.directory.resolve(message)
        except UnknownSender as exc:
            lang = self._stranger_language(message)
            if split and split[0] in LINK_COMMANDS and split[1].strip():
                return self._link_chat(message, split[1], lang)
            if free_text and not meant_for_bot(message, config):
                return Reply(kind=SILENT)  # chatter in a chat no customer owns
            log.info(log_messages.UNKNOWN_SENDER, message.platform, message.channel)
            return error_reply(exc, lang)
        if not actor.is_staff and split and split[0] in LINK_COMMANDS and looks_like_code(split[1]):
            return self._link_chat(message, split[1], actor.language)  # a chat owned already
        reply = self._run(message, actor)
        if actor.is_staff and not reply.is_silent and not staff_channel:
            # Outside the staff's own channels (a customer's chat, any other shared one) a
            # staff member's answers — other customers' tickets, queues, link codes,
            # engineer-only articles — go to them alone (front ends: docs/architecture.md).
            # A note left in that chat (Telegram: "sent to your private chat") is written
            # in the chat's language, not the staff member's.
            chat_lang = self.directory.chat_language(message)
            data = {CHAT_LANG: chat_lang or reply.lang, IN_CUSTOMER_CHAT: chat_lang is not None}
            reply = replace(reply, private=True, data={**reply.data, **data})
        if reply.zone is None and actor.timezone:  # times the sender reads: in their zone
            reply = replace(reply, zone=actor.timezone)
        if truncated:
            data = {**reply.data, "truncated_input": True, "kept_chars": MAX_MESSAGE_CHARS}
            reply = replace(reply, data=data)
        return reply

    def _link_chat(self, message: InboundMessage, code: str, lang: str) -> Reply:
        """``/start <code>`` or ``/link <code>`` from a chat no customer owns yet."""
        try:
            customer_id = self.services.links.redeem(message, code.split()[0])
        except UserFacingError as exc:
            return error_reply(exc, lang)
        customer = self.settings.config.customer(customer_id)
        log.info(log_messages.CHAT_LINKED, message.platform, message.channel, customer_id)
        return Reply(
            kind="chat_linked",
            data={"customer": customer.name if customer else customer_id},
            lang=self.settings.config.language_of(customer_id, message.platform, message.channel),
        )

    def _run(self, message: InboundMessage, actor: Actor) -> Reply:
        try:
            found = match(message, actor.role)
        except UserFacingError as exc:  # arguments that don't parse: the usage says how
            return error_reply(exc, actor.language)
        except Exception:  # a parser's bug: the same policy as a handler's
            log.exception(log_messages.HANDLER_FAILED, message.platform, message.delivery_id, "-")
            return Reply(kind="error_internal", lang=actor.language)
        if found.match is Match.PARTIAL:
            log.info(log_messages.ROLE_REFUSED, actor.user_id, actor.role, found.route.command)
            return Reply(
                kind="error_not_allowed",
                data={"command": found.route.command},
                lang=actor.language,
            )
        ctx = HandlerContext(
            actor=actor,
            args=found.args,
            services=self.services,
            settings=self.settings,
            now=self._clock(),
            commands=help_for(actor.role, message.platform),
        )
        started = time.perf_counter()
        try:
            if leaves_form(found.route):  # "/health" halfway through a ticket's questions
                self.services.drafts.set_aside(message)
            return found.route.handler(message, ctx)
        except UserFacingError as exc:
            if isinstance(exc, BadInput):
                explain(exc, found.route)
            return error_reply(exc, actor.language)
        except Exception:
            log.exception(
                log_messages.HANDLER_FAILED,
                message.platform,
                message.delivery_id,
                found.route.command,
            )
            return Reply(kind="error_internal", lang=actor.language)
        finally:
            metrics.HANDLING.labels(found.route.command).observe(time.perf_counter() - started)
