"""Slack's way out: one Web API call, a response_url post or a file upload per call.

Failures become :class:`~bot.adapters.transport.SendFailed`. Slack documents its rate
limits per method and workspace, except chat.postMessage's per channel, so a 429 on a
message holds back that channel and a 429 on any other method holds back the method.
slack_sdk's own retry handlers are off: the outbox schedules every retry.

Timeouts: slack_sdk applies its ``timeout`` only to sessions it creates itself
(``_request_with_session`` in slack_sdk/web/async_internal_utils.py); a session handed
to the client keeps aiohttp's 300 s default. The session opened here carries the
deadline instead, for every call the client makes (bolt's included).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.once import OncePerRequest
from bot.adapters.slack.file_copy import copy_file
from bot.adapters.slack.render import COPY_FILE
from bot.adapters.transport import BaseTransport, Call, Limit, SendFailed

log = logging.getLogger(__name__)

# Slack error codes worth another try; any other ``ok: false`` will not heal by itself.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
# Methods whose rate limit Slack applies per channel.
PER_CHANNEL = frozenset({"chat.postMessage", "chat.postEphemeral", "response_url"})
NETWORK_ERRORS = (aiohttp.ClientError, SlackRequestError, TimeoutError, OSError)
CHART_FILENAME = "tickets-14-days.png"


def _retry_after(headers: Any) -> float:
    try:
        return max(0.0, float(headers.get("Retry-After") or headers.get("retry-after")))
    except (TypeError, ValueError, AttributeError):
        return 1.0


def _limit(method: str) -> Limit:
    return Limit.CHAT if method in PER_CHANNEL else Limit.METHOD


# (channel, ticket number, ts): the post that starts a ticket's thread landed there.
BindThread = Callable[[str, str, str], Awaitable[None]]


class SlackTransport(BaseTransport):
    """Calls through ``client``; :meth:`open` gives it a session with our deadline.

    ``bind_thread`` hears where a post marked ``thread_root`` landed (its ``ts``), so the
    ticket it announces lives in the thread under it.
    """

    platform = "slack"

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        timeout: float = 10.0,
        bind_thread: BindThread | None = None,
    ) -> None:
        self.client = client
        self._timeout = timeout
        self._bind_thread = bind_thread
        # a file copy the deadline stopped waiting for goes on; its retry joins it
        self._copies = OncePerRequest()

    def open(self) -> None:
        """An HTTP session whose every request ends within the timeout (inside a loop)."""
        self.client.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=64),
            timeout=aiohttp.ClientTimeout(total=self._timeout),
            trust_env=False,
        )

    async def close(self) -> None:
        if self.client.session is not None and not self.client.session.closed:
            await self.client.session.close()

    async def send(self, call: Call) -> None:
        if call.method == "response_url":
            await self.respond(str(call.payload["url"]), dict(call.payload["body"]))
        elif call.method == "files_upload_v2":
            await self.upload(call.payload)
        elif call.method == COPY_FILE:
            await self.copy(call.payload)
        else:
            posted = await self.call(call.method, dict(call.payload))
            bind = self._bind_thread
            if call.thread_root and bind is not None and posted.get("ts"):
                channel = str(call.payload["channel"])
                await _bound(bind, channel, call.thread_root, str(posted["ts"]))

    async def call(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        """One Web API call (also used directly, e.g. views.open); returns Slack's answer.

        Raises:
            SendFailed: saying whether to retry, when, and what a rate limit holds back.
        """
        try:
            response = await self.client.api_call(method, json=payload)
        except SlackApiError as exc:
            raise self._api_error(method, exc) from None
        except NETWORK_ERRORS as exc:
            raise SendFailed(type(exc).__name__) from None
        return dict(response.data) if isinstance(response.data, dict) else {}

    @staticmethod
    def _api_error(method: str, exc: SlackApiError) -> SendFailed:
        status = exc.response.status_code
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        error = str(data.get("error") or f"HTTP {status}")
        if status == 429 or error == "ratelimited":
            wait = _retry_after(exc.response.headers)
            return SendFailed.rate_limited("rate limited", wait, _limit(method))
        transient = status >= 500 or error in TRANSIENT_ERRORS
        return SendFailed(error, permanent=not transient)

    async def upload(self, payload: Any) -> None:
        """A digest's chart, into the channel (and thread) of its text."""
        try:
            await self.client.files_upload_v2(
                content=base64.b64decode(payload["png_b64"]),
                filename=CHART_FILENAME,
                title=str(payload.get("title") or "Tickets per day, last 14 days"),
                channel=payload["channel"],
                thread_ts=payload.get("thread_ts"),
            )
        except SlackApiError as exc:
            raise self._api_error("files_upload_v2", exc) from None
        except NETWORK_ERRORS as exc:
            raise SendFailed(type(exc).__name__) from None

    async def copy(self, payload: Any) -> None:
        """A customer's file, again, to the engineer who asked (``file_copy.py``)."""
        try:
            request = str(payload.get("request") or "")
            await self._copies.run(request, partial(copy_file, self.client, payload))
        except SlackApiError as exc:
            raise self._api_error(COPY_FILE, exc) from None
        except NETWORK_ERRORS as exc:
            raise SendFailed(type(exc).__name__) from None

    async def respond(self, url: str, body: dict[str, Any]) -> None:
        """POST to a slash command's or button's response_url (valid for 30 minutes).

        The URL is a credential of sorts: it never appears in an error.
        """
        session = self.client.session
        if session is None:
            raise SendFailed("no HTTP session")
        try:
            async with session.post(url, json=body) as resp:
                if resp.status == 429:
                    wait = _retry_after(resp.headers)
                    raise SendFailed.rate_limited("rate limited", wait, Limit.CHAT)
                if resp.status >= 400:
                    raise SendFailed(f"HTTP {resp.status}", permanent=resp.status < 500)
        except NETWORK_ERRORS as exc:
            raise SendFailed(type(exc).__name__) from None


async def _bound(bind: BindThread, channel: str, number: str, ts: str) -> None:
    """Bind the ticket to the thread under its post. The post is out: a failure here must
    not send it again, so it is logged and the ticket stays without a thread."""
    try:
        await bind(channel, number, ts)
    except Exception:
        log.exception("slack: %s could not be bound to its thread", number)
