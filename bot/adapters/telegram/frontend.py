"""The Telegram front end: webhook route or polling, the PTB Application, both pumps.

The PTB Application runs inside the server's event loop; we call its
initialize/start/stop/shutdown ourselves and never ``run_polling``/``run_webhook``.
An update is stored in the inbox (unique on its update_id) before it is acked,
from the webhook or from polling; the inbox pump then translates it, asks the
core (on the core runner) and enqueues the answer as a notice, which the outbox
pump renders and sends. Stored first, it survives a crash; stored once, a
redelivered update is answered once; one chat's updates are answered in order.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Coroutine
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from telegram import Update, User
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.adapters.core_runner import CoreRunner
from bot.adapters.inbox_pump import InboxPump
from bot.adapters.outbox_pump import CALL_TIMEOUT_SECONDS, OutboxPump
from bot.enums import Platform
from bot.errors import ConfigError
from bot.runtime import Runtime
from bot.services.inbox import ClaimedDelivery, UnstorableDelivery
from bot.settings import TelegramFrontEndConfig

from ._redact import hide_secrets_in_logs
from .answers import answer_notices
from .commands import register_commands
from .inbound import Incoming, chat_key, to_incoming
from .render import TelegramRenderer
from .transport import UPLOAD_TIMES, TelegramTransport

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API_URL = "https://api.telegram.org"
ALLOWED_UPDATES = ["message", "callback_query"]
PLATFORM = str(Platform.TELEGRAM)


def api_base_urls(api_url: str | None) -> tuple[str, str]:
    """PTB's base_url and base_file_url: the part of a method's URL before the token."""
    root = (api_url or DEFAULT_API_URL).rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


class TelegramFrontEnd:
    """One bot token, served by webhook (``POST /telegram/webhook``) or by long polling."""

    name = "telegram"

    def __init__(
        self,
        runtime: Runtime,
        *,
        token: str,
        webhook_secret: str | None = None,
        webhook_url: str | None = None,
        api_url: str | None = None,
        polling: bool = False,
        poll_timeout: float = 30.0,
        concurrency: int = 64,
        sender_poll_seconds: float = 1.0,
        send_timeout: float = CALL_TIMEOUT_SECONDS,
    ) -> None:
        """``send_timeout``: every Bot API call ends within it (inside the outbox lease)."""
        if webhook_url and not webhook_secret:
            raise ConfigError("environment", "TELEGRAM_WEBHOOK_SECRET", "needed with a webhook URL")
        self._runtime = runtime
        self._secret = (webhook_secret or "").encode()
        self._webhook_url = webhook_url
        self._polling = polling
        self._poll_timeout = poll_timeout
        hide_secrets_in_logs(token, webhook_secret)
        base_url, file_url = api_base_urls(api_url)
        builder = (
            Application.builder()
            .token(token)
            .base_url(base_url)
            .base_file_url(file_url)
            .concurrent_updates(concurrency)
            .connect_timeout(send_timeout)
            .read_timeout(send_timeout)
            .write_timeout(send_timeout)
            .pool_timeout(send_timeout)
        )
        self.application = (builder if polling else builder.updater(None)).build()
        self.application.add_handler(TypeHandler(Update, self._on_polled))
        self.application.add_error_handler(self._on_error)
        self.renderer = TelegramRenderer()
        self.runner = CoreRunner(PLATFORM, threads=2)
        self.sender = OutboxPump(
            runtime.outbox,
            PLATFORM,
            self.renderer,
            TelegramTransport(self.application.bot, upload_seconds=UPLOAD_TIMES * send_timeout),
            secrets=(token, webhook_secret or ""),
            poll_seconds=sender_poll_seconds,
            call_timeout=send_timeout,
            writes=self.runner.writes,
        )
        self.pump = InboxPump(runtime.inbox, PLATFORM, self._handle_stored)
        self._me: User | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @classmethod
    def from_settings(
        cls, runtime: Runtime, *, polling: bool = False, **options: Any
    ) -> TelegramFrontEnd:
        """Built from TELEGRAM_* environment settings (the token must be set).

        ``options`` are the constructor's tuning knobs (poll_timeout, concurrency...).
        """
        env = runtime.settings.env
        if env.telegram_bot_token is None:
            raise ConfigError("environment", "TELEGRAM_BOT_TOKEN", "not set")
        secret = env.telegram_webhook_secret
        return cls(
            runtime,
            token=env.telegram_bot_token.get_secret_value(),
            webhook_secret=secret.get_secret_value() if secret else None,
            webhook_url=None if polling else env.telegram_webhook_url,
            api_url=env.telegram_api_url,
            polling=polling,
            **options,
        )

    def routes(self) -> list[BaseRoute]:
        return [Route(WEBHOOK_PATH, self.webhook, methods=["POST"])]

    def describe(self) -> str:
        if self._polling:
            return "long polling"
        if self._webhook_url:
            return f"webhook at {WEBHOOK_PATH}, registered at start"
        return f"webhook at {WEBHOOK_PATH}, not registered: TELEGRAM_WEBHOOK_URL is unset"

    async def start(self) -> None:
        """Reach Telegram (getMe, menus, webhook), then take updates and send.

        When Telegram cannot be reached this raises before anything local has started,
        and the supervisor calls it again later; updates posted to the webhook
        meanwhile wait in the inbox.
        """
        app = self.application
        await app.initialize()  # getMe: who we are, for @mentions and replies
        self._me = app.bot.bot
        await register_commands(app.bot, self._runtime, self.renderer)
        if self._polling and app.updater is not None:
            await app.bot.delete_webhook()
            await app.updater.start_polling(
                timeout=int(self._poll_timeout), allowed_updates=ALLOWED_UPDATES
            )
        elif self._webhook_url:
            try:
                await app.bot.set_webhook(
                    self._webhook_url,
                    secret_token=self._secret.decode(),
                    allowed_updates=ALLOWED_UPDATES,
                )
            except TelegramError as exc:  # Telegram keeps the webhook it had; serve anyway
                log.error("setWebhook failed, keeping Telegram's current webhook: %s", exc)
        self.pump.start()
        await app.start()
        self.sender.start()

    async def stop(self) -> None:
        """Stop taking updates, finish the ones in hand, send what is due, shut down."""
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await self.pump.stop()
        await self.sender.stop(timeout=5)  # what is not sent by then stays in the outbox
        await app.shutdown()
        self.runner.close()

    async def webhook(self, request: Request) -> Response:
        """Check the secret, store the update, answer 200 (Telegram waits for us).

        A database error answers 500, and 503 while Telegram's API cannot be reached
        yet (the front end is still starting), so Telegram delivers the update again; an
        update that can never be stored (text that is not valid Unicode) answers 400 alone,
        the updates stored with it are kept.
        """
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not self._secret or not hmac.compare_digest(given, self._secret):
            log.warning("telegram webhook: wrong or missing secret token refused (403)")
            return Response(status_code=403)
        if not self.application.running:
            log.warning("telegram webhook: not connected to the Bot API yet; answered 503")
            return Response(status_code=503, headers={"Retry-After": "30"})
        try:
            data = await request.json()
            update_id = int(data["update_id"])
        except Exception:
            log.warning("telegram webhook: unreadable update ignored")
            return Response(status_code=200)  # a 4xx would only make Telegram resend it
        try:
            await self.pump.put(str(update_id), data, chat_key(data))
        except UnstorableDelivery as exc:
            log.warning("telegram update %s refused: %s", update_id, exc)
            return Response(status_code=400)
        return Response(status_code=200)

    async def _on_polled(self, update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """An update from getUpdates: stored like a webhook's, answered by the pump."""
        if isinstance(update, Update):
            data = update.to_dict()
            try:
                await self.pump.put(str(update.update_id), data, chat_key(data))
            except UnstorableDelivery as exc:
                log.warning("telegram update %s refused: %s", update.update_id, exc)

    async def _handle_stored(self, row: ClaimedDelivery) -> None:
        """Answer one stored update; an exception leaves it for a retry after the lease."""
        update = Update.de_json(row.body, self.application.bot)
        if update is None or self._me is None:
            return
        incoming = to_incoming(update, self._me)
        if incoming is None:
            return
        if incoming.callback_id is not None:
            self._background(self._answer_callback(incoming.callback_id))
        if await self.runner.run(self._answer, incoming):
            self.sender.wake()
        else:
            log.info("telegram update %s: answer already queued", incoming.message.delivery_id)

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _answer(self, incoming: Incoming) -> bool:
        """Ask the core and queue the answer, in one trip to a core thread; False when it
        was queued before (handling an update again after a crash queues nothing new: the
        key is the update's id). A silent answer (chatter not for the bot, an engineer's
        words in a ticket's topic) queues nothing; a private one goes to the asker alone
        (``answers.py``)."""
        reply = self._runtime.handle(incoming.message)
        if reply.is_silent:
            return True
        queued = [
            self._runtime.outbox.enqueue_notice(notice, dedupe_key=key)
            for notice, key in answer_notices(incoming, reply)
        ]
        return any(queued)

    async def _answer_callback(self, callback_id: str) -> None:
        """Stop the button's spinner; best effort, the answer itself goes through the outbox."""
        try:
            await self.application.bot.answer_callback_query(callback_id)
        except Exception as exc:
            log.info("answerCallbackQuery failed: %s", type(exc).__name__)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = getattr(update, "update_id", None)
        log.error("telegram update %s failed", update_id, exc_info=context.error)


def build_front_end(runtime: Runtime, config: TelegramFrontEndConfig) -> TelegramFrontEnd:
    """The registry's builder (``bot/frontend.py``)."""
    return TelegramFrontEnd.from_settings(runtime, polling=config.mode == "polling")
