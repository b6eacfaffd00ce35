"""Argument parsers for the route table: the text after a command → typed values.

Each route names one parser. The router runs it once, and the handler receives
its result as ``ctx.args``: nothing is parsed twice. A parser raises
:class:`~bot.errors.BadInput` naming the argument it could not read; the
dispatcher adds the route's usage to the answer, so no parser spells a command.
"""

from bot.arguments.base import (
    Raw,
    comment,
    nothing,
    optional_text,
    question,
    required_text,
    severity,
)
from bot.arguments.escalation import escalation
from bot.arguments.health import (
    CustomerService,
    IncidentNote,
    IncidentOpening,
    customer_service,
    day,
    incident_open,
    incident_resolve,
    incident_update,
    no_subcommand,
)
from bot.arguments.tickets import (
    EDITABLE_FIELDS,
    SETTABLE_STATUSES,
    TicketField,
    TicketNewStatus,
    TicketQuery,
    TicketQuestion,
    TicketRequest,
    TicketSeverity,
    TicketText,
    UpstreamNote,
    ticket,
    ticket_and_note,
    ticket_and_text,
    ticket_assignment,
    ticket_field,
    ticket_query,
    ticket_question,
    ticket_request,
    ticket_severity,
    ticket_status,
    upstream_note,
)

__all__ = [
    "EDITABLE_FIELDS",
    "SETTABLE_STATUSES",
    "CustomerService",
    "IncidentNote",
    "IncidentOpening",
    "Raw",
    "TicketField",
    "TicketNewStatus",
    "TicketQuery",
    "TicketQuestion",
    "TicketRequest",
    "TicketSeverity",
    "TicketText",
    "UpstreamNote",
    "comment",
    "customer_service",
    "day",
    "escalation",
    "incident_open",
    "incident_resolve",
    "incident_update",
    "no_subcommand",
    "nothing",
    "optional_text",
    "question",
    "required_text",
    "severity",
    "ticket",
    "ticket_and_note",
    "ticket_and_text",
    "ticket_assignment",
    "ticket_field",
    "ticket_query",
    "ticket_question",
    "ticket_request",
    "ticket_severity",
    "ticket_status",
    "upstream_note",
]
