"""Tables. Times are aware UTC datetimes; services convert to local time at the edges."""

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
    kind: str = Field(max_length=40)
    old: str | None = None
    new: str | None = None


class KbQuestion(SQLModel, table=True):
    """A question the bot answered from the KB, or could not (a KB gap)."""

    __tablename__ = "kb_questions"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    customer_id: str | None = Field(default=None, max_length=64)
    user: str = Field(max_length=200)
    lang: str = Field(max_length=8)
    question: str
    article_id: str | None = None
    confidence: float = 0.0
    answered: bool = Field(default=False, index=True)
    ticket_id: int | None = None  # set when "talk to an engineer" turned it into a ticket


class KbFeedback(SQLModel, table=True):
    """A customer's "did this help?" answer for one KB answer."""

    __tablename__ = "kb_feedback"

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="kb_questions.id", index=True)
    at: datetime
    helped: bool


class InboxEntry(SQLModel, table=True):
    """A platform delivery (Slack event, Telegram update), stored before it is acked.

    ``(platform, delivery_id)`` is unique: a redelivery is stored, and acted on, once.
    A worker claims due rows with a token and a lease; a row left by a crashed worker
    becomes due again when its lease ends.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "delivery_id", name="uq_inbox_platform_delivery"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    delivery_id: str = Field(max_length=200)
    # One chat's (or thread's) deliveries are handled in order, by one worker at a time.
    chat_key: str | None = Field(default=None, max_length=250)
    body: str
    received_at: datetime
    available_at: datetime
    claim_token: str | None = Field(default=None, max_length=40)
    attempts: int = 0
    done_at: datetime | None = None
    last_error: str | None = None


class OutboxMessage(SQLModel, table=True):
    """A message to send to a platform; kept until the platform accepted it.

    ``payload`` is a notice: where to send it (channel, thread, delivery options) and
    the Reply as JSON, rendered by the platform's renderer when it is sent. ``method``
    is ``notice``; rows written before migration 0010 may still hold a rendered call.
    """

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    method: str = Field(max_length=60)
    # A chat's messages go out in order: a claim skips a row while an earlier one of
    # its chat is in flight or waits for a retry.
    chat_key: str | None = Field(default=None, max_length=250)
    payload: str
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    parts_sent: int = 0  # a message rendered as several calls resumes after the last sent
    sent_at: datetime | None = None
    given_up_at: datetime | None = None  # failed for good (kept, with last_error, for a look)
    last_error: str | None = None


class ChannelLink(SQLModel, table=True):
    """A chat linked to a customer at run time (by a one-time code), beside the config."""

    __tablename__ = "channel_links"
    __table_args__ = (
        UniqueConstraint("platform", "channel", name="uq_channel_links_platform_channel"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    channel: str = Field(max_length=200)
    customer_id: str = Field(max_length=64)
    linked_by: str = Field(max_length=200)
    linked_at: datetime


class LinkCode(SQLModel, table=True):
    """A single-use, expiring code an engineer hands to a customer's chat admin."""

    __tablename__ = "link_codes"

    code: str = Field(primary_key=True, max_length=32)
    customer_id: str = Field(max_length=64)
    created_by: str = Field(max_length=200)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class JobClaim(SQLModel, table=True):
    """One run of a scheduled job for one period (a date, an interval slot)."""

    __tablename__ = "job_claims"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_claims_job_period"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=120)
    period: str = Field(max_length=60)
    claimed_by: str = Field(max_length=120)
    claimed_at: datetime


class ServiceHealth(SQLModel, table=True):
    """A service's current state: what checks confirmed, what was announced, the streak."""

    __tablename__ = "service_health"

    service_id: str = Field(primary_key=True, max_length=64)
    state: str = Field(max_length=30)  # effective: worst of checks and open incidents
    since: datetime
    check_state: str = Field(max_length=30)  # confirmed by N agreeing check rounds
    pending_state: str | None = Field(default=None, max_length=30)
    pending_count: int = 0
    detail: str = ""
    checked_at: datetime | None = None
    announced_state: str = Field(max_length=30)
    announced_at: datetime | None = None
    seed: str = ""  # the config's "status|note" last applied, to notice edits


class ServiceStateChange(SQLModel, table=True):
    """Every change of a service's effective state: the history uptime is computed from."""

    __tablename__ = "service_state_changes"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(index=True, max_length=64)
    at: datetime = Field(index=True)
    old: str | None = Field(default=None, max_length=30)
    new: str = Field(max_length=30)
    source: str = Field(max_length=20)  # checks, incident, config
    detail: str = ""
    incident_id: int | None = None


class ServiceIncident(SQLModel, table=True):
    """An incident: declared by an engineer (or the config), or opened by failing checks."""

    __tablename__ = "service_incidents"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(index=True, max_length=64)
    state: str = Field(max_length=30)
    source: str = Field(max_length=20)  # manual, config, checks
    title: str = ""
    opened_by: str = Field(max_length=200)
    opened_at: datetime = Field(index=True)
    updated_at: datetime
    resolved_at: datetime | None = Field(default=None, index=True)


class IncidentUpdate(SQLModel, table=True):
    """One line of an incident's story (the opening text, updates, the resolution)."""

    __tablename__ = "incident_updates"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="service_incidents.id", index=True)
    at: datetime
    author: str = Field(max_length=200)
    state: str = Field(max_length=30)
    text: str = ""


class ServiceSubscription(SQLModel, table=True):
    """A customer's subscription to a service set at run time; overrides the config."""

    __tablename__ = "service_subscriptions"
    __table_args__ = (
        UniqueConstraint("customer_id", "service_id", name="uq_service_subscriptions"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: str = Field(max_length=64)
    service_id: str = Field(max_length=64)
    subscribed: bool
    changed_by: str = Field(max_length=200)
    changed_at: datetime


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
    updated_at: datetime
