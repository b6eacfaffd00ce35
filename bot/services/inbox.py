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
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from bot.clock import Clock, to_db
from bot.db.models import InboxEntry

CLAIM_LEASE = timedelta(seconds=30)
MAX_ATTEMPTS = 5
TABLE = InboxEntry.__table__  # type: ignore[attr-defined]


# Built once: the claim and finish run for every batch of deliveries, and building a
# statement costs more CPU than SQLite takes to run it.
_CLAIM = (
    update(TABLE)
    .where(
        TABLE.c.id.in_(
            select(TABLE.c.id)
            .where(
                TABLE.c.platform == bindparam("p_platform"),
                TABLE.c.done_at.is_(None),
                TABLE.c.available_at <= bindparam("p_now"),
            )
            .order_by(TABLE.c.id)
            .limit(bindparam("p_limit"))
            .with_for_update(skip_locked=True)
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
    select(TABLE.c.id, TABLE.c.platform, TABLE.c.delivery_id, TABLE.c.body, TABLE.c.attempts)
    .where(TABLE.c.claim_token == bindparam("p_token"))
    .order_by(TABLE.c.id)
)
_FINISH = (
    update(TABLE)
    .where(TABLE.c.id.in_(bindparam("p_ids", expanding=True)))
    .values(done_at=bindparam("p_now"), claim_token=None)
)


@dataclass(frozen=True)
class Delivery:
    """One delivery to store: the platform, its id there, and the JSON body to act on."""

    platform: str
    delivery_id: str
    body: dict[str, Any]


@dataclass(frozen=True)
class ClaimedDelivery:
    id: int
    platform: str
    delivery_id: str
    body: dict[str, Any]
    attempts: int


class Inbox:
    """Store, claim and finish deliveries. SQLAlchemy Core: this is the hot path."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        # The two databases supported; both have INSERT .. ON CONFLICT DO NOTHING.
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    def add_many(self, deliveries: list[Delivery]) -> int:
        """Store deliveries in one transaction; ones stored before are left as they are.

        Returns how many were new (the rest were redeliveries).
        """
        if not deliveries:
            return 0
        now = to_db(self._clock())
        rows = [
            {
                "platform": d.platform,
                "delivery_id": d.delivery_id,
                "body": json.dumps(d.body, ensure_ascii=False, separators=(",", ":")),
                "received_at": now,
                "available_at": now,
                "attempts": 0,
            }
            for d in deliveries
        ]
        statement = self._insert(TABLE).on_conflict_do_nothing(
            index_elements=["platform", "delivery_id"]
        )
        with self._engine.begin() as conn:
            return len(conn.execute(statement.returning(TABLE.c.id), rows).all())

    def claim(
        self, platform: str, limit: int = 32, lease: timedelta = CLAIM_LEASE
    ) -> list[ClaimedDelivery]:
        """Take up to ``limit`` due rows (oldest first) and lease them to this caller."""
        now = to_db(self._clock())
        token = uuid.uuid4().hex
        with self._engine.begin() as conn:
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
                row.id, row.platform, row.delivery_id, json.loads(row.body), row.attempts
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
