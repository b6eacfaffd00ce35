"""The ``ticket_files`` table: files and photos people sent about a ticket.

The bot keeps what an engineer needs to find a file on the platform (its name, size,
type, the platform's file id and, on Slack, its permalink), not the bytes: the file
stays where it was shared, visible to the people who can see that chat.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class TicketFile(SQLModel, table=True):
    """One file on a ticket, with the comment (event) it came with."""

    __tablename__ = "ticket_files"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="ticket_events.id")
    added_at: datetime
    added_by: str = Field(max_length=200)
    platform: str = Field(max_length=20)
    name: str = Field(max_length=300)
    size: int | None = None
    mime_type: str = Field(default="", max_length=200)
    file_id: str = Field(default="", max_length=300)
    link: str = Field(default="", max_length=1000)
