"""The tables, one module per concern. Times are aware UTC datetimes; services convert
to local time at the edges. Importing this package registers every table on
``SQLModel.metadata`` (foreign keys name tables by string, so all must be loaded)."""

from sqlalchemy import Table, inspect
from sqlmodel import SQLModel

from bot.db.tables.health import (
    IncidentUpdate,
    ServiceHealth,
    ServiceIncident,
    ServiceStateChange,
    ServiceSubscription,
)
from bot.db.tables.jobs import JobClaim
from bot.db.tables.kb import KbFeedback, KbQuestion
from bot.db.tables.links import ChannelLink, LinkCode
from bot.db.tables.queues import InboxEntry, OutboxMessage
from bot.db.tables.tickets import TICKET_NUMBER_OFFSET, Ticket, TicketDraft, TicketEvent

__all__ = [
    "TICKET_NUMBER_OFFSET",
    "ChannelLink",
    "InboxEntry",
    "IncidentUpdate",
    "JobClaim",
    "KbFeedback",
    "KbQuestion",
    "LinkCode",
    "OutboxMessage",
    "ServiceHealth",
    "ServiceIncident",
    "ServiceStateChange",
    "ServiceSubscription",
    "Ticket",
    "TicketDraft",
    "TicketEvent",
    "core_table",
]


def core_table(model: type[SQLModel]) -> Table:
    """A model's Core table, for the hot paths that skip the ORM (SQLModel sets
    ``__table__`` at run time without declaring it, so type checkers cannot see it)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table
