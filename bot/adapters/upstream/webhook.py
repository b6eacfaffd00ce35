"""``POST /upstream/<provider>``: a provider's case update, signed with a shared secret.

The provider signs ``"<timestamp>.<body>"`` with HMAC-SHA256 and sends
``X-Supportbot-Timestamp`` and ``X-Supportbot-Signature: sha256=<hex>``. Stale
(over five minutes) or forged requests get 401 and change nothing. An update acts
once: a retry (the same ``event_id``, or without one the same body) answers 200
with ``"duplicate": true`` and tells the customer nothing new.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.errors import UpdateAlreadyApplied, UserFacingError
from bot.runtime import Runtime

log = logging.getLogger(__name__)
MAX_SKEW_SECONDS = 300


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def update_key(update: dict[str, object], body: bytes) -> str:
    """What makes an update unique: the provider's ``event_id``, else the body's hash."""
    event_id = update.get("event_id")
    if event_id not in (None, ""):
        return "id:" + hashlib.sha256(str(event_id).encode()).hexdigest()[:40]
    return "body:" + hashlib.sha256(body).hexdigest()[:40]


def upstream_routes(runtime: Runtime) -> list[Route]:
    """The route, when the config has a provider and the secret is set; else none."""
    upstream = runtime.settings.config.upstream
    secret = runtime.settings.env.upstream_inbound_secret
    if upstream is None or secret is None:
        return []

    async def receive(request: Request) -> JSONResponse:
        if request.path_params["provider"] != upstream.name:
            return JSONResponse({"error": "unknown provider"}, status_code=404)
        body = await request.body()
        timestamp = request.headers.get("x-supportbot-timestamp", "")
        given = request.headers.get("x-supportbot-signature", "")
        try:
            fresh = abs(time.time() - int(timestamp)) <= MAX_SKEW_SECONDS
        except ValueError:
            fresh = False
        expected = sign(secret.get_secret_value(), timestamp, body)
        if not fresh or not hmac.compare_digest(expected, given):
            log.warning("upstream webhook rejected: bad or stale signature")
            return JSONResponse({"error": "bad signature"}, status_code=401)
        try:
            update = json.loads(body)
            case = str(update["case_number"])
            status = str(update.get("status") or update.get("message") or "")
        except (ValueError, KeyError, TypeError):
            log.warning("upstream webhook: signed update without case_number (400)")
            return JSONResponse({"error": "expected JSON with case_number and status"}, 400)
        try:
            ticket = await asyncio.to_thread(
                runtime.provider_update,
                f"provider:{upstream.name}",
                status,
                provider=upstream.name,
                case=case,
                resolved=bool(update.get("resolved")),
                event_key=update_key(update, body),
            )
        except UpdateAlreadyApplied:
            log.info("upstream webhook: update for case %s already applied", case)
            return JSONResponse({"case_number": case, "duplicate": True})
        except UserFacingError as exc:
            return JSONResponse({"error": exc.reply_kind}, status_code=404)
        return JSONResponse({"ticket": ticket.number})

    return [Route("/upstream/{provider}", receive, methods=["POST"])]
