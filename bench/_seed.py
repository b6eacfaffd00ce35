"""Bulk test data for the ticket and digest benchmarks: realistic shapes, fast inserts.

Rows go in with executemany in large batches; times spread over the last 90 days
around a fixed "now", so every run builds the same database.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bot.db.models import KbQuestion, Ticket, TicketEvent

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CUSTOMERS = [f"cust{i:03d}" for i in range(200)]
ENGINEERS = [f"eng{i:02d}" for i in range(12)]
SEVERITY_HOURS = {"A": (2, 24), "B": (4, 72), "C": (8, 120)}


def seed(engine: Engine, tickets: int, events: int, *, seed_value: int = 7) -> None:
    """Insert ``tickets`` tickets (about 8% still active) and ``events`` audit events."""
    rng = random.Random(seed_value)
    rows = []
    for i in range(1, tickets + 1):
        created = NOW - timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        severity = rng.choices("ABC", weights=(5, 25, 70))[0]
        first_h, res_h = SEVERITY_HOURS[severity]
        active = created > NOW - timedelta(days=14) and rng.random() < 0.5
        answered = created + timedelta(minutes=rng.randint(5, first_h * 90))
        resolved = answered + timedelta(hours=rng.randint(1, res_h + 24))
        status = rng.choice(["new", "open", "waiting_on_provider"]) if active else "closed"
        fr_due = created + timedelta(hours=first_h)
        res_due = created + timedelta(hours=res_h)
        rows.append(
            {
                "id": i,
                "customer_id": rng.choice(CUSTOMERS),
                "requester": "slack:U1",
                "platform": "slack",
                "channel": "C1",
                "thread": f"{i}.0001",
                "subject": f"Ticket {i}: {rng.choice(['mail', 'vpn', 'billing', 'vm', 'login'])}",
                "description": "",
                "category": rng.choice(["technical", "billing", "account", "other"]),
                "severity": severity,
                "status": status,
                "assignee": rng.choice(ENGINEERS) if status != "new" else None,
                "created_at": created,
                "updated_at": created,
                "first_response_at": None if status == "new" else min(answered, NOW),
                "resolved_at": None if active else min(resolved, NOW),
                "sla_policy": "default",
                "first_response_due": fr_due,
                "first_response_warn_at": created + timedelta(hours=first_h * 0.75),
                "resolution_due": res_due,
                "resolution_warn_at": created + timedelta(hours=res_h * 0.75),
                # Past moments were already announced by earlier scans.
                "fr_warned": created + timedelta(hours=first_h * 0.75) < NOW - timedelta(hours=1),
                "fr_breached": fr_due < NOW - timedelta(hours=1),
                "res_warned": created + timedelta(hours=res_h * 0.75) < NOW - timedelta(hours=1),
                "res_breached": res_due < NOW - timedelta(hours=1),
                "paused_seconds": 0,
                "impact": "",
                "tried": "",
                "attachments": "",
            }
        )
        if len(rows) == 5000:
            _flush(engine, Ticket, rows)
    _flush(engine, Ticket, rows)
    kinds = ["reply", "comment", "status", "assigned", "severity"]
    batch = []
    for _ in range(events):
        at = NOW - timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        kind = rng.choice(kinds)
        batch.append(
            {
                "ticket_id": rng.randint(1, tickets),
                "at": at,
                "actor": rng.choice(ENGINEERS),
                "kind": kind,
                "old": None,
                "new": "resolved" if kind == "status" and rng.random() < 0.5 else "open",
            }
        )
        if len(batch) == 20000:
            _flush(engine, TicketEvent, batch)
    _flush(engine, TicketEvent, batch)
    questions = []
    for _ in range(tickets // 5):
        questions.append(
            {
                "at": NOW - timedelta(minutes=rng.randint(0, 90 * 24 * 60)),
                "customer_id": rng.choice(CUSTOMERS),
                "user": "slack:U1",
                "lang": "en",
                "question": rng.choice(["reset password", "invoice", "vpn drops", "qwzx"]),
                "confidence": 0.5,
                "answered": rng.random() < 0.7,
            }
        )
    _flush(engine, KbQuestion, questions)


def _flush(engine: Engine, model, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    if rows:
        with engine.begin() as connection:
            connection.execute(insert(model.__table__), rows)
        rows.clear()
