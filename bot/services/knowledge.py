"""KB answers for the bot: keeps the index fresh, records questions, gaps and feedback."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import col

from bot.clock import Clock, from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import KbFeedback, KbQuestion, core_table
from bot.errors import NotFound
from bot.kb import KbAnswer, KnowledgeBase
from bot.kb.answer import make_excerpt
from bot.kb.calibration import load_calibration
from bot.kb.lang import customer_language
from bot.kb.models import SearchHit
from bot.kb.suggested import section_hit, suggestion_number
from bot.messages import Actor
from bot.observability import metrics
from bot.services.kb_follow_up import Shown, refocus
from bot.services.kb_setup import require_kb_folder
from bot.services.kb_status import KbStatus, issue_dict, same_asker
from bot.text import MAX_MESSAGE_CHARS, clip

QUESTIONS = core_table(KbQuestion)

log = logging.getLogger(__name__)
QUESTION_MAX = 1000
# How long after "these articles might be close: 1. … 2. …" a bare number picks one.
PICK_TTL = timedelta(minutes=30)


@dataclass(frozen=True)
class AskResult:
    answer: KbAnswer
    question_id: int
    same_again: bool = False  # a follow-up found only the section just shown


@dataclass(frozen=True)
class Recent:
    """The sender's latest recent question in this chat, and the section it was answered
    with (``shown``: None when it got no answer)."""

    question_id: int
    question: str
    shown: Shown | None


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
        min_confidence: float | None,
        tentative: float | None = None,
        reload_seconds: float = 2.0,
        synonyms_path: Path | None = None,
        url_base: str | None = None,
        embed_cache: Path | None = None,
    ) -> None:
        """Raises ConfigError when ``kb_path`` is missing or has no articles.
        ``tentative`` overrides the calibration's floor for best-guess answers."""
        require_kb_folder(Path(kb_path))
        calibration = load_calibration()
        if tentative is not None:
            calibration = replace(calibration, tentative=tentative)
        self._kb = KnowledgeBase.from_directory(
            kb_path,
            synonyms_path=synonyms_path,
            url_base=url_base,
            calibration=calibration,
            embed_cache=embed_cache,
        )
        self._engine = engine
        self._clock = clock
        self._min_confidence = min_confidence
        self._reload_seconds = reload_seconds
        self._last_refresh = time.monotonic()
        self._lock = threading.Lock()
        log.info("kb: %d articles from %s", self._kb.article_count, kb_path)

    def embeddings_loading(self) -> bool:
        """True while the embedding re-ranker is still preparing its vectors."""
        return self._kb.semantic_state == "loading"

    def wait_for_embeddings(self, timeout: float) -> bool:
        """Block until the re-ranker is ready (or ``timeout`` seconds); True if ready. The
        first start on a machine embeds the KB (minutes); later ones read the disk cache."""
        return self._kb.wait_semantic(timeout)

    @property
    def knowledge_base(self) -> KnowledgeBase:
        return self._kb

    def status(self) -> KbStatus:
        """Article count and every problem found (each file named), for ``/readyz``."""
        self._refresh_if_due()
        issues = self._kb.issues
        errors = sum(i.severity == "error" for i in issues)
        return KbStatus(
            articles=self._kb.article_count,
            errors=errors,
            warnings=len(issues) - errors,
            issues=[issue_dict(i) for i in issues],
            embeddings=self._kb.semantic_state,
        )

    def _refresh_if_due(self) -> None:
        now = time.monotonic()
        if now - self._last_refresh < self._reload_seconds:
            return
        with self._lock:
            if now - self._last_refresh >= self._reload_seconds:
                self._last_refresh = now
                if self._kb.refresh():
                    log.info("kb reloaded: %d articles", self._kb.article_count)

    def ask(
        self,
        actor: Actor,
        question: str,
        *,
        search: str | None = None,
        new_words: str = "",
        shown: Shown | None = None,
    ) -> AskResult:
        """Answer ``question`` and record it (a gap when the answer is not confident).

        A follow-up or correction is recorded as said after the question before it, but
        ``search`` is what is searched (the conversation's first question and the
        ``new_words``), and the answer is never ``shown`` again (``kb_follow_up``)."""
        self._refresh_if_due()
        # The KB reads the first QUESTION_MAX characters; the record keeps the whole text,
        # since a pasted log becomes the ticket's description if the customer escalates.
        question = clip(question, MAX_MESSAGE_CHARS)
        query = clip(search or question, QUESTION_MAX)
        lang = customer_language(query, actor.language)
        answer = self._kb.answer(query, lang=lang, min_confidence=self._min_confidence)
        same_again = False
        if new_words:
            answer, same_again = refocus(self._kb, answer, new_words, shown)
        answered = bool(answer.confident or answer.tentative)  # an article was the answer
        record = {
            "at": to_db(self._clock()),
            "customer_id": actor.customer_id,
            "user": actor.user_id,
            "lang": lang,
            "question": question,
            "article_id": answer.best.article_id if answer.best else None,
            "anchor": answer.best.anchor if answer.best and answered else None,
            "chat": actor.chat,
            "confidence": float(answer.confidence),
            "answered": answered,
            "suggested": (
                json.dumps([[h.article_id, h.anchor] for h in answer.closest])
                if answer.closest
                else None
            ),
        }
        # Core, not the ORM: one row per question is the hot path of every chat message.
        with self._engine.begin() as conn:
            question_id = conn.execute(
                insert(QUESTIONS).values(record).returning(QUESTIONS.c.id)
            ).scalar_one()
        outcome = "answered" if answer.confident else "tentative" if answered else "gap"
        metrics.KB_ANSWERS.labels(outcome).inc()
        return AskResult(answer, int(question_id), same_again)

    def answers_confidently(self, actor: Actor, text: str, *, tentative: bool = False) -> bool:
        """Would ``text`` get a confident answer (with ``tentative``, a likely one too)?
        Nothing is recorded (a guess at a ticket asks this first: a question the KB answers
        is a new question, not a comment)."""
        query = clip(text, QUESTION_MAX)
        lang = customer_language(query, actor.language)
        answer = self._kb.answer(query, lang=lang, min_confidence=self._min_confidence)
        return answer.confident or (tentative and answer.tentative)

    def pick(self, actor: Actor, text: str) -> AskResult | None:
        """The suggestion a bare number picks (``2`` after "these articles might be
        close: 1. … 2. …"), as an answer in the language the list was in, under the
        question it was suggested for (its buttons, its "talk to an engineer").

        Only the sender's latest question counts, and only while it is recent and was
        answered with a list; any other number (or text) is None: an ordinary message.
        """
        number = suggestion_number(text)
        if number is None or number < 1:
            return None
        row = self._latest(actor)
        if row is None or not row.suggested:  # a tentative answer numbers its runners-up
            return None
        suggested = json.loads(row.suggested)
        if number > len(suggested):
            return None
        self._refresh_if_due()
        article_id, anchor = suggested[number - 1]
        hit = section_hit(self._kb, article_id, anchor)
        if hit is None:  # the article was removed since
            return None
        answer = KbAnswer(
            query=row.question,
            lang=row.lang,
            confident=True,
            confidence=float(row.confidence),
            best=hit,
            excerpt=make_excerpt(hit.text),
            article_lang=hit.lang,
        )
        metrics.KB_ANSWERS.labels("picked").inc()
        return AskResult(answer=answer, question_id=int(row.id))

    def _latest(self, actor: Actor) -> Any | None:
        """The sender's latest question while it is recent (``PICK_TTL``), else None."""
        latest = same_asker(select(QUESTIONS), actor).order_by(QUESTIONS.c.id.desc()).limit(1)
        with self._engine.connect() as conn:
            row = conn.execute(latest).first()
        return row if row is not None and self._clock() - from_db(row.at) <= PICK_TTL else None

    def recent(self, actor: Actor) -> Recent | None:
        """The sender's latest recent question here ("and on my phone?" follows it)."""
        row = self._latest(actor)
        if row is None:
            return None
        shown = Shown(row.article_id, row.anchor) if row.answered and row.article_id else None
        return Recent(int(row.id), str(row.question), shown)

    def react(self, actor: Actor, helped: bool, *, correcting: bool = False) -> None:
        """Words after an answer ("thanks, that worked", "didn't help") rate it, like the
        buttons; ``correcting`` ("sorry, wrong button. it didn't help") replaces theirs."""
        row = self._latest(actor)
        if row is not None and row.answered:
            self.record_feedback(actor, int(row.id), helped=helped, correcting=correcting)

    def search(self, query: str, *, limit: int = 5) -> list[SearchHit]:
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

    def record_feedback(
        self, actor: Actor, question_id: int, helped: bool, *, correcting: bool = False
    ) -> bool | None:
        """Store "did this help?" for an answer the actor's customer received, once: a stale
        button pressed again (another device, a second tap) cannot reverse the first answer;
        only words owning up to a slip do (``correcting``). Returns the answer stored
        before (then nothing changed, unless correcting), None when this one is the first.

        Raises:
            NotFound: no such question, or it was another customer's.
        """
        self.question_text(actor, question_id)
        with session_scope(self._engine) as session:
            given = col(KbFeedback.question_id) == question_id
            earlier = session.scalars(select(col(KbFeedback.helped)).where(given).limit(1)).first()
            if earlier is None:
                at = to_db(self._clock())
                session.add(KbFeedback(question_id=question_id, at=at, helped=helped))
            elif correcting:
                session.execute(update(KbFeedback).where(given).values(helped=helped))
            return earlier
