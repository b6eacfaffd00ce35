"""What a handler gets besides the message: one typed object, built once per message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.messages import Actor
from bot.services.claims import JobClaims
from bot.services.digest import DigestService
from bot.services.health import HealthService
from bot.services.inbox import Inbox
from bot.services.knowledge import KnowledgeService
from bot.services.links import LinkService
from bot.services.outbox import Outbox
from bot.services.sla_scan import SlaScanner
from bot.services.ticket_workflow import TicketWorkflow
from bot.services.tickets import TicketService
from bot.services.upstream import UpstreamService
from bot.settings import Settings


@dataclass(frozen=True)
class Services:
    """The services a deployment runs; front ends and handlers share one instance."""

    knowledge: KnowledgeService
    health: HealthService
    tickets: TicketService
    workflow: TicketWorkflow
    upstream: UpstreamService
    sla_scanner: SlaScanner
    digest: DigestService
    links: LinkService
    outbox: Outbox
    inbox: Inbox
    claims: JobClaims


@dataclass(frozen=True)
class HandlerContext:
    """Actor, parsed arguments, services, settings and the time the message arrived."""

    actor: Actor
    args: str
    services: Services
    settings: Settings
    now: datetime
