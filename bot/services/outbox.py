"""The persistent outbox: every message to a platform is stored first, then sent and retried.

A row is a :class:`~bot.messages.Notice`: where to send it (platform, channel, thread,
delivery options) and the Reply as JSON. The platform's renderer turns it into calls
when it is sent (``bot/adapters/outbox_pump.py``). A crash between enqueue and send
loses nothing: the row is still due.

One chat's rows go out in order, whatever the number of workers: a claim skips a row
while an earlier row of the same chat is in flight (leased) or waits for its retry, and
claims of one platform take turns (a transaction-scoped advisory lock on PostgreSQL;
SQLite has one writer anyway), so two workers never hold one chat at the same time.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy import select as select_
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.clock import Clock, from_db, to_db
from bot.db.models import OutboxMessage
from bot.messages import Notice, reply_from_dict, reply_to_dict
from bot.observability import metrics
from bot.services._outbox_sql import CLAIM, DEFER, INSERT, MARK_PROGRESS, MARK_SENT, TABLE

MAX_BACKOFF = timedelta(minutes=10)
CLAIM_LEASE = timedelta(seconds=60)
NOTICE = "notice"
CHAT_KEY_CHARS = 250


@dataclass(frozen=True)
class ClaimedNotice:
    """A claimed row. ``legacy`` is a call rendered before migration 0010 (method,
    payload), sent as it is; every newer row carries its ``notice``."""

    id: int
    platform: str
    chat_key: str | None
    notice: Notice | None
    attempts: int
    parts_sent: int = 0
    legacy: tuple[str, dict[str, Any]] | None = None


def backoff(attempts: int) -> timedelta:
    """1 s, 2 s, 4 s ... capped at ten minutes."""
    return min(timedelta(seconds=2 ** max(0, attempts - 1)), MAX_BACKOFF)


def chat_key(notice: Notice) -> str:
    """The order group of a notice: its channel and thread (a Telegram forum topic, a
    Slack thread; an e-mail address). Clipped keys at worst order two chats together."""
    return f"{notice.channel}/{notice.thread or ''}"[:CHAT_KEY_CHARS]


def notice_to_json(notice: Notice) -> str:
    return json.dumps(
        {
            "channel": notice.channel,
            "thread": notice.thread,
            "options": dict(notice.options),
            "reply": reply_to_dict(notice.reply),
        },
        ensure_ascii=False,
    )


def notice_from_json(platform: str, text: str) -> Notice:
    data = json.loads(text)
    return Notice(
        platform,
        str(data["channel"]),
        reply_from_dict(data["reply"]),
        thread=data.get("thread"),
        options=data.get("options") or {},
    )


def _lock_key(platform: str) -> int:
    """The advisory lock claims of one platform take turns on (a stable 32-bit number)."""
    return zlib.crc32(f"supportbot-outbox:{platform}".encode())


class Outbox:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"

    def _row(self, notice: Notice, dedupe_key: str | None) -> dict[str, Any]:
        now = to_db(self._clock())
        return {
            "platform": str(notice.platform),
            "method": NOTICE,
            "chat_key": chat_key(notice),
            "payload": notice_to_json(notice),
            "dedupe_key": dedupe_key,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
            "parts_sent": 0,
        }

    def enqueue_notice(
        self, notice: Notice, *, session: Session | None = None, dedupe_key: str | None = None
    ) -> bool:
        """Store a notice to send. With ``session`` it joins the caller's transaction.

        Returns False when ``dedupe_key`` was already enqueued (the answer to a
        redelivered event is not sent twice).
        """
        values = self._row(notice, dedupe_key)
        if session is not None:
            session.add(OutboxMessage(**values))
            return True
        try:  # Core, not the ORM: every answer passes here
            with self._engine.begin() as conn:
                conn.execute(INSERT, values)
        except IntegrityError:
            return False
        return True

    def claim(self, platform: str, limit: int = 50) -> list[ClaimedNotice]:
        """Take due rows (oldest first, a chat's rows only behind its earlier ones) and
        lease them for a minute so no other worker takes them."""
        now = to_db(self._clock())
        params = {"p_platform": platform, "p_now": now, "p_limit": limit}
        params["p_until"] = now + CLAIM_LEASE
        with self._engine.begin() as conn:
            self._take_turn(conn, platform)
            rows = sorted(conn.execute(CLAIM, params).all(), key=lambda row: row.id)
        return [self._claimed(row) for row in rows]

    def _take_turn(self, conn: Connection, platform: str) -> None:
        """PostgreSQL: wait for another worker's claim of this platform to commit, so this
        one sees its leases (without it, SKIP LOCKED could hand a chat's later row to us
        while another worker takes its earlier one)."""
        if self._postgres:
            conn.execute(select_(func.pg_advisory_xact_lock(_lock_key(platform))))

    @staticmethod
    def _claimed(row: Any) -> ClaimedNotice:
        if row.method != NOTICE:
            legacy = (str(row.method), json.loads(row.payload))
            return ClaimedNotice(
                row.id, row.platform, row.chat_key, None, row.attempts, row.parts_sent, legacy
            )
        notice = notice_from_json(row.platform, row.payload)
        return ClaimedNotice(
            row.id, row.platform, row.chat_key, notice, row.attempts, row.parts_sent
        )

    def record(
        self,
        sent: list[int],
        progress: list[tuple[int, int]] | None = None,
        released: list[int] | None = None,
    ) -> None:
        """In one transaction: mark rows sent, note how many parts of others went out, and
        hand back rows that were not tried (due at once; a claim keeps them behind their
        chat's earlier rows). The pump calls this as soon as calls return, grouping what
        returned together."""
        if not sent and not progress and not released:
            return
        now = to_db(self._clock())
        with self._engine.begin() as conn:
            if progress:
                conn.execute(MARK_PROGRESS, [{"p_id": i, "p_parts": n} for i, n in progress])
            if released:
                conn.execute(DEFER, {"p_ids": released, "p_until": now})
            if sent:
                for platform in conn.execute(MARK_SENT, {"p_ids": sent, "p_now": now}).scalars():
                    metrics.OUTBOX_SENT.labels(platform).inc()

    def defer_many(
        self, message_ids: list[int], until: datetime | None = None, *, seconds: float = 0.0
    ) -> None:
        """Put messages back until ``until`` without counting an attempt: waits the sender
        imposes on itself (a rate-limit pause, rows handed back behind a failed one) are
        not failures, and counting them would stretch the backoff of a real failure."""
        if message_ids:
            when = until or self._clock() + timedelta(seconds=seconds)
            with self._engine.begin() as conn:
                conn.execute(DEFER, {"p_ids": message_ids, "p_until": to_db(when)})

    def mark_failed(
        self,
        message_id: int,
        error: str,
        retry_after: float | None = None,
        *,
        parts_sent: int | None = None,
    ) -> datetime:
        """Schedule another attempt (after ``retry_after`` seconds when the platform said
        so, else with backoff); returns when the row is due again."""
        with Session(self._engine, expire_on_commit=False) as session:
            row = session.get(OutboxMessage, message_id)
            if row is None:
                return self._clock()
            row.attempts += 1
            delay = timedelta(seconds=retry_after) if retry_after else backoff(row.attempts)
            row.next_attempt_at = to_db(self._clock() + delay)
            row.last_error = error[:500]
            if parts_sent is not None:
                row.parts_sent = max(row.parts_sent, parts_sent)
            session.add(row)
            session.commit()
            metrics.OUTBOX_RETRIES.labels(row.platform).inc()
            return from_db(row.next_attempt_at)

    def give_up(self, message_id: int, error: str, *, parts_sent: int | None = None) -> None:
        """A message that cannot be delivered (the channel is gone, no template): kept with
        its error, no longer retried, and no longer holding its chat's later messages."""
        values: dict[str, Any] = {"given_up_at": to_db(self._clock()), "last_error": error[:500]}
        if parts_sent is not None:
            values["parts_sent"] = parts_sent
        with self._engine.begin() as conn:
            platform = conn.execute(
                update(TABLE)
                .where(TABLE.c.id == message_id)
                .values(attempts=TABLE.c.attempts + 1, **values)
                .returning(TABLE.c.platform)
            ).scalar_one_or_none()
        if platform is not None:
            metrics.OUTBOX_GIVEN_UP.labels(platform).inc()

    def depth(self, platform: str | None = None) -> int:
        """Messages not yet sent (and not given up)."""
        query = (
            select_(func.count())
            .select_from(TABLE)
            .where(TABLE.c.sent_at.is_(None), TABLE.c.given_up_at.is_(None))
        )
        if platform is not None:
            query = query.where(TABLE.c.platform == platform)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
