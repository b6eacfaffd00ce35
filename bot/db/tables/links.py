"""Chats linked to customers at run time, and the one-time codes that link them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


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
