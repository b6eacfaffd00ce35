"""What a handler gets besides the message: one typed object, built once per message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from bot.messages import Actor
from bot.services.claims import JobClaims
from bot.services.digest import DigestService
from bot.services.drafts import TicketDrafts
from bot.services.file_copies import FileCopies
from bot.services.handover import Handovers
from bot.services.health import HealthService
from bot.services.inbox import Inbox
from bot.services.knowledge import KnowledgeService
from bot.services.links import LinkService
from bot.services.outbox import Outbox
from bot.services.sla_scan import SlaScanner
from bot.services.ticket_comments import TicketComments
from bot.services.ticket_finder import TicketFinder
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
    finder: TicketFinder
    comments: TicketComments
    file_copies: FileCopies
    upstream: UpstreamService
    sla_scanner: SlaScanner
    digest: DigestService
    links: LinkService
    drafts: TicketDrafts
    handovers: Handovers
    outbox: Outbox
    inbox: Inbox
    claims: JobClaims


@dataclass(frozen=True)
class CommandInfo:
    """A command as /help shows it (from the route table): ``/take <ticket>`` and its line."""

    command: str
    usage: str
    help_key: str


# Covariant: the context is frozen, so a HandlerContext[int] is a HandlerContext[object]
# (helpers that ignore the arguments take HandlerContext[object]).
A = TypeVar("A", covariant=True)


@dataclass(frozen=True)
class HandlerContext(Generic[A]):
    """Actor, the arguments the route's parser returned, services, settings, the time.

    ``commands`` are the commands the actor's role may use, in route-table order.
    """

    actor: Actor
    args: A
    services: Services
    settings: Settings
    now: datetime
    commands: tuple[CommandInfo, ...] = ()
