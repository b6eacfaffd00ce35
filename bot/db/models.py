"""Every table, under the name the rest of the code imports (``bot.db.models``).

The tables live in :mod:`bot.db.tables`, one module per concern; a new table goes
there and is re-exported here.
"""

from bot.db.tables import (
    TICKET_NUMBER_OFFSET,
    ChannelLink,
    InboxEntry,
    IncidentUpdate,
    JobClaim,
    KbFeedback,
    KbQuestion,
    LinkCode,
    OutboxMessage,
    ServiceHealth,
    ServiceIncident,
    ServiceStateChange,
    ServiceSubscription,
    Ticket,
    TicketDraft,
    TicketEvent,
    core_table,
)

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
