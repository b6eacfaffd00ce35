"""A fake Telegram Bot API on 127.0.0.1 (port 0): canned answers, every call recorded.

It serves ``/bot<token>/<method>`` like the real API: getMe, getUpdates (long
polling over queued updates, with a short cap), sendMessage, sendPhoto, sendDocument,
getFile (for the ids in :attr:`FakeTelegramApi.files`, whose bytes it serves at
``/file/bot<token>/<file_path>`` to the right token only, as a ``download`` call),
editMessageText, editMessageReplyMarkup, answerCallbackQuery, setWebhook,
deleteWebhook and setMyCommands. Faults are the shared verbs of
``tests/fakes/base.py``: ``fail("sendMessage", 429, retry_after=1, chat=-100)`` is
flood control for one chat, without ``chat`` for every chat; ``hang(...)`` leaves
calls unanswered.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote

from tests.fakes.base import Call, Fault
from tests.fakes.http import Answer, FakeHttpApi

BOT_USER = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Support",
    "username": "acme_support_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
JSON_FIELDS = {
    "chat_id",
    "message_id",
    "message_thread_id",
    "reply_markup",
    "reply_parameters",
    "link_preview_options",
    "commands",
    "scope",
    "allowed_updates",
    "offset",
    "limit",
    "timeout",
    "drop_pending_updates",
}
# Left alone by random faults: a failed getMe stops start-up, which is not what a drill measures.
RANDOM_FAULT_EXEMPT = frozenset({"getMe"})
TRUE_METHODS = frozenset(
    {
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "setWebhook",
        "deleteWebhook",
        "setMyCommands",
    }
)


def _decode(raw: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        if key in JSON_FIELDS:
            try:
                decoded[key] = json.loads(value)
                continue
            except ValueError:
                pass
        decoded[key] = value
    return decoded


def _decode_multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """Form fields as text (JSON fields decoded); uploaded files as bytes."""
    message = BytesParser(policy=email_policy).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    fields: dict[str, str] = {}
    files: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename():
            files[str(name)] = data
        else:
            fields[str(name)] = data.decode("utf-8")
    return {**_decode(fields), **files}


class FakeTelegramApi(FakeHttpApi):
    """Start with ``with FakeTelegramApi() as api:``; point TELEGRAM_API_URL at ``api.url``."""

    random_fault_exempt = RANDOM_FAULT_EXEMPT

    def __init__(
        self,
        *,
        long_poll_cap: float = 0.5,
        bot_user: dict[str, Any] | None = None,
        random_faults: tuple[float, float, int] | None = None,
    ) -> None:
        super().__init__(random_faults=random_faults)
        self.bot_user = dict(bot_user or BOT_USER)
        self._updates: list[dict[str, Any]] = []
        self._updates_changed = threading.Condition()
        self._ids = itertools.count(1000)
        self._cap = long_poll_cap
        # file_id → bytes: the files people sent, which getFile finds and a download serves
        self.files: dict[str, bytes] = {}
        self.token = ""  # the token downloads must carry (set: only that one works)

    def stop(self) -> None:
        with self._updates_changed:
            self._updates_changed.notify_all()
        super().stop()

    def queue_update(self, update: dict[str, Any]) -> None:
        """Make ``update`` available to getUpdates (polling mode)."""
        with self._updates_changed:
            self._updates.append(update)
            self._updates_changed.notify_all()

    def unconfirmed(self) -> int:
        """Updates queued and not yet confirmed by a later getUpdates (its ``offset``): the
        bot may not have stored them yet, so whoever waits for its answers keeps waiting."""
        with self._updates_changed:
            return len(self._updates)

    def texts(self, chat_id: int | None = None) -> list[str]:
        """The text of every sendMessage that succeeded (to ``chat_id`` if given)."""
        return [
            str(c.payload.get("text"))
            for c in self.calls("sendMessage")
            if chat_id is None or c.payload.get("chat_id") == chat_id
        ]

    def parse(self, path: str, headers: dict[str, str], body: bytes) -> tuple[str, dict, str]:
        content_type = headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            payload = _decode_multipart(content_type, body)
        elif "json" in content_type:
            payload = json.loads(body.decode("utf-8") or "{}")
        else:
            payload = _decode(dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)))
        parts = path.strip("/").split("/")
        token = parts[0].removeprefix("bot") if parts else ""
        return (parts[1] if len(parts) > 1 else ""), payload, token

    def chat_of(self, payload: dict[str, Any]) -> str | None:
        chat = payload.get("chat_id")
        return None if chat is None else str(chat)

    def error(self, method: str, fault: Fault) -> Answer:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": fault.status,
            "description": fault.description or "Internal Server Error",
        }
        if fault.status == 429:
            wait: float = fault.retry_after or 1
            wait = int(wait) if float(wait).is_integer() else wait
            body["description"] = f"Too Many Requests: retry after {wait:g}"
            body["parameters"] = {"retry_after": wait}
        return fault.status, body, {}

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(payload)}, {}
        result = self._result(method, payload)
        if result is None and method == "getFile":
            bad = {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            return 400, bad, {}
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, {}
        return 200, {"ok": True, "result": result}, {}

    def _result(self, method: str, payload: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.bot_user
        if method == "getFile":
            content = self.files.get(str(payload.get("file_id")))
            if content is None:
                return None
            path = f"documents/{payload['file_id']}"
            return {**payload, "file_unique_id": "u1", "file_size": len(content), "file_path": path}
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            chat_id = payload.get("chat_id")
            if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
                chat_id = int(chat_id)
            kind = "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup"
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": kind},
                "from": self.bot_user,
                "text": payload.get("text", ""),
            }
        return True if method in TRUE_METHODS else None

    def get(self, request: BaseHTTPRequestHandler) -> bool:
        """``GET /file/bot<token>/documents/<file_id>``: a file's bytes, as Telegram serves
        a ``file_path`` getFile gave (recorded as a ``download`` call)."""
        if not request.path.startswith("/file/bot"):
            return False
        token, _, path = unquote(request.path).removeprefix("/file/bot").partition("/")
        content = self.files.get(path.removeprefix("documents/"))
        found = content is not None and (not self.token or token == self.token)
        status = 200 if found else 404
        self._record(Call("download", {"file_path": path}, status, {}, token, time.monotonic()))
        request.send_response(status)
        request.send_header("Content-Type", "application/octet-stream")
        request.send_header("Content-Length", str(len(content or b"") if found else 0))
        request.end_headers()
        if found and content:
            request.wfile.write(content)
        return True

    def _get_updates(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(payload.get("offset") or 0)
        wait = min(float(payload.get("timeout") or 0), self._cap)
        deadline = time.monotonic() + wait
        with self._updates_changed:
            while True:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                left = deadline - time.monotonic()
                if self._updates or left <= 0 or self._stopping.is_set():
                    return list(self._updates[: int(payload.get("limit") or 100)])
                self._updates_changed.wait(left)
