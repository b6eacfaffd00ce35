"""The persistent inbox: every platform delivery is stored before it is acknowledged.

Why: a front end that acks first and works afterwards loses the work when the
process dies in between, and Slack and Telegram never resend an acked delivery.
Storing first closes that window, and the unique (platform, delivery_id) pair
turns a redelivery into a no-op, across any number of workers.

Workers claim due rows in one statement (a token plus a lease), handle them, and
mark them done; a row whose worker died becomes due again when the lease ends.
Handling must therefore be idempotent: answers go to the outbox under a key
derived from the delivery, and a ticket remembers the delivery that opened it.
"""

from __future__ import annotations

import json
import uuid
import zlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from bot.clock import Clock, to_db
from bot.db.models import InboxEntry, core_table

CLAIM_LEASE = timedelta(seconds=30)
MAX_ATTEMPTS = 5
DELIVERY_ID_CHARS = 200
CHAT_KEY_CHARS = 250
TABLE = core_table(InboxEntry)
_EARLIER = TABLE.alias("earlier")


# Built once: the claim and finish run for every batch of deliveries, and building a
# statement costs more CPU than SQLite takes to run it.
# An earlier delivery of the same chat still held by a worker (its lease not over).
_HELD_BACK = (
    select(_EARLIER.c.id)
    .where(
        _EARLIER.c.platform == TABLE.c.platform,
        _EARLIER.c.chat_key == TABLE.c.chat_key,
        _EARLIER.c.id < TABLE.c.id,
        _EARLIER.c.done_at.is_(None),
        _EARLIER.c.available_at > bindparam("p_now"),
    )
    .correlate(TABLE)
    .exists()
)
_CLAIM = (
    update(TABLE)
    .where(
        TABLE.c.id.in_(
            select(TABLE.c.id)
            .where(
                TABLE.c.platform == bindparam("p_platform"),
                TABLE.c.done_at.is_(None),
                TABLE.c.available_at <= bindparam("p_now"),
                ~_HELD_BACK,
            )
            .order_by(TABLE.c.id)
            .limit(bindparam("p_limit"))
            .with_for_update(skip_locked=True, of=TABLE)
            .scalar_subquery()
        )
    )
    .values(
        claim_token=bindparam("p_token"),
        available_at=bindparam("p_until"),
        attempts=TABLE.c.attempts + 1,
    )
)
_CLAIMED = (
    select(
        TABLE.c.id,
        TABLE.c.platform,
        TABLE.c.delivery_id,
        TABLE.c.body,
        TABLE.c.attempts,
        TABLE.c.chat_key,
    )
    .where(TABLE.c.claim_token == bindparam("p_token"))
    .order_by(TABLE.c.id)
)
_FINISH = (
    update(TABLE)
    .where(TABLE.c.id.in_(bindparam("p_ids", expanding=True)))
    .values(done_at=bindparam("p_now"), claim_token=None)
)


class UnstorableDelivery(ValueError):
    """A delivery the database cannot hold (text that is not valid Unicode, an id too long)."""


@dataclass(frozen=True)
class Delivery:
    """One delivery to store: the platform, its id there, the JSON body to act on, and its
    chat (one chat's deliveries are handled in order; None: no order to keep)."""

    platform: str
    delivery_id: str
    body: dict[str, Any]
    chat_key: str | None = None


@dataclass(frozen=True)
class ClaimedDelivery:
    id: int
    platform: str
    delivery_id: str
    body: dict[str, Any]
    attempts: int
    chat_key: str | None = None


def delivery_row(delivery: Delivery) -> dict[str, Any]:
    """The columns of a delivery, checked so that a bad one fails alone, before its batch.

    Raises:
        UnstorableDelivery: the body holds text no database encoding can store (a lone
            UTF-16 surrogate, which JSON allows), or the id is longer than the column.
    """
    body = json.dumps(delivery.body, ensure_ascii=False, separators=(",", ":"))
    try:
        body.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnstorableDelivery(f"body is not valid Unicode at {exc.start}") from None
    if len(delivery.delivery_id) > DELIVERY_ID_CHARS:
        raise UnstorableDelivery("delivery id too long")
    return {
        "platform": delivery.platform,
        "delivery_id": delivery.delivery_id,
        "chat_key": delivery.chat_key[:CHAT_KEY_CHARS] if delivery.chat_key else None,
        "body": body,
        "attempts": 0,
    }


