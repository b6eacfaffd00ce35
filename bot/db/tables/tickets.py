"""Tickets, their audit trail, and drafts being put together in a chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

TICKET_NUMBER_OFFSET = 1000


class Ticket(SQLModel, table=True):
    """A customer's support request. Its human id is ``T-<1000 + id>``."""

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_channel_thread", "channel", "thread"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: str = Field(index=True, max_length=64)
    requester: str = Field(max_length=200)
    platform: str = Field(max_length=20)
    channel: str = Field(max_length=200)
    thread: str | None = Field(default=None, max_length=200)
    subject: str = Field(max_length=200)
    description: str = ""
    category: str = Field(default="technical", max_length=20)
    service_id: str | None = Field(default=None, max_length=64)
    severity: str = Field(default="C", max_length=1)
    status: str = Field(default="new", index=True, max_length=30)
    assignee: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(index=True)
    updated_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = Field(default=None, index=True)
    # SLA clocks: due and warning moments shift forward when a pause ends.
    sla_policy: str | None = None
    first_response_due: datetime | None = None
    first_response_warn_at: datetime | None = None
    resolution_due: datetime | None = None
    resolution_warn_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0  # working time spent paused, added to every target
    fr_warned: bool = False
    fr_breached: bool = False
    res_warned: bool = False
    res_breached: bool = False
    # What a report to the upstream provider needs, and the provider's case.
    impact: str = ""
    tried: str = ""
    attachments: str = ""
    upstream_provider: str | None = None
    upstream_case: str | None = None
    upstream_status: str | None = None
    upstream_link: str | None = None
    escalated_at: datetime | None = None
    upstream_updated_at: datetime | None = None
    incident_id: int | None = Field(default=None, index=True)  # service incident at opening
    # When an engineer's public message went unanswered: until the customer writes, their
    # next messages in a chat without threads are comments on this ticket.
    awaiting_customer_at: datetime | None = None
    # "<platform>:<delivery id>" of the message that opened it: handling that delivery
    # again (after a crash) finds this ticket instead of opening a second one.
    origin: str | None = Field(default=None, max_length=220, unique=True)

    @property
    def number(self) -> str:
        return f"T-{TICKET_NUMBER_OFFSET + (self.id or 0)}"


class TicketEvent(SQLModel, table=True):
    """One change to a ticket: the audit trail."""

    __tablename__ = "ticket_events"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    at: datetime
    actor: str = Field(max_length=200)
    actor_name: str | None = Field(default=None, max_length=200)  # as the platform named them
    kind: str = Field(max_length=40)
    old: str | None = None
    new: str | None = None


class TicketDraft(SQLModel, table=True):
    """A ticket being put together step by step in a chat (Telegram has no forms).

    One per person per chat; kept in the database so that a restart or another
    worker carries on where the conversation was.
    """

    __tablename__ = "ticket_drafts"
    __table_args__ = (
        UniqueConstraint("platform", "channel", "user", name="uq_ticket_drafts_person"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    channel: str = Field(max_length=200)
    user: str = Field(max_length=200)
    question_id: int
    step: str = Field(max_length=20)
    subject: str = ""
    severity: str = Field(default="C", max_length=1)
    files: str = "[]"  # JSON: files sent before the description, recorded on the ticket
    set_aside: bool = False  # another command or button since its question: replies only
    notes: str = ""  # words that answered no step, for the description
    updated_at: datetime
