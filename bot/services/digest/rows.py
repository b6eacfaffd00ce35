"""The ticket columns a digest reads, and the row type they come back as.

Loading plain rows instead of ORM objects is several times faster for the thousands
of tickets a busy day touches.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlmodel import col

from bot.db.models import Ticket

COLUMNS = (
    col(Ticket.id),
    col(Ticket.customer_id),
    col(Ticket.severity),
    col(Ticket.category),
    col(Ticket.subject),
    col(Ticket.assignee),
    col(Ticket.created_at),
    col(Ticket.first_response_at),
    col(Ticket.first_response_due),
    col(Ticket.resolved_at),
    col(Ticket.resolution_due),
    col(Ticket.escalated_at),
    col(Ticket.upstream_case),
    col(Ticket.upstream_status),
    col(Ticket.upstream_updated_at),
)


class TicketRow(Protocol):
    """One row of ``COLUMNS`` (a database row, times naive UTC as stored)."""

    id: int
    customer_id: str
    severity: str
    category: str
    subject: str
    assignee: str | None
    created_at: datetime
    first_response_at: datetime | None
    first_response_due: datetime | None
    resolved_at: datetime | None
    resolution_due: datetime | None
    escalated_at: datetime | None
    upstream_case: str | None
    upstream_status: str | None
    upstream_updated_at: datetime | None
