"""The ASGI app behind ``supportbot serve``: every front end's routes on one server."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.adapters.upstream import upstream_routes
from bot.dispatcher import Dispatcher
from bot.frontend import FrontEnd
from bot.scheduler import Scheduler, build_jobs

log = logging.getLogger(__name__)


async def healthz(_request: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def build_front_ends(dispatcher: Dispatcher) -> list[FrontEnd]:
    """The front ends whose settings are present in the environment.

    Each platform adds itself here (one line each).
    """
    front_ends: list[FrontEnd] = []
    return front_ends


def build_app(dispatcher: Dispatcher, front_ends: list[FrontEnd] | None = None) -> Starlette:
    """One Starlette app: /healthz plus each front end's routes; front ends start with it."""
    if front_ends is None:
        front_ends = build_front_ends(dispatcher)

    scheduler = Scheduler(build_jobs(dispatcher))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        for front_end in front_ends:
            await front_end.start()
            log.info("front end started: %s", front_end.name)
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()
            for front_end in reversed(front_ends):
                await front_end.stop()

    routes = [Route("/healthz", healthz, methods=["GET"]), *upstream_routes(dispatcher)]
    for front_end in front_ends:
        routes.extend(front_end.routes())
    return Starlette(routes=routes, lifespan=lifespan)
