"""KB answers for the bot: keeps the index fresh, records questions, gaps and feedback."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bot.clock import Clock, to_db
from bot.db.engine import session_scope
from bot.db.models import KbFeedback, KbQuestion
from bot.errors import NotFound
from bot.kb import KbAnswer, KnowledgeBase, detect_language
from bot.messages import Actor
from bot.observability import metrics
from bot.text import clip

QUESTIONS = KbQuestion.__table__  # type: ignore[attr-defined]

log = logging.getLogger(__name__)
QUESTION_MAX = 1000


@dataclass(frozen=True)
class AskResult:
    answer: KbAnswer
    question_id: int


class KnowledgeService:
    """Wraps the search engine with the bot's bookkeeping.

    The index is refreshed at most every ``reload_seconds`` so that edits to the
    KB folder show up while the bot runs, without a stat storm on every message.
    """

    def __init__(
        self,
        kb_path: Path,
        *,
        engine: Engine,
        clock: Clock,
        min_confidence: float,
        reload_seconds: float = 2.0,
        synonyms_path: Path | None = None,
    ) -> None:
        self._kb = KnowledgeBase.from_directory(kb_path, synonyms_path=synonyms_path)
        self._engine = engine
        self._clock = clock
        self._min_confidence = min_confidence
        self._reload_seconds = reload_seconds
        self._last_refresh = time.monotonic()
        self._lock = threading.Lock()
        for issue in self._kb.issues:
            log.warning("kb file skipped: %s:%s: %s", issue.path, issue.line or 0, issue.message)

    @property
    def knowledge_base(self) -> KnowledgeBase:
        return self._kb

    def _refresh_if_due(self) -> None:
        now = time.monotonic()
        if now - self._last_refresh < self._reload_seconds:
            return
        with self._lock:
            if now - self._last_refresh >= self._reload_seconds:
                self._last_refresh = now
                if self._kb.refresh():
                    log.info("kb reloaded: %d articles", self._kb.article_count)

    def ask(self, actor: Actor, question: str) -> AskResult:
        """Answer ``question`` and record it (a gap when the answer is not confident)."""
        self._refresh_if_due()
        question = clip(question, QUESTION_MAX)
        lang = detect_language(question) if question else actor.language
        answer = self._kb.answer(question, lang=lang, min_confidence=self._min_confidence)
        answered = bool(answer.confident)
        record = {
            "at": to_db(self._clock()),
            "customer_id": actor.customer_id,
            "user": actor.user_id,
            "lang": lang,
            "question": question,
            "article_id": answer.best.article_id if answer.best else None,
            "confidence": float(answer.confidence),
            "answered": answered,
        }
        # Core, not the ORM: one row per question is the hot path of every chat message.
        with self._engine.begin() as conn:
            question_id = conn.execute(
                insert(QUESTIONS).values(record).returning(QUESTIONS.c.id)
            ).scalar_one()
        metrics.KB_ANSWERS.labels("answered" if answered else "gap").inc()
        return AskResult(answer=answer, question_id=int(question_id))

    def search(self, query: str, *, limit: int = 5) -> list:  # type: ignore[type-arg]
        """Staff search across every article (customer and engineer audience)."""
        self._refresh_if_due()
        return self._kb.search(clip(query, QUESTION_MAX), limit=limit, audience=None)

    def question_text(self, actor: Actor, question_id: int) -> str:
        """The text of a question the actor's customer asked.

        Raises:
            NotFound: no such question, or it was another customer's.
        """
        with session_scope(self._engine) as session:
            record = session.get(KbQuestion, question_id)
            if record is None or (not actor.is_staff and record.customer_id != actor.customer_id):
                raise NotFound(what="question", name=str(question_id))
            return record.question

    def mark_escalated(self, question_id: int, ticket_number: str) -> None:
        """Remember that the question became a ticket (it was not deflected)."""
        from bot.services.tickets import parse_ticket_number

        with session_scope(self._engine) as session:
            record = session.get(KbQuestion, question_id)
            if record is not None:
                record.ticket_id = parse_ticket_number(ticket_number)
                session.add(record)

    def record_feedback(self, actor: Actor, question_id: int, helped: bool) -> None:
        """Store "did this help?" for an answer the actor's customer received.

        Raises:
            NotFound: no such question, or it was another customer's.
        """
        self.question_text(actor, question_id)
        with session_scope(self._engine) as session:
            session.add(KbFeedback(question_id=question_id, at=to_db(self._clock()), helped=helped))
