"""The daily digest, first version: one local day's ticket and KB counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.clock import Clock, to_db
from bot.db.engine import session_scope
from bot.db.models import KbQuestion, Ticket
from bot.enums import Severity, TicketStatus

TOP_GAPS = 5


@dataclass(frozen=True)
class DigestData:
    """The figures of one day, ready for a template."""

    day: date
    timezone: str
    opened: int
    resolved: int
    still_open: int
    opened_by_severity: dict[str, int] = field(default_factory=dict)
    questions: int = 0
    answered: int = 0
    top_gaps: list[tuple[str, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.opened == 0 and self.resolved == 0 and self.questions == 0


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where the local ``day`` starts and ends (DST-safe)."""
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return to_db(start), to_db(end)


class DigestService:
    def __init__(self, engine: Engine, clock: Clock, timezone: str) -> None:
        self._engine = engine
        self._clock = clock
        self._tz = ZoneInfo(timezone)

    def yesterday(self) -> date:
        """The previous day in the reseller's time zone."""
        return self._clock().astimezone(self._tz).date() - timedelta(days=1)

    def build(self, day: date | None = None) -> DigestData:
        """Counts for the local ``day`` (default: yesterday)."""
        day = day or self.yesterday()
        start, end = day_bounds(day, self._tz)
        with session_scope(self._engine) as session:
            opened = session.exec(
                select(Ticket.severity).where(Ticket.created_at >= start, Ticket.created_at < end)
            ).all()
            resolved = session.exec(
                select(Ticket.id).where(
                    col(Ticket.resolved_at).is_not(None),
                    col(Ticket.resolved_at) >= start,
                    col(Ticket.resolved_at) < end,
                )
            ).all()
            created_before_end = session.exec(
                select(Ticket.status, Ticket.resolved_at).where(Ticket.created_at < end)
            ).all()
            questions = session.exec(
                select(KbQuestion.answered, KbQuestion.question).where(
                    KbQuestion.at >= start, KbQuestion.at < end
                )
            ).all()
        still_open = sum(
            1
            for status, resolved_at in created_before_end
            if (resolved_at is None and TicketStatus(status).is_active)
            or (resolved_at is not None and resolved_at >= end)
        )
        by_severity = Counter(opened)
        gaps = Counter(" ".join(q.lower().split()) for answered, q in questions if not answered)
        return DigestData(
            day=day,
            timezone=str(self._tz),
            opened=len(opened),
            resolved=len(resolved),
            still_open=still_open,
            opened_by_severity={s.value: by_severity.get(s.value, 0) for s in Severity},
            questions=len(questions),
            answered=sum(1 for answered, _ in questions if answered),
            top_gaps=gaps.most_common(TOP_GAPS),
        )
