"""The digest's figures: what happened to tickets, SLAs, escalations and the KB in a period.

Queries are plain and bounded by the period; percentiles are computed in Python
over the (small) set of tickets the period touched, so SQLite and PostgreSQL
give the same answer.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from bot.clock import from_db, to_db
from bot.db.models import TICKET_NUMBER_OFFSET, KbFeedback, KbQuestion, Ticket, TicketEvent
from bot.enums import Category, Severity, TicketStatus
from bot.services.digest.data import (
    Backlog,
    Escalation,
    KbFigures,
    PeriodFigures,
    TicketRef,
    TimeStats,
    Workload,
    percentile,
)
from bot.services.digest.rows import COLUMNS, TicketRow
from bot.text import clip

ACTIVE = [str(s) for s in TicketStatus if s.is_active]
TOP_GAPS = 5
GAP_TEXT_MAX = 1000  # a question is kept whole (a pasted log); a gap line needs its start
LIST_MAX = 10


def _number(row: TicketRow) -> str:
    return f"T-{TICKET_NUMBER_OFFSET + row.id}"


def _ref(t: TicketRow, clock: str | None = None, due: datetime | None = None) -> TicketRef:
    return TicketRef(_number(t), t.customer_id, t.severity, t.subject, t.assignee, due, clock)


def _next_target(t: TicketRow) -> TicketRef:
    """An open ticket with the SLA target it is racing now: first response, then resolution."""
    if t.first_response_at is None and t.first_response_due is not None:
        return _ref(t, "first_response", from_db(t.first_response_due))
    due = from_db(t.resolution_due) if t.resolution_due is not None else None
    return _ref(t, "resolution", due)


def _stats(pairs: list[tuple[timedelta, bool]]) -> TimeStats:
    durations = [d for d, _ in pairs]
    return TimeStats(
        count=len(pairs),
        median=percentile(durations, 0.5),
        p90=percentile(durations, 0.9),
        within_target=sum(1 for _, ok in pairs if ok),
    )


class FigureQueries:
    """Reads one period's figures from the database."""

    def __init__(self, session: Session, customers: list[str]) -> None:
        self._s = session
        self._customers = customers

    def _tickets(self, *conditions: ColumnElement[bool]) -> list[TicketRow]:
        # sqlmodel's select() is typed for up to four columns; Select takes any number.
        query: Select[*tuple[Any, ...]] = (
            Select(*COLUMNS).where(*conditions).order_by(col(Ticket.id))
        )
        if self._customers:
            query = query.where(col(Ticket.customer_id).in_(self._customers))
        return cast("list[TicketRow]", list(self._s.exec(query).all()))

    def collect(
        self, start: datetime, end: datetime, now: datetime, staff: list[str]
    ) -> PeriodFigures:
        s, e, n = to_db(start), to_db(end), to_db(now)
        # A period still running counts only what has happened: a target due later
        # today is not breached yet.
        cut = min(e, n)
        opened = self._tickets(col(Ticket.created_at) >= s, col(Ticket.created_at) < e)
        resolved = self._tickets(
            col(Ticket.resolved_at).is_not(None),
            col(Ticket.resolved_at) >= s,
            col(Ticket.resolved_at) < e,
        )
        # Open at the end of the period: still unresolved, or resolved only afterwards.
        # Two indexed queries; one with OR would read every ticket.
        unresolved = self._count_by_severity(
            col(Ticket.status).in_(ACTIVE),
            col(Ticket.resolved_at).is_(None),
            col(Ticket.created_at) < e,
        )
        resolved_later = self._count_by_severity(
            col(Ticket.resolved_at) >= e, col(Ticket.created_at) < e
        )
        open_at_end = {k: unresolved[k] + resolved_later[k] for k in unresolved}
        responded = self._tickets(
            col(Ticket.first_response_at).is_not(None),
            col(Ticket.first_response_at) >= s,
            col(Ticket.first_response_at) < e,
        )
        fr_pairs = [
            (
                from_db(t.first_response_at) - from_db(t.created_at),
                t.first_response_due is None or t.first_response_at <= t.first_response_due,
            )
            for t in responded
            if t.first_response_at is not None
        ]
        res_pairs = [
            (
                from_db(t.resolved_at) - from_db(t.created_at),
                t.resolution_due is None or t.resolved_at <= t.resolution_due,
            )
            for t in resolved
            if t.resolved_at is not None
        ]
        breached = [
            _ref(t, "first_response", from_db(t.first_response_due))
            for t in self._tickets(
                col(Ticket.first_response_due) >= s,
                col(Ticket.first_response_due) < cut,
                or_(
                    col(Ticket.first_response_at).is_(None),
                    col(Ticket.first_response_at) > col(Ticket.first_response_due),
                ),
            )
            if t.first_response_due is not None
        ] + [
            _ref(t, "resolution", from_db(t.resolution_due))
            for t in self._tickets(
                col(Ticket.resolution_due) >= s,
                col(Ticket.resolution_due) < cut,
                or_(
                    col(Ticket.resolved_at).is_(None),
                    col(Ticket.resolved_at) > col(Ticket.resolution_due),
                ),
            )
            if t.resolution_due is not None
        ]
        horizon = to_db(now + timedelta(hours=24))
        at_risk = [
            _ref(t, "first_response", from_db(t.first_response_due))
            for t in self._tickets(
                col(Ticket.status).in_(ACTIVE),
                col(Ticket.paused_at).is_(None),
                col(Ticket.first_response_at).is_(None),
                col(Ticket.first_response_due) >= n,
                col(Ticket.first_response_due) < horizon,
            )
            if t.first_response_due is not None
        ] + [
            _ref(t, "resolution", from_db(t.resolution_due))
            for t in self._tickets(
                col(Ticket.status).in_(ACTIVE),
                col(Ticket.paused_at).is_(None),
                col(Ticket.resolution_due) >= n,
                col(Ticket.resolution_due) < horizon,
            )
            if t.resolution_due is not None
        ]
        escalations = [
            Escalation(
                _number(t),
                t.customer_id,
                t.upstream_case,
                t.upstream_status,
                now - from_db(t.escalated_at or t.created_at),
                from_db(t.upstream_updated_at) if t.upstream_updated_at else None,
            )
            for t in self._tickets(
                col(Ticket.upstream_provider).is_not(None), col(Ticket.status).in_(ACTIVE)
            )
        ]
        return PeriodFigures(
            opened=[_ref(t) for t in opened],
            resolved=[_ref(t) for t in resolved],
            still_open=sum(open_at_end.values()),
            opened_by_severity=_count(opened, "severity", [x.value for x in Severity]),
            opened_by_category=_count(opened, "category", [x.value for x in Category]),
            still_open_by_severity=open_at_end,
            first_response=_stats(fr_pairs),
            resolution=_stats(res_pairs),
            breached=sorted(breached, key=lambda r: (r.due, r.number)),
            at_risk=sorted(at_risk, key=lambda r: (r.due, r.number)),
            escalations=sorted(escalations, key=lambda x: -x.age),
            kb=self._kb(s, e),
            workload=self._workload(s, e, staff),
            backlog=self.backlog(),
        )

    def backlog(self) -> Backlog:
        """Tickets open now by severity, and the open A and B tickets themselves."""
        open_now = self._count_by_severity(col(Ticket.status).in_(ACTIVE))
        urgent = self._tickets(col(Ticket.status).in_(ACTIVE), col(Ticket.severity).in_(["A", "B"]))
        refs = [_next_target(t) for t in sorted(urgent, key=lambda t: (t.severity, t.id))]
        return Backlog(open_now, refs[:LIST_MAX])

    def _count_by_severity(self, *conditions: ColumnElement[bool]) -> dict[str, int]:
        query = select(Ticket.severity, func.count()).where(*conditions).group_by(Ticket.severity)
        if self._customers:
            query = query.where(col(Ticket.customer_id).in_(self._customers))
        counts = dict(self._s.exec(query).all())
        return {x.value: int(counts.get(x.value, 0)) for x in Severity}

    def _kb(self, s: datetime, e: datetime) -> KbFigures:
        query = select(KbQuestion).where(col(KbQuestion.at) >= s, col(KbQuestion.at) < e)
        if self._customers:
            query = query.where(col(KbQuestion.customer_id).in_(self._customers))
        questions = list(self._s.exec(query).all())
        ids = [q.id for q in questions]
        feedback = (
            list(self._s.exec(select(KbFeedback).where(col(KbFeedback.question_id).in_(ids))).all())
            if ids
            else []
        )
        gaps = Counter(
            clip(" ".join(q.question.lower().split()), GAP_TEXT_MAX)
            for q in questions
            if not q.answered
        )
        last_rating: dict[int | None, bool] = {
            f.question_id: f.helped for f in sorted(feedback, key=lambda f: f.at)
        }
        unhelpful = [  # answered, no ticket, and the last rating said "no"
            q
            for q in questions
            if q.answered and q.ticket_id is None and last_rating.get(q.id) is False
        ]
        return KbFigures(
            unhelpful=len(unhelpful),
            questions=len(questions),
            answered=sum(1 for q in questions if q.answered),
            escalated=sum(1 for q in questions if q.answered and q.ticket_id is not None),
            feedback=len(feedback),
            helped=sum(1 for f in feedback if f.helped),
            top_gaps=gaps.most_common(TOP_GAPS),
        )

    def _workload(self, s: datetime, e: datetime, staff: list[str]) -> list[Workload]:
        """Per engineer: open tickets assigned now, replies and resolutions in the period."""
        open_assigned = dict(
            self._s.exec(
                select(Ticket.assignee, func.count())
                .where(col(Ticket.assignee).in_(staff), col(Ticket.status).in_(ACTIVE))
                .group_by(Ticket.assignee)
            ).all()
        )
        activity: Counter[tuple[str, str]] = Counter()
        for actor, kind, count in self._s.exec(
            select(TicketEvent.actor, TicketEvent.kind, func.count())
            .where(
                col(TicketEvent.at) >= s,
                col(TicketEvent.at) < e,
                col(TicketEvent.actor).in_(staff),
                or_(
                    col(TicketEvent.kind) == "reply",
                    and_(col(TicketEvent.kind) == "status", col(TicketEvent.new) == "resolved"),
                ),
            )
            .group_by(TicketEvent.actor, TicketEvent.kind)
        ).all():
            activity[(actor, "reply" if kind == "reply" else "resolved")] += int(count)
        rows = []
        for engineer in staff:
            row = Workload(
                engineer,
                int(open_assigned.get(engineer, 0)),
                activity[(engineer, "reply")],
                activity[(engineer, "resolved")],
            )
            if row.open_assigned or row.replies or row.resolved:
                rows.append(row)
        return rows


def _count(tickets: list[TicketRow], attribute: str, keys: list[str]) -> dict[str, int]:
    counts = Counter(getattr(t, attribute) for t in tickets)
    return {key: counts.get(key, 0) for key in keys}
