"""The public status page: ``GET /status`` (HTML, no JavaScript) and ``GET /status.json``."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from bot.messages import Reply
from bot.rendering import Renderer
from bot.runtime import Runtime
from bot.services.health import StatusPage

LANGUAGES = ("en", "ru", "zh")
CACHE = {"Cache-Control": "public, max-age=30"}
FRESH_SECONDS = 10.0


def page_to_json(page: StatusPage) -> dict[str, Any]:
    """The machine-readable page. Check findings stay internal: only engineers' words show."""
    return {
        "title": page.title,
        "generated_at": page.generated_at.isoformat(),
        "overall": str(page.overall),
        "services": [
            {
                "id": row.status.service_id,
                "name": row.status.name,
                "state": str(row.status.state),
                "since": row.status.since.isoformat() if row.status.since else None,
                "note": row.status.note,
                "uptime_30d": row.uptime,
                "monitored_since": (
                    row.monitored_since.isoformat() if row.monitored_since else None
                ),
                "days": [
                    {
                        "date": cell.day.isoformat(),
                        "state": str(cell.state) if cell.state else None,
                        "uptime": cell.uptime,
                    }
                    for cell in row.cells
                ],
            }
            for row in page.rows
        ],
        "incidents": [
            {
                "id": i.id,
                "service_id": i.service_id,
                "state": str(i.state),
                "source": i.source,
                "text": "" if i.source == "checks" else i.latest,
                "opened_at": i.opened_at.isoformat(),
            }
            for i in page.incidents
        ],
    }


def status_routes(runtime: Runtime) -> list[Route]:
    """Routes for :func:`bot.server.build_app`; rendering runs in a thread (sync core)."""
    renderer = Renderer("html", extension="html", autoescape=True)
    default = runtime.settings.config.reseller.default_language
    cached: list[tuple[float, StatusPage]] = []

    async def current() -> StatusPage:
        """The page data, built at most once per ``FRESH_SECONDS`` (a public URL gets crowds)."""
        if cached and time.monotonic() - cached[0][0] < FRESH_SECONDS:
            return cached[0][1]
        page = await asyncio.to_thread(runtime.status_page)
        cached[:] = [(time.monotonic(), page)]
        return page

    async def html(request: Request) -> HTMLResponse:
        wanted = request.query_params.get("lang", default)
        lang = wanted if wanted in LANGUAGES else default
        body = renderer.render(Reply(kind="status", data={"page": await current()}, lang=lang))
        return HTMLResponse(body, headers=CACHE)

    async def machine(_request: Request) -> JSONResponse:
        return JSONResponse(page_to_json(await current()), headers=CACHE)

    return [
        Route("/status", html, methods=["GET"]),
        Route("/status.json", machine, methods=["GET"]),
    ]