class Inbox:
    """Store, claim and finish deliveries. SQLAlchemy Core: this is the hot path."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        # The two databases supported; both have INSERT .. ON CONFLICT DO NOTHING.
        self._postgres = engine.dialect.name == "postgresql"
        self._insert = postgresql.insert if self._postgres else sqlite.insert

    def add_many(self, deliveries: list[Delivery]) -> int:
        """Store deliveries in one transaction; ones stored before are left as they are.

        Returns how many were new (the rest were redeliveries).

        Raises:
            UnstorableDelivery: one of them cannot be stored (then none is).
        """
        if not deliveries:
            return 0
        now = to_db(self._clock())
        rows = [{**delivery_row(d), "received_at": now, "available_at": now} for d in deliveries]
        statement = self._insert(TABLE).on_conflict_do_nothing(
            index_elements=["platform", "delivery_id"]
        )
        with self._engine.begin() as conn:
            return len(conn.execute(statement.returning(TABLE.c.id), rows).all())

    def claim(
        self, platform: str, limit: int = 32, lease: timedelta = CLAIM_LEASE
    ) -> list[ClaimedDelivery]:
        """Take up to ``limit`` due rows (oldest first) and lease them to this caller.

        A row waits while an earlier row of its chat is held by a worker: one chat's
        deliveries are handled by one worker at a time, in order. Claims take turns on
        PostgreSQL (a transaction-scoped advisory lock), so each sees the leases the one
        before it took; without that, SKIP LOCKED could give two workers one chat's rows.
        """
        now = to_db(self._clock())
        token = uuid.uuid4().hex
        with self._engine.begin() as conn:
            if self._postgres:
                lock = zlib.crc32(f"supportbot-inbox:{platform}".encode())
                conn.execute(select(func.pg_advisory_xact_lock(lock)))
            conn.execute(
                _CLAIM,
                {
                    "p_platform": platform,
                    "p_now": now,
                    "p_limit": limit,
                    "p_token": token,
                    "p_until": now + lease,
                },
            )
            rows = conn.execute(_CLAIMED, {"p_token": token}).all()
        return [
            ClaimedDelivery(
                row.id,
                row.platform,
                row.delivery_id,
                json.loads(row.body),
                row.attempts,
                row.chat_key,
            )
            for row in rows
        ]

    def finish(self, ids: list[int]) -> None:
        """Mark rows handled (their answers are in the outbox)."""
        if ids:
            with self._engine.begin() as conn:
                conn.execute(_FINISH, {"p_ids": ids, "p_now": to_db(self._clock())})

    def give_up(self, entry_id: int, error: str) -> None:
        """Stop retrying a row that failed every attempt (kept, with the error, for a look)."""
        with self._engine.begin() as conn:
            conn.execute(
                update(TABLE)
                .where(TABLE.c.id == entry_id)
                .values(done_at=to_db(self._clock()), claim_token=None, last_error=error[:2000])
            )

    def release(self, ids: list[int]) -> None:
        """Hand claimed rows back at once (a worker stopping cleanly)."""
        if ids:
            with self._engine.begin() as conn:
                conn.execute(
                    update(TABLE)
                    .where(TABLE.c.id.in_(ids), TABLE.c.done_at.is_(None))
                    .values(available_at=to_db(self._clock()), claim_token=None)
                )

    def pending(self, platform: str | None = None) -> int:
        """Rows not handled yet (claimed or not)."""
        query = select(func.count()).select_from(TABLE).where(TABLE.c.done_at.is_(None))
        if platform is not None:
            query = query.where(TABLE.c.platform == platform)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def prune(self, older_than: timedelta = timedelta(days=7)) -> int:
        """Forget handled rows once no platform would redeliver them; returns how many."""
        cutoff = to_db(self._clock() - older_than)
        with self._engine.begin() as conn:
            result = conn.execute(
                delete(TABLE).where(TABLE.c.done_at.is_not(None), TABLE.c.done_at < cutoff)
            )
        return int(result.rowcount or 0)
