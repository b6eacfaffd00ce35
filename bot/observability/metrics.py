"""Prometheus metrics: counters the code bumps, gauges read from the database at scrape.

One registry per process (workers are scraped one by one behind the balancer, or
each on its own port); ``render`` produces the text format for ``GET /metrics``.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.db.models import InboxEntry, OutboxMessage, Ticket

REGISTRY = CollectorRegistry(auto_describe=True)

EVENTS_IN = Counter(
    "supportbot_events_in_total",
    "Messages and button presses received",
    ["platform"],
    registry=REGISTRY,
)
DUPLICATES = Counter(
    "supportbot_duplicate_deliveries_total",
    "Redelivered events acknowledged and skipped",
    ["platform"],
    registry=REGISTRY,
)
INBOX_FAILURES = Counter(
    "supportbot_inbox_failures_total",
    "Stored deliveries whose handling raised (retried after the lease, then given up)",
    ["platform"],
    registry=REGISTRY,
)
HANDLING = Histogram(
    "supportbot_handling_seconds",
    "Time from message to reply, by route",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)
KB_ANSWERS = Counter(
    "supportbot_kb_answers_total",
    "Questions answered from the KB or recorded as gaps",
    ["outcome"],
    registry=REGISTRY,
)
OUTBOX_SENT = Counter(
    "supportbot_outbox_sent_total", "Outbox messages delivered", ["platform"], registry=REGISTRY
)
OUTBOX_GIVEN_UP = Counter(
    "supportbot_outbox_given_up_total",
    "Outbox messages that failed for good (kept with their error)",
    ["platform"],
    registry=REGISTRY,
)
OUTBOX_RETRIES = Counter(
    "supportbot_outbox_retries_total",
    "Outbox deliveries that failed and were rescheduled",
    ["platform"],
    registry=REGISTRY,
)
SLA_NOTICES = Counter(
    "supportbot_sla_notices_total",
    "SLA warnings and breaches announced",
    ["stage"],
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "supportbot_job_runs_total", "Scheduled job runs", ["job", "outcome"], registry=REGISTRY
)


class DatabaseCollector:
    """Tickets by status, outbox and inbox depth, counted when Prometheus scrapes."""

    def __init__(self) -> None:
        self.engine: Engine | None = None

    def collect(self) -> Iterator[Metric]:
        if self.engine is None:
            return
        tickets = GaugeMetricFamily(
            "supportbot_tickets", "Tickets by status and severity", labels=["status", "severity"]
        )
        depth = GaugeMetricFamily(
            "supportbot_outbox_depth", "Outbox messages not yet delivered", labels=["platform"]
        )
        inbox = GaugeMetricFamily(
            "supportbot_inbox_depth", "Stored deliveries not yet handled", labels=["platform"]
        )
        with Session(self.engine) as session:
            for status, severity, count in session.exec(
                select(Ticket.status, Ticket.severity, func.count()).group_by(
                    Ticket.status, Ticket.severity
                )
            ).all():
                tickets.add_metric([status, severity], count)
            for platform, count in session.exec(
                select(OutboxMessage.platform, func.count())
                .where(
                    col(OutboxMessage.sent_at).is_(None),
                    col(OutboxMessage.given_up_at).is_(None),
                )
                .group_by(OutboxMessage.platform)
            ).all():
                depth.add_metric([platform], count)
            for platform, count in session.exec(
                select(InboxEntry.platform, func.count())
                .where(col(InboxEntry.done_at).is_(None))
                .group_by(InboxEntry.platform)
            ).all():
                inbox.add_metric([platform], count)
        yield tickets
        yield depth
        yield inbox


_DATABASE = DatabaseCollector()
REGISTRY.register(_DATABASE)


def watch_database(engine: Engine) -> None:
    """Read the database gauges from ``engine`` (a process serves one database)."""
    _DATABASE.engine = engine


def render() -> bytes:
    return generate_latest(REGISTRY)
