"""What a handler gets besides the message: one typed object, built once per message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.messages import Actor
from bot.services.digest import DigestService
from bot.services.health import HealthService
from bot.services.knowledge import KnowledgeService
from bot.services.tickets import TicketService
from bot.settings import Settings


@dataclass(frozen=True)
class Services:
    """The services a deployment runs; front ends and handlers share one instance."""

    knowledge: KnowledgeService
    health: HealthService
    tickets: TicketService
    digest: DigestService


@dataclass(frozen=True)
class HandlerContext:
    """Actor, parsed arguments, services, settings and the time the message arrived."""

    actor: Actor
    args: str
    services: Services
    settings: Settings
    now: datetime
