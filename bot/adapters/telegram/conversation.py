"""The "talk to an engineer" conversation (subject, severity, description) that opens a ticket.

The core's button opens a ticket at once; in a chat we can ask for what an
engineer needs first. State lives in memory per (chat, user) and per process:
a restart or a second worker forgets half-finished conversations, and a stale
button then says so (the question can simply be asked again).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from bot.dispatcher import Dispatcher, error_reply
from bot.enums import Category, Severity
from bot.errors import UserFacingError
from bot.messages import Action, Actor, InboundMessage, Reply

log = logging.getLogger(__name__)
START_ACTION = "kb_talk_to_engineer"
PREFIX = "tg_"
CANCEL_WORDS = ("/cancel", "cancel")
TTL_SECONDS = 15 * 60


class Step(Enum):
    SUBJECT = "subject"
    SEVERITY = "severity"
    DESCRIPTION = "description"


@dataclass(frozen=True)
class Draft:
    question_id: int
    question: str
    subject: str
    step: Step
    started: float
    severity: Severity = Severity.C


class TicketConversation:
    """Owns the ``tg_*`` buttons, the start button and the typed answers of open drafts."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._dispatcher = dispatcher
        self._ttl = ttl
        self._clock = clock
        self._drafts: dict[tuple[str, str], Draft] = {}
        self._lock = threading.Lock()

    def _draft(self, key: tuple[str, str]) -> Draft | None:
        with self._lock:
            draft = self._drafts.get(key)
            if draft is not None and self._clock() - draft.started > self._ttl:
                del self._drafts[key]
                return None
            return draft

    def wants(self, key: tuple[str, str], message: InboundMessage) -> bool:
        """True for our buttons, and for typed text while a draft is open for this person."""
        if message.action_id is not None:
            return message.action_id == START_ACTION or message.action_id.startswith(PREFIX)
        if self._draft(key) is None:
            return False
        text = message.text.strip().lower()
        return not text.startswith("/") or text.split("@")[0] in CANCEL_WORDS

    def handle(self, key: tuple[str, str], message: InboundMessage) -> Reply:
        """Advance the conversation; never raises for expected errors."""
        lang = self._dispatcher.settings.config.reseller.default_language
        try:
            actor = self._dispatcher.directory.resolve(message)
            return self._advance(key, message, actor)
        except UserFacingError as exc:
            return error_reply(exc, lang)
        except Exception:
            log.exception("telegram ticket conversation failed (update %s)", message.delivery_id)
            return Reply(kind="error_internal", lang=lang)

    def _advance(self, key: tuple[str, str], message: InboundMessage, actor: Actor) -> Reply:
        lang = actor.language
        action = message.action_id or ""
        if action == START_ACTION:
            return self._start(key, message, actor)
        draft = self._draft(key)
        if action == "tg_cancel" or message.text.strip().lower().split("@")[0] in CANCEL_WORDS:
            self._forget(key)
            return Reply(kind="tg_ticket_cancelled", lang=lang)
        if draft is None:
            return Reply(kind="tg_ticket_expired", lang=lang)
        typed = " ".join(message.text.split()) if not action else ""
        if draft.step is Step.SUBJECT and (action == "tg_subject_ok" or typed):
            self._save(key, replace(draft, subject=typed or draft.subject, step=Step.SEVERITY))
            return self._ask_severity(lang)
        if draft.step is Step.SEVERITY:
            letter = action.removeprefix("tg_severity_") if action else typed.upper()
            if letter not in ("A", "B", "C"):
                return self._ask_severity(lang)
            self._save(key, replace(draft, severity=Severity(letter), step=Step.DESCRIPTION))
            return Reply(
                kind="tg_ticket_description",
                actions=(Action("tg_description_skip"), Action("tg_cancel")),
                lang=lang,
            )
        if draft.step is Step.DESCRIPTION and (action == "tg_description_skip" or typed):
            return self._open(key, message, actor, draft, typed)
        return Reply(kind="tg_ticket_expired", lang=lang)  # a button from an earlier step

    def _start(self, key: tuple[str, str], message: InboundMessage, actor: Actor) -> Reply:
        try:
            question_id = int(message.action_value)
        except ValueError:
            return Reply(kind="tg_ticket_expired", lang=actor.language)
        question = self._dispatcher.services.knowledge.question_text(actor, question_id)
        subject = " ".join(question.split())
        self._save(key, Draft(question_id, question, subject, Step.SUBJECT, self._clock()))
        return Reply(
            kind="tg_ticket_subject",
            data={"subject": subject},
            actions=(Action("tg_subject_ok"), Action("tg_cancel")),
            lang=actor.language,
        )

    @staticmethod
    def _ask_severity(lang: str) -> Reply:
        actions = tuple(Action(f"tg_severity_{s}") for s in ("A", "B", "C"))
        return Reply(kind="tg_ticket_severity", actions=(*actions, Action("tg_cancel")), lang=lang)

    def _open(
        self, key: tuple[str, str], message: InboundMessage, actor: Actor, draft: Draft, text: str
    ) -> Reply:
        services = self._dispatcher.services
        ticket = services.tickets.open(
            actor,
            message,
            draft.subject,
            description=text or draft.question,
            severity=draft.severity,
            category=Category.TECHNICAL,
        )
        services.knowledge.mark_escalated(draft.question_id, ticket.number)
        self._forget(key)
        return Reply(kind="ticket_opened", data={"ticket": ticket}, lang=actor.language)

    def _save(self, key: tuple[str, str], draft: Draft) -> None:
        with self._lock:
            self._drafts[key] = draft

    def _forget(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._drafts.pop(key, None)
