"""Builds a running bot from settings: database, migrations, services, dispatcher."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.clock import Clock, utc_now
from bot.context import Services
from bot.db import create_db_engine, upgrade
from bot.dispatcher import Dispatcher
from bot.services.digest import DigestService
from bot.services.health import HealthService
from bot.services.knowledge import KnowledgeService
from bot.services.tickets import TicketService
from bot.settings import Settings


def build_services(settings: Settings, engine: Engine, clock: Clock = utc_now) -> Services:
    config = settings.config
    return Services(
        knowledge=KnowledgeService(
            settings.kb_path,
            engine=engine,
            clock=clock,
            min_confidence=config.knowledge_base.min_confidence,
            reload_seconds=config.knowledge_base.reload_seconds,
            synonyms_path=settings.synonyms_path,
        ),
        health=HealthService(config),
        tickets=TicketService(engine, clock),
        digest=DigestService(engine, clock, config.reseller.timezone),
    )


def build_dispatcher(settings: Settings, clock: Clock = utc_now) -> Dispatcher:
    """Connect the database, apply migrations, and wire the services."""
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    return Dispatcher(settings, build_services(settings, engine, clock), clock)
