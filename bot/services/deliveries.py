"""Acting on each platform delivery once: Slack and Telegram both redeliver."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock, to_db
from bot.db.engine import session_scope
from bot.db.models import Delivery


class DeliveryLog:
    """Remembers delivery ids in a table with a unique constraint.

    The constraint, not a read-then-write, decides: two workers receiving the same
    redelivery at once cannot both win.
    """

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def first_time(self, platform: str, delivery_id: str) -> bool:
        """Record the delivery; False when it was recorded before (a redelivery)."""
        try:
            with session_scope(self._engine) as session:
                session.add(
                    Delivery(
                        platform=platform,
                        delivery_id=delivery_id,
                        received_at=to_db(self._clock()),
                    )
                )
        except IntegrityError:
            return False
        return True
