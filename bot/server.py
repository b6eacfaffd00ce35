"""The ASGI app behind ``supportbot serve``: every front end's routes on one server.

Front ends start under a :class:`~bot.front_end_supervisor.FrontEndSupervisor`, so
one that cannot reach its platform retries in the background while the others,
the scheduler (SLA scans, digests, health checks) and the status page carry on.
Every request body passes :class:`~bot.http_limits.BodyLimit` first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.adapters.email import build_email_pump
from bot.adapters.status_page import status_routes
from bot.adapters.upstream import upstream_routes
from bot.app import build_runtime
from bot.dispatcher import Dispatcher
from bot.front_end_supervisor import Backoff, FrontEndSupervisor
from bot.frontend import FrontEnd
from bot.frontend import build_front_ends as build_configured
from bot.http_limits import MAX_BODY_BYTES, BodyLimit
from bot.observability import metrics
from bot.readiness import Readiness
from bot.scheduler import Scheduler, build_jobs

log = logging.getLogger(__name__)


async def healthz(_request: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def readiness_endpoint(readiness: Readiness) -> Callable[[Request], Awaitable[JSONResponse]]:
    """Each part's state as JSON; 503 when the worker cannot do its job."""

    async def readyz(_request: Request) -> JSONResponse:
        ready, body = await readiness.report()
        return JSONResponse(body, status_code=200 if ready else 503)

    return readyz


async def metrics_endpoint(_request: Request) -> Response:
    body = await asyncio.to_thread(metrics.render)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


def build_front_ends(dispatcher: Dispatcher) -> list[FrontEnd]:
    """The front ends the settings turn on (the config's ``front_ends:`` or the environment)."""
    return build_configured(build_runtime(dispatcher), dispatcher.settings.front_ends)


def build_app(
    dispatcher: Dispatcher,
    front_ends: list[FrontEnd] | None = None,
    *,
    backoff: Backoff | None = None,
    body_limit: int = MAX_BODY_BYTES,
) -> Starlette:
    """One Starlette app: health, readiness, metrics, status page, provider updates and each
    front end's routes; front ends and the scheduler start with it."""
    if front_ends is None:
        front_ends = build_front_ends(dispatcher)
    supervisors = [FrontEndSupervisor(front_end, backoff) for front_end in front_ends]
    scheduler = Scheduler(build_jobs(dispatcher))
    runtime = build_runtime(dispatcher)
    readiness = Readiness(
        dispatcher.engine,
        lambda: dispatcher.services.knowledge.knowledge_base,
        str(dispatcher.settings.kb_path),
        lambda: [s.status for s in supervisors],
    )
    # E-mail (digests, provider reports) leaves through the outbox like a chat platform.
    email = build_email_pump(dispatcher.settings, dispatcher.services.outbox)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        for supervisor in supervisors:
            await supervisor.start()
        if email is not None:
            email.start()
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()
            if email is not None:
                await email.stop()
            for supervisor in reversed(supervisors):
                await supervisor.stop()

    if dispatcher.engine is not None:
        metrics.watch_database(dispatcher.engine)
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readiness_endpoint(readiness), methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        *upstream_routes(runtime),
        *status_routes(runtime),
    ]
    for front_end in front_ends:
        routes.extend(front_end.routes())
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(BodyLimit, limit=body_limit)],
    )
