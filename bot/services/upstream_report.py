"""What a provider report says: who the customer is to the provider, and when, readably.

The provider finds a customer by its tenant (id and initial domain) and domains,
not by the reseller's name for it; times are written in the customer's zone with
the offset, so nobody on either side converts ``2026-12-01T09:34:14+00:00`` by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.db.models import Ticket
from bot.services.providers import BaseUpstream
from bot.services.ticket_files import FileView
from bot.services.tickets import TicketView
from bot.settings import Config
from bot.times import format_when


def local_time(moment: datetime, zone: str) -> str:
    """``2026-12-01 17:34 (Asia/Shanghai, UTC+08:00)``: for the provider, the zone's name
    and offset in full, in one spelling whatever the customer's language."""
    offset = format_when(moment, "%z", tz=zone)
    when = format_when(moment, "%Y-%m-%d %H:%M", tz=zone)
    return f"{when} ({zone}, UTC{offset[:3]}:{offset[3:]})"


def report_fields(
    ticket: Ticket,
    view: TicketView,
    config: Config,
    upstream: BaseUpstream,
    files: Sequence[FileView] = (),
) -> dict[str, Any]:
    """The report's fields: the text template's data and a JSON provider's body.

    ``files`` are the files people sent about the ticket: the provider gets each one's
    name, size and link (a Slack permalink; a Telegram file has none, so the provider asks).
    """
    customer = config.customer(ticket.customer_id)
    service = config.service(ticket.service_id or "")
    zone = config.timezone_of(ticket.customer_id)
    return {
        "reference": ticket.number,
        "reseller": config.reseller.name,
        "customer": customer.name if customer else ticket.customer_id,
        "tenants": [t.model_dump() for t in customer.tenants] if customer else [],
        "domains": list(customer.domains) if customer else [],
        "service": service.name if service else ticket.service_id,
        "severity": ticket.severity,
        "impact": ticket.impact,
        "tried": ticket.tried,
        "subject": ticket.subject,
        "description": ticket.description,
        "attachments": ticket.attachments,
        "files": [
            {"name": f.name, "size": f.size, "label": f.label, "link": f.link} for f in files
        ],
        "contact": upstream.contact.model_dump(),
        "opened_at": view.created_at.isoformat(),
        "opened_local": local_time(view.created_at, zone),
        "timezone": zone,
    }


REQUIRED = ("service", "impact", "tried", "description")


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def missing_fields(ticket: Ticket, summary: str | None = None) -> tuple[str, ...]:
    """What the report still needs. A description that only repeats the subject (a ticket
    opened with a subject alone, or from a one-line question) describes nothing more; the
    English ``summary`` an engineer gives with ``/escalate --summary`` is the report's
    description (a walk-through was refused for want of the description it had just given)."""
    description = ticket.description
    if _words(description) == _words(ticket.subject):
        description = ""
    if summary and _words(summary) != _words(ticket.subject):
        description = summary
    values = {
        "service": ticket.service_id,
        "impact": ticket.impact,
        "tried": ticket.tried,
        "description": description,
    }
    return tuple(name for name in REQUIRED if not (values[name] or "").strip())
