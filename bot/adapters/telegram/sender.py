"""Drains the Telegram rows of the outbox into the Bot API, honouring flood control.

Rows are Bot API calls (``sendMessage``, ``editMessageReplyMarkup``) or ``notice``
rows written by core services, which are rendered here with the Telegram
templates. A 429 pauses sending for ``retry_after``; network errors and 5xx are
retried with the outbox's backoff; nothing is dropped. Messages to one chat go
out in order; different chats are sent concurrently.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import time
import warnings
from collections import defaultdict
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, RetryAfter

from bot.adapters.chat_order import ChatOrder
from bot.messages import reply_from_dict
from bot.services.outbox import Outbox, PendingMessage

from ._html import to_plain_text
from .render import Target, TelegramRenderer

log = logging.getLogger(__name__)
PLATFORM = "telegram"


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` as seconds, whichever type this PTB version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def notice_target(payload: dict[str, Any]) -> Target:
    """A notice's thread is a forum topic id (see docs/telegram.md)."""
    thread = payload.get("thread")
    topic = int(thread) if thread and str(thread).lstrip("-").isdigit() else None
    return Target(chat_id=payload["channel"], thread_id=topic)


class OutboxSender:
    """One background task per process; ``wake()`` after enqueueing for prompt delivery."""

    def __init__(
        self,
        outbox: Outbox,
        bot: Bot,
        renderer: TelegramRenderer,
        *,
        secrets: tuple[str, ...] = (),
        poll_seconds: float = 1.0,
        batch: int = 100,
    ) -> None:
        self._outbox = outbox
        self._bot = bot
        self._renderer = renderer
        self._secrets = tuple(s for s in secrets if s)
        self._poll = poll_seconds
        self._batch = batch
        self._wake = asyncio.Event()
        self._paused_until = 0.0
        self._order = ChatOrder()  # a chat's later rows never overtake a retry
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Send until stopped; a failing round is logged and the loop goes on."""
        while not self._stopping:
            pause = self._paused_until - time.monotonic()
            if pause > 0:
                await self._sleep(pause)
                continue
            self._wake.clear()
            try:
                sent = await self.drain_once()
            except Exception:
                log.exception("telegram outbox round failed")
                sent = 0
            if not sent:
                await self._sleep(self._poll)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def drain_once(self) -> int:
        """Claim due rows and send them; returns how many rows were handled."""
        rows = await asyncio.to_thread(self._outbox.claim_due, PLATFORM, self._batch)
        by_chat: dict[str, list[PendingMessage]] = defaultdict(list)
        for row in rows:
            by_chat[str(row.payload.get("chat_id", row.payload.get("channel")))].append(row)
        await asyncio.gather(*(self._send_chat(chat, todo) for chat, todo in by_chat.items()))
        return len(rows)

    async def _send_chat(self, chat: str, rows: list[PendingMessage]) -> None:
        """In order. After a failure the chat's later rows wait until the failed one is
        sent (in this batch and in later ones), so a retry never overtakes."""
        for position, row in enumerate(rows):
            wait = self._order.wait_for(chat, row.id)
            if wait > 0:
                await self._defer(rows[position:], wait)  # not tried: they wait their turn
                return
            delay = await self._send_row(row)
            if delay is None:
                self._order.done(chat, row.id)
                continue
            self._order.failed(chat, row.id, delay)
            if position + 1 < len(rows):
                await self._defer(rows[position + 1 :], self._order.wait_for(chat, rows[-1].id))
            return

    async def _defer(self, rows: list[PendingMessage], wait: float) -> None:
        # Waiting for an earlier message is not a failed attempt of these rows.
        ids = [row.id for row in rows]
        await asyncio.to_thread(partial(self._outbox.defer_many, ids, seconds=wait))

    async def _send_row(self, row: PendingMessage) -> float | None:
        """Send one row; None when done, else the seconds until it is tried again."""
        try:
            if row.method == "notice":
                await self._send_notice(row)
            else:
                await self._call(row.method, row.payload)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            self._paused_until = time.monotonic() + seconds
            return await self._failed(row, exc, seconds)
        except Exception as exc:  # network, 5xx, render errors: kept and retried with backoff
            return await self._failed(row, exc, None)
        await asyncio.to_thread(self._outbox.mark_sent, row.id)
        return None

    async def _failed(self, row: PendingMessage, exc: Exception, seconds: float | None) -> float:
        error = self._scrub(f"{type(exc).__name__}: {exc}")
        log.warning("telegram %s (outbox %s) failed: %s", row.method, row.id, error)
        when = await asyncio.to_thread(self._outbox.mark_failed, row.id, error, seconds)
        return seconds if seconds is not None else max(0.0, when.timestamp() - time.time())

    async def _call(self, method: str, payload: dict[str, Any]) -> None:
        """One Bot API call; HTML Telegram refuses is resent as plain text."""
        try:
            await self._post(method, payload)
        except BadRequest as exc:
            text = str(exc).lower()
            if "parse entities" in text and payload.get("parse_mode"):
                plain = {k: v for k, v in payload.items() if k != "parse_mode"}
                plain["text"] = to_plain_text(str(payload.get("text", "")))
                await self._post(method, plain)
            elif "thread not found" in text and "message_thread_id" in payload:
                general = {k: v for k, v in payload.items() if k != "message_thread_id"}
                await self._post(method, general)
            else:
                raise

    async def _post(self, method: str, payload: dict[str, Any]) -> None:
        """A stored payload through PTB's typed method (extra fields ride in api_kwargs)."""
        rest = {k: v for k, v in payload.items() if k not in ("chat_id", "text", "message_id")}
        if method == "sendMessage":
            await self._bot.send_message(payload["chat_id"], payload["text"], api_kwargs=rest)
        elif method == "sendPhoto":
            photo = base64.b64decode(payload["photo_b64"])
            extra = {k: v for k, v in rest.items() if k != "photo_b64"}
            await self._bot.send_photo(payload["chat_id"], photo=photo, api_kwargs=extra)
        elif method == "editMessageReplyMarkup":
            await self._bot.edit_message_reply_markup(
                payload["chat_id"], payload["message_id"], api_kwargs=rest
            )
        else:
            await self._bot.do_api_request(method, api_kwargs=dict(payload))

    async def _send_notice(self, row: PendingMessage) -> None:
        """Render a core notice; several chunks become rows of their own (sent once each)."""
        reply = reply_from_dict(row.payload["reply"])
        payloads = self._renderer.payloads(reply, notice_target(row.payload))
        calls = [("sendMessage", payload) for payload in payloads]
        chart = reply.data.get("chart_png")
        if chart and payloads:
            # A digest's chart goes first as a photo, in the same chat and topic.
            where = {k: v for k, v in payloads[0].items() if k in ("chat_id", "message_thread_id")}
            calls.insert(0, ("sendPhoto", {**where, "photo_b64": chart}))
        if len(calls) == 1:
            await self._call(*calls[0])
            return
        await asyncio.to_thread(self._expand, row.id, calls)
        self.wake()

    def _expand(self, row_id: int, calls: list[tuple[str, dict[str, Any]]]) -> None:
        """A notice's calls as rows of their own, all or none (expanded before a crash: kept)."""
        rows = [
            (method, payload, f"telegram:notice:{row_id}:{number}")
            for number, (method, payload) in enumerate(calls)
        ]
        self._outbox.enqueue_many(PLATFORM, rows)

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text
