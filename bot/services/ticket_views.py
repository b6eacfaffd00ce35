"""What handlers may show about tickets: plain views of rows, filters, ticket numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import NamedTuple

from bot.clock import from_db
from bot.db.models import TICKET_NUMBER_OFFSET, Ticket
from bot.enums import Category, Severity, TicketStatus
from bot.errors import BadInput
from bot.messages import Action
from bot.services.ticket_files import FileView

# Ticket events only staff see: internal notes, and the provider report as the engineer
# fills it in (``/set T-1001 impact|tried|description|links``) never reach the customer.
STAFF_ONLY_EVENTS = frozenset({"note", "set_impact", "set_tried", "set_description", "set_links"})
_NUMBER = re.compile(r"^\s*#?(?:t-?)?(\d{1,9})\s*$", re.IGNORECASE)
# How long after its resolution (else its last change) a closed ticket opens again when its
# customer says it is broken again; later, what goes wrong is a new ticket's.
REOPEN_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class UpstreamCase:
    provider: str
    case_number: str | None
    status: str | None
    link: str | None
    escalated_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True)
class TicketView:
    """What a handler may show about a ticket."""

    number: str
    customer_id: str
    subject: str
    description: str
    status: TicketStatus
    severity: Severity
    category: Category
    requester: str
    assignee: str | None
    created_at: datetime
    updated_at: datetime
    service_id: str | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    paused: bool = False
    impact: str = ""
    tried: str = ""
    attachments: str = ""
    upstream: UpstreamCase | None = None
    breached: bool = False

    @property
    def next_due(self) -> datetime | None:
        """The deadline that matters now: first response until there is one, then resolution."""
        if not self.status.is_active:
            return None
        if self.first_response_at is None and self.first_response_due is not None:
            return self.first_response_due
        return self.resolution_due


@dataclass(frozen=True)
class TicketEventView:
    at: datetime
    actor: str
    kind: str
    old: str | None
    new: str | None
    files: tuple[FileView, ...] = ()  # what came with it (a comment's screenshot)
    actor_name: str = ""  # the person, as the platform named them then ("" : not said)


class TicketHistory(NamedTuple):
    """A ticket and what happened to it, oldest first (what ``/ticket T-1001`` shows)."""

    ticket: TicketView
    events: list[TicketEventView]


def for_customer(history: TicketHistory) -> TicketHistory:
    """``history`` as the ticket's customer may read it: no staff-only events, no report
    fields, no link to the provider's case in the reseller's own portal (the case number and
    its status are told to the customer anyway), and the description in the customer's own
    words if an engineer has since rewritten it for the provider's report."""
    ticket = history.ticket
    rewritten = next((e for e in history.events if e.kind == "set_description"), None)
    upstream = ticket.upstream and replace(ticket.upstream, link=None)
    ticket = replace(
        ticket,
        description=(rewritten.old or "") if rewritten else ticket.description,
        impact="",
        tried="",
        attachments="",
        upstream=upstream,
    )
    events = [e for e in history.events if e.kind not in STAFF_ONLY_EVENTS]
    return TicketHistory(ticket, events)


def _opt(moment: datetime | None) -> datetime | None:
    return from_db(moment) if moment is not None else None


def to_view(ticket: Ticket) -> TicketView:
    upstream = None
    if ticket.upstream_provider:
        upstream = UpstreamCase(
            ticket.upstream_provider,
            ticket.upstream_case,
            ticket.upstream_status,
            ticket.upstream_link,
            _opt(ticket.escalated_at),
            _opt(ticket.upstream_updated_at),
        )
    return TicketView(
        number=ticket.number,
        customer_id=ticket.customer_id,
        subject=ticket.subject,
        description=ticket.description,
        status=TicketStatus(ticket.status),
        severity=Severity(ticket.severity),
        category=Category(ticket.category),
        requester=ticket.requester,
        assignee=ticket.assignee,
        created_at=from_db(ticket.created_at),
        updated_at=from_db(ticket.updated_at),
        service_id=ticket.service_id,
        first_response_due=_opt(ticket.first_response_due),
        resolution_due=_opt(ticket.resolution_due),
        first_response_at=_opt(ticket.first_response_at),
        resolved_at=_opt(ticket.resolved_at),
        paused=ticket.paused_at is not None and ticket.status != TicketStatus.CLOSED,
        impact=ticket.impact,
        tried=ticket.tried,
        attachments=ticket.attachments,
        upstream=upstream,
        breached=bool(ticket.fr_breached or ticket.res_breached),
    )


def reopenable(ticket: TicketView, now: datetime) -> bool:
    """True when "it is still broken" opens the ticket again: it is resolved, or closed
    within :data:`REOPEN_WINDOW` of its resolution (else of its last change)."""
    if ticket.status == TicketStatus.RESOLVED:
        return True
    closed_at = ticket.resolved_at or ticket.updated_at
    return ticket.status == TicketStatus.CLOSED and now - closed_at <= REOPEN_WINDOW


def ticket_number(ticket_id: int) -> str:
    """A row id as people write it: ``T-1001``."""
    return f"T-{TICKET_NUMBER_OFFSET + ticket_id}"


def parse_ticket_number(text: str) -> int:
    """``T-1001``, ``t1001``, ``#1001`` or ``1001`` → the row id.

    Raises:
        BadInput: not a ticket number.
    """
    match = _NUMBER.match(text)
    if not match or int(match.group(1)) <= TICKET_NUMBER_OFFSET:
        raise BadInput("ticket number")
    return int(match.group(1)) - TICKET_NUMBER_OFFSET


@dataclass(frozen=True)
class TicketFilter:
    """``/tickets`` filters: status, severity, customer, assignee, overdue."""

    statuses: tuple[TicketStatus, ...] = ()
    severities: tuple[Severity, ...] = ()
    customer_id: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    breached: bool = False
    include_closed: bool = False
    words: tuple[str, ...] = field(default=())


def alert_buttons(ticket: TicketView) -> tuple[Action, ...]:
    """The buttons of a new-ticket alert for the ticket as it is now: "Take" while it is
    active and nobody has it, "Open" always. The alert is sent with them, and a press on
    one of them leaves the ones that still apply."""
    take = ticket.status.is_active and ticket.assignee is None
    return (
        *((Action("ticket_take", ticket.number),) if take else ()),
        Action("ticket_open", ticket.number),
    )
