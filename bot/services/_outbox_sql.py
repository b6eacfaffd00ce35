"""The outbox's statements, built once (every round of every worker runs them, and building
a statement costs more CPU than SQLite takes to run it)."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as select_

from bot.db.models import OutboxMessage, core_table

TABLE = core_table(OutboxMessage)
EARLIER = TABLE.alias("earlier")
INSERT = insert(TABLE)
# An earlier row of the same chat that is leased to a worker or waits for its retry.
HELD_BACK = (
    select_(EARLIER.c.id)
    .where(
        EARLIER.c.platform == TABLE.c.platform,
        EARLIER.c.chat_key == TABLE.c.chat_key,
        EARLIER.c.id < TABLE.c.id,
        EARLIER.c.sent_at.is_(None),
        EARLIER.c.given_up_at.is_(None),
        EARLIER.c.next_attempt_at > bindparam("p_now"),
    )
    .correlate(TABLE)
    .exists()
)
# Built once: every round of every worker runs it.
CLAIM = (
    update(TABLE)
    .where(
        TABLE.c.id.in_(
            select_(TABLE.c.id)
            .where(
                TABLE.c.platform == bindparam("p_platform"),
                TABLE.c.sent_at.is_(None),
                TABLE.c.given_up_at.is_(None),
                TABLE.c.next_attempt_at <= bindparam("p_now"),
                ~HELD_BACK,
            )
            .order_by(TABLE.c.id)
            .limit(bindparam("p_limit"))
            .with_for_update(skip_locked=True, of=TABLE)
            .scalar_subquery()
        )
    )
    .values(next_attempt_at=bindparam("p_until"))
    .returning(
        TABLE.c.id,
        TABLE.c.platform,
        TABLE.c.method,
        TABLE.c.chat_key,
        TABLE.c.payload,
        TABLE.c.attempts,
        TABLE.c.parts_sent,
    )
)
MARK_SENT = (
    update(TABLE)
    .where(TABLE.c.id.in_(bindparam("p_ids", expanding=True)), TABLE.c.sent_at.is_(None))
    .values(sent_at=bindparam("p_now"), attempts=TABLE.c.attempts + 1)
    .returning(TABLE.c.platform)
)
MARK_PROGRESS = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("p_id"), TABLE.c.sent_at.is_(None))
    .values(parts_sent=bindparam("p_parts"))
)
DEFER = (
    update(TABLE)
    .where(TABLE.c.id.in_(bindparam("p_ids", expanding=True)), TABLE.c.sent_at.is_(None))
    .values(next_attempt_at=bindparam("p_until"))
)
