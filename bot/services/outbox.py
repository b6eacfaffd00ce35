"""The persistent outbox: messages to platforms are stored first, then sent and retried.

A front end enqueues a platform call (method + JSON payload); a sender loop claims
due rows, calls the platform, and marks them sent, or schedules a retry honouring
Retry-After. A crash between enqueue and send loses nothing: the row is still due.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as select_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from bot.clock import Clock, from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import OutboxMessage
from bot.messages import Notice, reply_to_dict
from bot.observability import metrics

MAX_BACKOFF = timedelta(minutes=10)
CLAIM_LEASE = timedelta(seconds=60)


_TABLE = OutboxMessage.__table__  # type: ignore[attr-defined]
_INSERT = insert(_TABLE)
_MARK_SENT = (
    update(_TABLE)
    .where(_TABLE.c.id.in_(bindparam("p_ids", expanding=True)), _TABLE.c.sent_at.is_(None))
    .values(sent_at=bindparam("p_now"), attempts=_TABLE.c.attempts + 1)
    .returning(_TABLE.c.platform)
)
_CLAIM = (
    update(_TABLE)
    .where(
        _TABLE.c.id.in_(
            select_(_TABLE.c.id)
            .where(
                _TABLE.c.platform == bindparam("p_platform"),
                _TABLE.c.sent_at.is_(None),
                _TABLE.c.next_attempt_at <= bindparam("p_now"),
            )
            .order_by(_TABLE.c.id)
            .limit(bindparam("p_limit"))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
    )
    .values(next_attempt_at=bindparam("p_until"))
    .returning(_TABLE.c.id, _TABLE.c.platform, _TABLE.c.method, _TABLE.c.payload, _TABLE.c.attempts)
)
_DEFER = (
    update(_TABLE)
    .where(_TABLE.c.id.in_(bindparam("p_ids", expanding=True)), _TABLE.c.sent_at.is_(None))
    .values(next_attempt_at=bindparam("p_until"))
)


@dataclass(frozen=True)
class PendingMessage:
    id: int
    platform: str
    method: str
    payload: dict[str, Any]
    attempts: int


def backoff(attempts: int) -> timedelta:
    """1 s, 2 s, 4 s ... capped at ten minutes."""
    return min(timedelta(seconds=2 ** max(0, attempts - 1)), MAX_BACKOFF)


class Outbox:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def _row(
        self, platform: str, method: str, payload: dict[str, Any], dedupe_key: str | None
    ) -> dict[str, Any]:
        now = to_db(self._clock())
        return {
            "platform": platform,
            "method": method,
            "payload": json.dumps(payload, ensure_ascii=False),
            "dedupe_key": dedupe_key,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
        }

    def enqueue(
        self,
        platform: str,
        method: str,
        payload: dict[str, Any],
        *,
        dedupe_key: str | None = None,
        session: Session | None = None,
    ) -> bool:
        """Store a message to send. With ``session`` it joins the caller's transaction.

        Returns False when ``dedupe_key`` was already enqueued (the answer to a
        redelivered event is not sent twice).
        """
        values = self._row(platform, method, payload, dedupe_key)
        if session is not None:
            session.add(OutboxMessage(**values))
            return True
        try:  # Core, not the ORM: every answer passes here
            with self._engine.begin() as conn:
                conn.execute(_INSERT, values)
        except IntegrityError:
            return False
        return True

    def enqueue_many(
        self, platform: str, messages: list[tuple[str, dict[str, Any], str | None]]
    ) -> bool:
        """Several (method, payload, dedupe key) rows in one transaction; False if they
        were enqueued before (all or nothing)."""
        if not messages:
            return True
        rows = [self._row(platform, method, payload, key) for method, payload, key in messages]
        try:
            with self._engine.begin() as conn:
                conn.execute(_INSERT, rows)
        except IntegrityError:
            return False
        return True

    def enqueue_notice(
        self, notice: Notice, *, session: Session | None = None, dedupe_key: str | None = None
    ) -> bool:
        """Store a :class:`Notice` as method ``notice`` for its platform's sender."""
        payload = {
            "channel": notice.channel,
            "thread": notice.thread,
            "reply": reply_to_dict(notice.reply),
        }
        return self.enqueue(
            str(notice.platform), "notice", payload, dedupe_key=dedupe_key, session=session
        )

    def claim_due(self, platform: str, limit: int = 50) -> list[PendingMessage]:
        """Take due messages (oldest first) and lease them for a minute so no other
        sender takes them: one statement built once, as every round runs it."""
        now = to_db(self._clock())
        params = {
            "p_platform": platform,
            "p_now": now,
            "p_limit": limit,
            "p_until": now + CLAIM_LEASE,
        }
        with self._engine.begin() as conn:
            rows = sorted(conn.execute(_CLAIM, params).all(), key=lambda row: row.id)
        return [
            PendingMessage(row.id, row.platform, row.method, json.loads(row.payload), row.attempts)
            for row in rows
        ]

    def mark_sent(self, message_id: int) -> None:
        with session_scope(self._engine) as session:
            row = session.get(OutboxMessage, message_id)
            if row is not None:
                row.sent_at = to_db(self._clock())
                row.attempts += 1
                session.add(row)
                metrics.OUTBOX_SENT.labels(row.platform).inc()

    def mark_sent_many(self, message_ids: list[int]) -> None:
        """Mark a batch sent in one transaction (senders that deliver in bursts)."""
        if not message_ids:
            return
        with self._engine.begin() as conn:
            platforms = conn.execute(
                _MARK_SENT, {"p_ids": message_ids, "p_now": to_db(self._clock())}
            ).scalars()
            for platform in platforms:
                metrics.OUTBOX_SENT.labels(platform).inc()

    def defer_many(
        self, message_ids: list[int], until: datetime | None = None, *, seconds: float = 0.0
    ) -> None:
        """Put messages back until ``until`` without counting an attempt: waits the sender
        imposes on itself (a rate-limit pause, a chat's order) are not failures, and
        counting them would stretch the backoff of a real failure later."""
        if message_ids:
            when = until or self._clock() + timedelta(seconds=seconds)
            with self._engine.begin() as conn:
                conn.execute(_DEFER, {"p_ids": message_ids, "p_until": to_db(when)})

    def mark_failed(
        self, message_id: int, error: str, retry_after: float | None = None
    ) -> datetime:
        """Schedule another attempt (after ``retry_after`` seconds when the platform said so)."""
        with session_scope(self._engine) as session:
            row = session.get(OutboxMessage, message_id)
            if row is None:
                return self._clock()
            row.attempts += 1
            delay = timedelta(seconds=retry_after) if retry_after else backoff(row.attempts)
            row.next_attempt_at = to_db(self._clock() + delay)
            row.last_error = error[:500]
            session.add(row)
            metrics.OUTBOX_RETRIES.labels(row.platform).inc()
            return from_db(row.next_attempt_at)

    def depth(self) -> int:
        """Messages not yet sent."""
        with session_scope(self._engine) as session:
            return int(
                session.exec(select(func.count()).where(col(OutboxMessage.sent_at).is_(None))).one()
            )
