"""Telegram's way out: one Bot API call through PTB, failures turned into ``SendFailed``.

Two refusals are repaired on the spot, because resending the same call would fail the
same way: HTML Telegram cannot parse is resent as plain text, and a message to a
deleted forum topic goes to the group's general topic. Telegram's flood control
(429 with retry_after) holds back the chat the call was for; Telegram does not say
whether a limit was its per-chat or its overall one, so each chat waits for its own.
Timeouts are the Application's request timeouts (set by the front end).
"""

from __future__ import annotations

import base64
import warnings
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)

from bot.adapters.once import OncePerRequest
from bot.adapters.outbox_pump import CALL_TIMEOUT_SECONDS
from bot.adapters.transport import BaseTransport, Call, Limit, SendFailed

from ._html import to_plain_text
from .render import COPY_FILE, OPEN_PROMPT, PROMPT_BUTTONS

# A file copy's upload may take this many call deadlines: a late answer still counts, and
# the outbox's retry waits for it rather than uploading again (``bot/adapters/once.py``).
UPLOAD_TIMES = 6
# Keys every stored call names by position (the rest ride in api_kwargs).
_POSITIONAL = ("chat_id", "text", "message_id")


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` as seconds, whichever type this PTB version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramTransport(BaseTransport):
    """Sends calls with ``bot`` (the PTB Application's, sharing its HTTP client)."""

    platform = "telegram"

    def __init__(
        self, bot: Bot, upload_seconds: float = UPLOAD_TIMES * CALL_TIMEOUT_SECONDS
    ) -> None:
        self._bot = bot
        self._upload_seconds = upload_seconds
        self._copies = OncePerRequest()  # a file copy's retry never uploads it twice
        # chat id → the last ticket question sent there with buttons (render.OPEN_PROMPT);
        # this worker's own: after a restart, an answer typed without replying keeps them
        self._open_prompts: dict[str, int] = {}

    async def send(self, call: Call) -> None:
        payload = dict(call.payload)
        try:
            await self._repairing(call.method, payload)
        except RetryAfter as exc:
            limit = Limit.CHAT if "chat_id" in payload else Limit.PLATFORM
            raise SendFailed.rate_limited("flood control", retry_seconds(exc), limit) from None
        except InvalidToken:  # nothing will go out until an operator fixes the token
            raise SendFailed.rate_limited("invalid token", 60.0, Limit.PLATFORM) from None
        except (BadRequest, Forbidden, ChatMigrated) as exc:
            raise SendFailed(f"{type(exc).__name__}: {exc}", permanent=True) from None
        except TelegramError as exc:  # network errors, timeouts, 5xx
            raise SendFailed(f"{type(exc).__name__}: {exc}") from None

    async def _repairing(self, method: str, payload: dict[str, Any]) -> None:
        """One call; HTML Telegram refuses is resent as plain text, a lost topic's message
        goes to the general topic."""
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
        rest = {k: v for k, v in payload.items() if k not in _POSITIONAL}
        if method == "sendMessage":
            sent = await self._bot.send_message(
                payload["chat_id"], payload["text"], api_kwargs=rest
            )
            if PROMPT_BUTTONS in str(payload.get("reply_markup") or ""):
                self._open_prompts[str(payload["chat_id"])] = sent.message_id
        elif method == "sendPhoto":
            photo = base64.b64decode(payload["photo_b64"])
            extra = {k: v for k, v in rest.items() if k != "photo_b64"}
            await self._bot.send_photo(payload["chat_id"], photo=photo, api_kwargs=extra)
        elif method == COPY_FILE:
            request = str(payload.get("request") or "")
            await self._copies.run(request, partial(self._copy_file, payload))
        elif method == "editMessageReplyMarkup":
            chat = str(payload["chat_id"])
            if rest.pop(OPEN_PROMPT, None):
                message_id = self._open_prompts.pop(chat, None)
                if message_id is None:  # nothing open, or sent by another worker
                    return
            else:
                message_id = payload["message_id"]
                if self._open_prompts.get(chat) == message_id:
                    del self._open_prompts[chat]
            await self._bot.edit_message_reply_markup(
                payload["chat_id"], message_id, api_kwargs=rest
            )
        else:
            await self._bot.do_api_request(method, api_kwargs=dict(payload))

    async def _copy_file(self, payload: dict[str, Any]) -> None:
        """A customer's file, fetched with the bot's token (getFile, then its file path;
        Telegram lets a bot download up to 20 MB) and sent as a document to the engineer
        who asked: a document keeps its name and bytes whatever it was (photo, voice, log)."""
        file = await self._bot.get_file(str(payload["file_id"]))
        content = bytes(await file.download_as_bytearray())
        name = str(payload.get("filename") or "file")
        slow = self._upload_seconds
        await self._bot.send_document(
            payload["chat_id"],
            document=content,
            filename=name,
            read_timeout=slow,
            write_timeout=slow,
        )
