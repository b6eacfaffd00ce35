"""Builds a running bot from settings: database, migrations, services, dispatcher, runtime."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.clock import Clock, utc_now
from bot.context import Services
from bot.db import create_db_engine, upgrade
from bot.dispatcher import Dispatcher
from bot.router import menu_commands
from bot.runtime import Runtime
from bot.services.claims import COMMAND_CLAIMS, JobClaims
from bot.services.digest import DigestService
from bot.services.drafts import TicketDrafts
from bot.services.file_copies import FileCopies
from bot.services.handover import Handovers
from bot.services.health import HealthService
from bot.services.inbox import Inbox
from bot.services.kb_aliases import says_any
from bot.services.kb_setup import embeddings_cache_for
from bot.services.knowledge import KnowledgeService
from bot.services.links import LinkService
from bot.services.notices import NoticeRouter
from bot.services.outbox import Outbox
from bot.services.providers import build_provider
from bot.services.sla import SlaPolicies
from bot.services.sla_scan import SlaScanner
from bot.services.ticket_comments import TicketComments
from bot.services.ticket_finder import TicketFinder
from bot.services.ticket_workflow import TicketWorkflow
from bot.services.tickets import TicketService, TicketStore
from bot.services.upstream import UpstreamService
from bot.settings import Settings


def build_services(settings: Settings, engine: Engine, clock: Clock = utc_now) -> Services:
    config = settings.config
    outbox = Outbox(engine, clock)
    store = TicketStore(engine, clock, SlaPolicies(config), outbox, NoticeRouter(config))
    provider = build_provider(config.upstream, settings.env) if config.upstream else None
    claims = JobClaims(engine, clock)
    knowledge = KnowledgeService(
        settings.kb_path,
        engine=engine,
        clock=clock,
        min_confidence=config.knowledge_base.min_confidence,
        tentative=config.knowledge_base.tentative,
        reload_seconds=config.knowledge_base.reload_seconds,
        synonyms_path=settings.synonyms_path,
        url_base=config.knowledge_base.url_base,
        embed_cache=embeddings_cache_for(settings.database_url),
    )

    def says(text: str, names: set[str]) -> bool:  # a KB nickname names a service ("tims")
        return says_any(knowledge.knowledge_base.synonyms, text, names)

    health = HealthService(engine, clock, config, outbox, claims, says=says)
    return Services(
        knowledge=knowledge,
        health=health,
        tickets=TicketService(store, incident_for=health.incident_for),
        workflow=TicketWorkflow(store, frozenset(s.id for s in config.services)),
        finder=TicketFinder(engine, clock),
        comments=TicketComments(store),
        file_copies=FileCopies(store),
        upstream=UpstreamService(store, config, provider),
        sla_scanner=SlaScanner(store),
        digest=DigestService(engine, clock, config, outbox, incidents=health.digest_incidents),
        links=LinkService(engine, clock, config),
        drafts=TicketDrafts(engine, clock),
        handovers=Handovers(engine, clock),
        outbox=outbox,
        inbox=Inbox(engine, clock),
        claims=claims,
    )


def build_dispatcher(settings: Settings, clock: Clock = utc_now) -> Dispatcher:
    """Connect the database, apply migrations, and wire the services."""
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    return Dispatcher(settings, build_services(settings, engine, clock), clock, engine=engine)


def build_runtime(dispatcher: Dispatcher) -> Runtime:
    """What the front ends of this deployment may use (see :mod:`bot.runtime`)."""
    services = dispatcher.services
    return Runtime(
        handle=dispatcher.handle,
        settings=dispatcher.settings,
        outbox=services.outbox,
        inbox=services.inbox,
        menu=menu_commands,
        status_page=services.health.page,
        provider_update=services.upstream.update,
        claim_command=lambda command_id: services.claims.claim(COMMAND_CLAIMS, command_id[:60]),
        bind_thread=services.tickets.bind_thread,
    )
