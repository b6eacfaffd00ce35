"""The Slack front end served by ``supportbot serve``: one URL (or Socket Mode), the inbox
pump that answers stored events, and the outbox pump that sends through Slack's transport."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.adapters.core_runner import CoreRunner
from bot.adapters.inbox_pump import InboxPump
from bot.adapters.outbox_pump import CALL_TIMEOUT_SECONDS, OutboxPump
from bot.adapters.slack.listeners import RESPONSE_HOSTS, SlackListeners, build_bolt_app
from bot.adapters.slack.people import SlackPeople
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.slack.transport import SlackTransport
from bot.adapters.slack.worker import SlackWorker
from bot.enums import Platform
from bot.errors import ConfigError
from bot.observability.logs import secret_values
from bot.runtime import Runtime
from bot.services.inbox import ClaimedDelivery
from bot.settings import SlackFrontEndConfig

log = logging.getLogger(__name__)
DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"


def response_hosts(api_url: str) -> tuple[str, ...]:
    """Slack's hooks host, plus the Web API's own origin when it is not Slack's (a fake)."""
    parts = urlsplit(api_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    return RESPONSE_HOSTS if origin == "https://slack.com/" else (*RESPONSE_HOSTS, origin)


class SlackFrontEnd:
    """Events API, slash command and interactivity on ``POST /slack/events``.

    With ``socket_mode`` the same listeners receive over a Socket Mode websocket
    instead and no route is served.
    """

    name = "slack"

    def __init__(
        self,
        runtime: Runtime,
        *,
        socket_mode: bool = False,
        send_timeout: float = CALL_TIMEOUT_SECONDS,
    ) -> None:
        """``send_timeout``: every call to Slack ends within it (inside the outbox lease)."""
        env = runtime.settings.env
        if env.slack_bot_token is None:
            raise ConfigError("environment", "SLACK_BOT_TOKEN", "the Slack front end needs it")
        if socket_mode and env.slack_app_token is None:
            raise ConfigError("environment", "SLACK_APP_TOKEN", "Socket Mode needs an app token")
        if not socket_mode and env.slack_signing_secret is None:
            raise ConfigError("environment", "SLACK_SIGNING_SECRET", "Slack's HTTP events need it")
        self._runtime = runtime
        self._socket_mode = socket_mode
        base_url = env.slack_api_url or DEFAULT_API_URL
        self.client = AsyncWebClient(
            token=env.slack_bot_token.get_secret_value(),
            base_url=base_url if base_url.endswith("/") else base_url + "/",
            timeout=int(send_timeout),
            retry_handlers=[],  # the outbox schedules every retry
        )
        self.runner = CoreRunner("slack")
        self.transport = SlackTransport(
            self.client, timeout=send_timeout, bind_thread=self._bind_thread
        )
        renderer = SlackRenderer()
        self.sender = OutboxPump(
            runtime.outbox,
            "slack",
            renderer,
            self.transport,
            secrets=secret_values(env),
            call_timeout=send_timeout,
            writes=self.runner.writes,
        )
        self.worker = SlackWorker(runtime, self.runner, self.sender.wake)
        self.pump = InboxPump(runtime.inbox, "slack", self._handle_stored)
        self._listeners = SlackListeners(
            runtime,
            self.worker,
            self.transport,
            renderer,
            self.pump.put,
            response_hosts(base_url),
            SlackPeople(self.client),
        )
        secret = env.slack_signing_secret
        self._verifier = SignatureVerifier(secret.get_secret_value()) if secret else None
        self.bolt = build_bolt_app(
            self.client, secret.get_secret_value() if secret else None, self._listeners
        )
        self._handler = AsyncSlackRequestHandler(self.bolt)
        self._socket: object | None = None
        self._running = False

    @property
    def socket_mode(self) -> bool:
        return self._socket_mode

    async def _bind_thread(self, channel: str, number: str, thread: str) -> None:
        """The ticket's first notice in the customer's channel is out: its thread is the
        ticket's (one an engineer opened for them lives there like one they opened)."""
        bind = self._runtime.bind_thread
        await self.runner.write(bind, str(Platform.SLACK), channel, number, thread)

    async def _handle_stored(self, row: ClaimedDelivery) -> None:
        await self._listeners.handle_stored(row)

    async def events(self, request: Request) -> Response:
        """Check the signature before bolt parses anything; unreadable bodies get 400.

        Bolt would parse an unsigned body first (a 500 and a traceback when it is not
        JSON or a form) and, at INFO, log it whole with the rejection.
        """
        body = await request.body()
        headers = request.headers
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not self._signed(body, timestamp, signature):
            log.warning("slack: request without a valid signature refused (401)")
            return JSONResponse({"error": "invalid request"}, status_code=401)
        try:
            parse_body(body.decode("utf-8"), headers.get("content-type"))
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            log.warning("slack: signed request with an unreadable body (%s)", type(exc).__name__)
            return JSONResponse({"error": "unreadable body"}, status_code=400)
        return await self._handler.handle(request)

    def _signed(self, body: bytes, timestamp: str, signature: str) -> bool:
        """Slack's v0 signature over the raw body, within five minutes."""
        if self._verifier is None or not timestamp.isdigit() or not signature:
            return False
        return self._verifier.is_valid(body, timestamp, signature)

    def routes(self) -> list[BaseRoute]:
        if self._socket_mode:
            return []
        return [Route(EVENTS_PATH, self.events, methods=["POST"])]

    def describe(self) -> str:
        return "Socket Mode" if self._socket_mode else f"events at {EVENTS_PATH}"

    async def start(self) -> None:
        """Open the HTTP session, start the workers and both pumps (and Socket Mode).

        Called again after a failed Socket Mode connection: only the connection is retried.
        """
        if not self._running:
            self.transport.open()
            self.worker.start()
            self.pump.start()
            self.sender.start()
            self._running = True
        if self._socket_mode:
            from bot.adapters.slack.socket_mode import connect_socket_mode

            self._socket = await connect_socket_mode(self.bolt, self._runtime.settings)

    async def stop(self) -> None:
        """Stop taking work, finish queued answers, send what is due (five seconds at
        most; the rest stays in the outbox), close the session."""
        if self._socket is not None:
            from bot.adapters.slack.socket_mode import close_socket_mode

            await close_socket_mode(self._socket)
        await self.pump.stop()
        await self.worker.stop()
        await self.sender.stop(timeout=5)
        self.runner.close()


def build_front_end(runtime: Runtime, config: SlackFrontEndConfig) -> SlackFrontEnd:
    """The registry's builder (``bot/frontend.py``)."""
    return SlackFrontEnd(runtime, socket_mode=config.mode == "socket")
