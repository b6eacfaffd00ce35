"""The ASGI app behind ``supportbot serve``: every front end's routes on one server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.adapters.email import build_email_pump
from bot.adapters.status_page import status_routes
from bot.adapters.upstream import upstream_routes
from bot.db import current_revision, head_revision
from bot.dispatcher import Dispatcher
from bot.frontend import FrontEnd
from bot.observability import metrics
from bot.scheduler import Scheduler, build_jobs

log = logging.getLogger(__name__)


async def healthz(_request: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def readiness(dispatcher: Dispatcher) -> Callable[[Request], Awaitable[JSONResponse]]:
    """Ready when the database answers and its schema is at the code's migration head."""

    def check() -> tuple[bool, dict[str, str | None]]:
        if dispatcher.engine is None:
            return False, {"database": "unknown"}
        try:
            current = current_revision(dispatcher.engine)
        except Exception as exc:  # any failure to reach the database means "not ready"
            return False, {"database": f"unreachable: {type(exc).__name__}"}
        head = head_revision()
        return current == head, {"database": "ok", "revision": current, "head": head}

    async def readyz(_request: Request) -> JSONResponse:
        ok, detail = await asyncio.to_thread(check)
        return JSONResponse({"ready": ok, **detail}, status_code=200 if ok else 503)

    return readyz


async def metrics_endpoint(_request: Request) -> Response:
    body = await asyncio.to_thread(metrics.render)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


def build_front_ends(dispatcher: Dispatcher) -> list[FrontEnd]:
    """The front ends whose settings are present in the environment.

    Each platform adds itself here (one line each).
    """
    front_ends: list[FrontEnd] = []
    env = dispatcher.settings.env
    if env.slack_bot_token and env.slack_signing_secret:
        from bot.adapters.slack import SlackFrontEnd

        front_ends.append(SlackFrontEnd(dispatcher))
    if env.telegram_bot_token:
        from bot.adapters.telegram import TelegramFrontEnd

        front_ends.append(TelegramFrontEnd.from_settings(dispatcher))
    return front_ends


def build_app(dispatcher: Dispatcher, front_ends: list[FrontEnd] | None = None) -> Starlette:
    """One Starlette app: /healthz plus each front end's routes; front ends start with it."""
    if front_ends is None:
        front_ends = build_front_ends(dispatcher)

    scheduler = Scheduler(build_jobs(dispatcher))
    # E-mail (digests, provider reports) leaves through the outbox like a chat platform.
    email = build_email_pump(dispatcher.settings, dispatcher.services.outbox)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        for front_end in front_ends:
            await front_end.start()
            log.info("front end started: %s", front_end.name)
        if email is not None:
            email.start()
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()
            if email is not None:
                await email.stop()
            for front_end in reversed(front_ends):
                await front_end.stop()

    if dispatcher.engine is not None:
        metrics.watch_database(dispatcher.engine)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readiness(dispatcher), methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        *upstream_routes(dispatcher),
        *status_routes(dispatcher),
    ]
    for front_end in front_ends:
        routes.extend(front_end.routes())
    return Starlette(routes=routes, lifespan=lifespan)
