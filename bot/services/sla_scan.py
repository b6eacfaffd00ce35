"""The SLA scan: warnings and breach notices, each sent once, late rather than never.

A flag per clock and stage (``fr_warned``, ``res_breached``...) is set with a
conditional UPDATE in the same transaction that enqueues the notice. Two workers
scanning at once cannot both win, and a scan after downtime finds every stage
whose moment passed while nobody was looking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, update
from sqlmodel import Session, col, select

from bot.clock import from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import Ticket
from bot.enums import Severity, TicketStatus
from bot.messages import Reply
from bot.observability import metrics
from bot.services.tickets import TicketStore, to_view

ACTIVE = [str(s) for s in TicketStatus if s.is_active]
# (flag column, due column, clock, stage), in the order notices should go out.
STAGES = (
    ("fr_warned", "first_response_warn_at", "first_response", "warning"),
    ("fr_breached", "first_response_due", "first_response", "breach"),
    ("res_warned", "resolution_warn_at", "resolution", "warning"),
    ("res_breached", "resolution_due", "resolution", "breach"),
)


@dataclass(frozen=True)
class ScanResult:
    warnings: int
    breaches: int


class SlaScanner:
    def __init__(self, store: TicketStore) -> None:
        self._store = store

    def _due_condition(self, now: datetime) -> ColumnElement[bool]:
        per_stage = []
        for flag, due, clock, _stage in STAGES:
            not_sent = col(getattr(Ticket, flag)).is_(False)
            condition = and_(not_sent, col(getattr(Ticket, due)) <= now)
            if clock == "first_response":
                condition = and_(condition, col(Ticket.first_response_at).is_(None))
            per_stage.append(condition)
        return or_(*per_stage)

    def scan(self, now: datetime | None = None) -> ScanResult:
        """Send every warning and breach notice whose moment has passed."""
        moment = to_db(now or self._store.clock())
        warnings = breaches = 0
        with session_scope(self._store.engine) as session:
            rows = session.exec(
                select(Ticket).where(
                    col(Ticket.status).in_(ACTIVE),
                    col(Ticket.paused_at).is_(None),
                    self._due_condition(moment),
                )
            ).all()
            for ticket in rows:
                for flag, due, clock, stage in STAGES:
                    due_at = getattr(ticket, due)
                    if getattr(ticket, flag) or due_at is None or from_db(due_at) > from_db(moment):
                        continue
                    if clock == "first_response" and ticket.first_response_at is not None:
                        continue
                    deadline = (
                        ticket.first_response_due
                        if clock == "first_response"
                        else ticket.resolution_due
                    )
                    if deadline is None:  # a warning moment without its target: nothing to say
                        continue
                    claimed = session.exec(
                        update(Ticket)
                        .where(col(Ticket.id) == ticket.id, col(getattr(Ticket, flag)).is_(False))
                        .values({flag: True})
                    )
                    if claimed.rowcount != 1:  # another worker got there first
                        continue
                    self._announce(session, ticket, clock, stage, from_db(deadline), moment)
                    if stage == "warning":
                        warnings += 1
                    else:
                        breaches += 1
        return ScanResult(warnings, breaches)

    def _announce(
        self,
        session: Session,
        ticket: Ticket,
        clock: str,
        stage: str,
        due: datetime,
        now: datetime,
    ) -> None:
        """Enqueue the notice: engineers and assignee; managers too for an A breach.

        A warning is marked late when its deadline has passed too (after downtime).
        """
        late = stage == "warning" and from_db(now) >= due
        metrics.SLA_NOTICES.labels(stage).inc()
        reply = Reply(
            kind="notice_sla",
            data={
                "ticket": to_view(ticket),
                "clock": clock,
                "stage": stage,
                "due": due,
                "late": late,
            },
        )
        notices = self._store.notices
        targets = notices.engineers(reply, ticket) + notices.staff_member(
            ticket.assignee, reply, ticket
        )
        if stage == "breach" and ticket.severity == Severity.A:
            targets += notices.managers(reply, ticket)
        self._store.notify(session, targets)
