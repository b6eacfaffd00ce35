"""The inbox and the outbox: deliveries stored before acking, messages kept until sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


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
