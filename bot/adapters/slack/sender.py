"""Drains the persistent outbox into the Slack Web API, honouring 429 and retrying 5xx.

The outbox decides when to try again (Retry-After from Slack, otherwise its own
backoff), so slack_sdk's retry handlers are off. Messages for one channel go out
in order; different channels are sent concurrently.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.chat_order import ChatOrder
from bot.adapters.slack.render import SlackRenderer
from bot.messages import reply_from_dict
from bot.rendering import RenderError
from bot.services.outbox import Outbox, PendingMessage

log = logging.getLogger(__name__)
PLATFORM = "slack"
# Slack error codes worth another try; any other ``ok: false`` will not heal by itself.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
LINGER_SECONDS = 0.01
# Until the outbox has a dead-letter state, a permanent failure is parked this long.
PARKED_SECONDS = 3600.0
RunSync = Callable[..., Awaitable[Any]]


class SendFailed(Exception):
    """One call failed; ``retry_after`` is Slack's wait, ``permanent`` means don't hurry back."""

    def __init__(self, reason: str, retry_after: float | None = None, permanent: bool = False):
        super().__init__(reason)
        self.retry_after = retry_after
        self.permanent = permanent


def _retry_after(headers: Any) -> float | None:
    try:
        return max(0.0, float(headers.get("Retry-After") or headers.get("retry-after")))
    except (TypeError, ValueError, AttributeError):
        return None


class OutboxSender:
    """Claims due Slack rows and sends them; wakes at once when something is enqueued."""

    def __init__(
        self,
        outbox: Outbox,
        client: AsyncWebClient,
        renderer: SlackRenderer,
        run_sync: RunSync,
        *,
        poll_seconds: float = 0.2,
        batch: int = 100,
    ) -> None:
        self._outbox = outbox
        self._client = client
        self._renderer = renderer
        self._run_sync = run_sync
        self._poll = poll_seconds
        self._batch = batch
        self._wake = asyncio.Event()
        self._stopping = False
        self._paused_until: dict[str, float] = {}
        self._sent: list[int] = []
        self._order = ChatOrder()  # a channel's later rows never overtake a retry
        self._marking: asyncio.Future[None] | None = None

    def wake(self) -> None:
        """Look at the outbox now (called right after enqueueing)."""
        self._wake.set()

    async def run(self) -> None:
        """Send until :meth:`stop`; a failure in one round never ends the loop.

        After a wake-up the sender lingers a few milliseconds so that answers
        finishing together share one claim (a claim is a database transaction).
        """
        while not self._stopping:
            if self._wake.is_set():
                await asyncio.sleep(LINGER_SECONDS)
            self._wake.clear()
            try:
                sent = await self.send_due()
            except Exception:
                log.exception("slack outbox round failed")
                sent = 0
            if sent >= self._batch:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def send_due(self) -> int:
        """One round: claim due rows, send them grouped by channel; returns rows claimed."""
        due: list[PendingMessage] = await self._run_sync(
            self._outbox.claim_due, PLATFORM, self._batch
        )
        groups: dict[str, list[PendingMessage]] = {}
        for row in due:
            key = str(row.payload.get("channel") or row.payload.get("url") or row.id)
            groups.setdefault(key, []).append(row)
        await asyncio.gather(*(self._send_group(key, rows) for key, rows in groups.items()))
        if self._marking is not None:
            await self._marking  # the round ends with its rows marked
        return len(due)

    async def _send_group(self, channel: str, rows: list[PendingMessage]) -> None:
        """One channel's rows, in order; each sent row is marked at once (batched with
        the other channels' marks), so a crash can repeat only messages in flight."""
        for index, row in enumerate(rows):
            paused = max(
                self._paused_until.get(row.method, 0.0) - time.monotonic(),
                self._order.wait_for(channel, row.id),
            )
            if paused > 0:  # our own wait (a 429 pause, an earlier row's retry): no attempt
                ids = [r.id for r in rows[index:]]
                await self._run_sync(partial(self._outbox.defer_many, ids, seconds=paused))
                return
            try:
                await self._send(row)
            except SendFailed as exc:
                until = await self._fail(row, exc)
                if exc.permanent:  # it will not go out; don't hold the others for it
                    self._order.done(channel, row.id)
                    continue
                # rows of this channel claimed later (next rounds) wait for this one too
                self._order.failed(
                    channel, row.id, (until - datetime.now(until.tzinfo)).total_seconds()
                )
                # keep the channel's order: the rest wait as long as the failed one,
                # without counting an attempt of their own
                later = [r.id for r in rows[index + 1 :]]
                if later:
                    wait = self._order.wait_for(channel, later[0])
                    await self._run_sync(partial(self._outbox.defer_many, later, seconds=wait))
                return
            self._order.done(channel, row.id)
            self._mark_sent(row.id)

    def _mark_sent(self, row_id: int) -> None:
        self._sent.append(row_id)
        if self._marking is None or self._marking.done():
            self._marking = asyncio.ensure_future(self._flush_sent())

    async def _flush_sent(self) -> None:
        """Mark what was sent, in one transaction per round, until nothing is left."""
        while self._sent:
            ids, self._sent = self._sent, []
            try:
                await self._run_sync(self._outbox.mark_sent_many, ids)
            except Exception:  # sent twice after the lease at worst; never lost
                log.exception("slack outbox: %d sent rows could not be marked", len(ids))

    async def _fail(self, row: PendingMessage, exc: SendFailed) -> datetime:
        """Record the failure; returns when the row is due again."""
        delay = PARKED_SECONDS if exc.permanent else exc.retry_after
        if exc.permanent:
            log.error("slack %s (outbox %s) failed for good: %s", row.method, row.id, exc)
        else:
            log.warning("slack %s (outbox %s) will be retried: %s", row.method, row.id, exc)
        return await self._run_sync(self._outbox.mark_failed, row.id, str(exc), delay)

    async def _send(self, row: PendingMessage) -> None:
        if row.method == "notice":
            payload = row.payload
            try:
                reply = reply_from_dict(payload["reply"])
                post = self._renderer.post(reply, payload["channel"], payload.get("thread"))
            except (RenderError, KeyError, TypeError, ValueError) as exc:
                log.exception("slack notice (outbox %s) cannot be rendered", row.id)
                raise SendFailed(f"render: {type(exc).__name__}", permanent=True) from None
            chart = reply.data.get("chart_png")
            if chart:
                # Text and chart become two rows, each sent once: a retry of one never
                # repeats the other.
                upload = {
                    "channel": payload["channel"],
                    "thread_ts": payload.get("thread"),
                    "png_b64": chart,
                }
                await self._run_sync(self._expand, row.id, post, upload)
                self.wake()
                return
            await self.call("chat.postMessage", post)
        elif row.method == "files_upload_v2":
            await self.upload(row.payload)
        elif row.method == "response_url":
            await self.respond(row.payload["url"], row.payload["body"])
        else:
            await self.call(row.method, row.payload)

    def _expand(self, row_id: int, post: dict[str, Any], upload: dict[str, Any]) -> None:
        """Both rows at once; a second expansion after a crash finds them and adds none."""
        self._outbox.enqueue_many(
            "slack",
            [
                ("chat.postMessage", post, f"slack:notice:{row_id}:text"),
                ("files_upload_v2", upload, f"slack:notice:{row_id}:chart"),
            ],
        )

    async def upload(self, payload: dict[str, Any]) -> None:
        """A digest's chart, into the channel (and thread) of its text."""
        try:
            await self._client.files_upload_v2(
                content=base64.b64decode(payload["png_b64"]),
                filename="tickets-14-days.png",
                title="Tickets per day, last 14 days",
                channel=payload["channel"],
                thread_ts=payload.get("thread_ts"),
            )
        except SlackApiError as exc:
            status = exc.response.status_code
            if status == 429:
                raise SendFailed("files.upload: rate limited", retry_after=1.0) from None
            raise SendFailed(f"files.upload: HTTP {status}", permanent=status < 500) from None
        except (aiohttp.ClientError, SlackRequestError, TimeoutError, OSError) as exc:
            raise SendFailed(f"files.upload: {type(exc).__name__}") from None

    async def call(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        """One Web API call; raises :class:`SendFailed` saying whether to retry and when."""
        try:
            response = await self._client.api_call(method, json=payload)
        except SlackApiError as exc:
            status = exc.response.status_code
            data = exc.response.data if isinstance(exc.response.data, dict) else {}
            error = str(data.get("error") or f"HTTP {status}")
            if status == 429 or error == "ratelimited":
                wait = _retry_after(exc.response.headers) or 1.0
                self._paused_until[method] = time.monotonic() + wait
                raise SendFailed(f"{method}: rate limited", retry_after=wait) from None
            transient = status >= 500 or error in TRANSIENT_ERRORS
            raise SendFailed(f"{method}: {error}", permanent=not transient) from None
        except (aiohttp.ClientError, SlackRequestError, TimeoutError, OSError) as exc:
            raise SendFailed(f"{method}: {type(exc).__name__}") from None
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def respond(self, url: str, body: dict[str, Any]) -> None:
        """POST to a slash command's or button's response_url (valid for 30 minutes)."""
        session = self._client.session
        if session is None:
            raise SendFailed("response_url: no HTTP session")
        try:
            timeout = aiohttp.ClientTimeout(total=10)
            async with session.post(url, json=body, timeout=timeout) as resp:
                if resp.status == 429:
                    wait = _retry_after(resp.headers) or 1.0
                    raise SendFailed("response_url: rate limited", retry_after=wait)
                if resp.status >= 500:
                    raise SendFailed(f"response_url: HTTP {resp.status}")
                if resp.status >= 400:
                    raise SendFailed(f"response_url: HTTP {resp.status}", permanent=True)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise SendFailed(f"response_url: {type(exc).__name__}") from None
