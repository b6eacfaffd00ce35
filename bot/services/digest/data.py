"""What a digest shows, as plain frozen data: tickets named, time statistics, KB figures.

Kept apart from the queries that fill it (``figures.py``) so templates and tests can
build a digest's data without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.services.health.views import DigestIncident


@dataclass(frozen=True)
class TicketRef:
    """A ticket as a digest names it."""

    number: str
    customer_id: str
    severity: str
    subject: str
    assignee: str | None = None
    due: datetime | None = None
    clock: str | None = None


@dataclass(frozen=True)
class TimeStats:
    """Median and p90 of a duration, and how many met their SLA target."""

    count: int
    median: timedelta | None
    p90: timedelta | None
    within_target: int

    @property
    def within_share(self) -> float | None:
        return self.within_target / self.count if self.count else None


@dataclass(frozen=True)
class Escalation:
    number: str
    customer_id: str
    case_number: str | None
    status: str | None
    age: timedelta
    last_update: datetime | None


@dataclass(frozen=True)
class Workload:
    engineer: str
    open_assigned: int
    replies: int
    resolved: int


@dataclass(frozen=True)
class KbFigures:
    questions: int
    answered: int
    escalated: int
    feedback: int
    helped: int
    top_gaps: list[tuple[str, int]]
    unhelpful: int = 0  # answered, no ticket, and the asker's last rating said "no"

    @property
    def deflection(self) -> float | None:
        """Share of questions the bot settled: answered, not handed to an engineer, and not
        rated "didn't help" (an unhelpful answer settles nothing, ticket or not)."""
        if not self.questions:
            return None
        return max(0, self.answered - self.escalated - self.unhelpful) / self.questions


@dataclass(frozen=True)
class Backlog:
    """What is open right now, whatever the period: shown even on a quiet day, because a
    manager must not read "nothing happened" while an A ticket waits."""

    open_by_severity: dict[str, int]
    urgent: list[TicketRef]  # open A and B tickets, oldest first
    incidents: list[DigestIncident] = field(default_factory=list)  # open now

    @property
    def open_total(self) -> int:
        return sum(self.open_by_severity.values())


@dataclass(frozen=True)
class PeriodFigures:
    """What the database says about a period (the digest adds titles and incidents)."""

    opened: list[TicketRef]
    resolved: list[TicketRef]
    still_open: int
    opened_by_severity: dict[str, int]
    opened_by_category: dict[str, int]
    still_open_by_severity: dict[str, int]
    first_response: TimeStats
    resolution: TimeStats
    breached: list[TicketRef]
    at_risk: list[TicketRef]
    escalations: list[Escalation]
    kb: KbFigures
    workload: list[Workload]
    backlog: Backlog


@dataclass(frozen=True)
class DigestData:
    """Everything one digest shows, for a period of local days."""

    title_start: str
    title_end: str
    timezone: str
    start: datetime
    end: datetime
    customers: list[str]
    opened: list[TicketRef]
    resolved: list[TicketRef]
    still_open: int
    opened_by_severity: dict[str, int]
    opened_by_category: dict[str, int]
    still_open_by_severity: dict[str, int]
    first_response: TimeStats
    resolution: TimeStats
    breached: list[TicketRef]
    at_risk: list[TicketRef]
    escalations: list[Escalation]
    kb: KbFigures
    workload: list[Workload]
    incidents: list[DigestIncident] = field(default_factory=list)
    late: bool = False
    backlog: Backlog | None = None
    # Set when the period is still running (a digest of today): figures count up to here.
    as_of: datetime | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.opened or self.resolved or self.breached or self.kb.questions or self.incidents
        )


def percentile(values: list[timedelta], share: float) -> timedelta | None:
    """Nearest-rank percentile (p50 of 1,2,3,4 is 2): simple to check by hand."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]
