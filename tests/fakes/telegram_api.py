"""A fake Telegram Bot API on 127.0.0.1 (port 0): canned answers, every call recorded.

It serves ``/bot<token>/<method>`` like the real API: getMe, getUpdates (long
polling over queued updates, with a short cap), sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, setWebhook, deleteWebhook and
setMyCommands. ``fail_next`` injects a 429 (with retry_after) or a 500. Waiting
helpers block on a condition with a timeout; nothing sleeps for a fixed time.
``FakeTelegramApi(random_faults=(0.10, 0.05, seed))`` also answers that share of calls
with 429 (retry_after 1) or 500 at random, for drills (bench/drill_load.py).
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

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


@dataclass(frozen=True)
class Call:
    """One request the bot made: the method, its decoded payload, the token, the status."""

    method: str
    payload: dict[str, Any]
    token: str
    status: int
    at: float = field(default_factory=time.monotonic)


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


class FakeTelegramApi:
    """Start with ``with FakeTelegramApi() as api:``; point TELEGRAM_API_URL at ``api.url``."""

    def __init__(
        self,
        *,
        long_poll_cap: float = 0.5,
        bot_user: dict[str, Any] | None = None,
        random_faults: tuple[float, float, int] | None = None,
        random_fault_exempt: frozenset[str] = RANDOM_FAULT_EXEMPT,
    ):
        """``random_faults=(p429, p500, seed)``: besides :meth:`fail_next`, answer about that
        share of calls with 429 (retry_after 1) and 500, drawn from a seeded generator."""
        self.random_faults = random_faults
        self.random_fault_exempt = random_fault_exempt
        self._random = random.Random(random_faults[2] if random_faults else 0)
        self.bot_user = dict(bot_user or BOT_USER)
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, int | None, str]]] = {}
        self._cond = threading.Condition()
        self._ids = itertools.count(1000)
        self._cap = long_poll_cap
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeTelegramApi:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # -- test controls -------------------------------------------------------------------

    def reset(self) -> None:
        """Forget recorded calls and pending failures (between scenarios sharing one app)."""
        with self._cond:
            self.calls.clear()
            self._failures.clear()

    def queue_update(self, update: dict[str, Any]) -> None:
        """Make ``update`` available to getUpdates (polling mode)."""
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        retry_after: int | None = None,
        times: int = 1,
        description: str = "Internal Server Error",
    ) -> None:
        """The next ``times`` calls of ``method`` fail with ``status`` (429, 400, 5xx)."""
        with self._cond:
            failure = (status, retry_after, description)
            self._failures.setdefault(method, []).extend([failure] * times)

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[Call]:
        with self._cond:
            return [
                c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)
            ]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
        ok_only: bool = True,
    ) -> list[Call]:
        """Block until ``count`` matching calls were made; AssertionError after ``timeout``."""

        def matching() -> list[Call]:
            return [
                c
                for c in self.calls
                if c.method == method
                and (c.status == 200 or not ok_only)
                and (where is None or where(c))
            ]

        deadline = time.monotonic() + timeout
        with self._cond:
            while len(found := matching()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status) for c in self.calls]
                    raise AssertionError(f"{count}× {method} not seen in {timeout}s; got {seen}")
                self._cond.wait(left)
            return found

    def texts(self, chat_id: int | None = None) -> list[str]:
        """The text of every sendMessage that succeeded (to ``chat_id`` if given)."""
        return [
            str(c.payload.get("text"))
            for c in self.calls_to("sendMessage")
            if chat_id is None or c.payload.get("chat_id") == chat_id
        ]

    # -- serving -------------------------------------------------------------------------

    def _handle(self, token: str, method: str, payload: dict[str, Any]) -> tuple[int, Any]:
        with self._cond:
            failures = self._failures.get(method)
            failure = failures.pop(0) if failures else self._random_failure(method)
        if failure is not None:
            status, retry_after, description = failure
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if status == 429:
                body["description"] = f"Too Many Requests: retry after {retry_after}"
                body["parameters"] = {"retry_after": retry_after or 1}
            return status, body
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(payload)}
        result = self._result(method, payload)
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        return 200, {"ok": True, "result": result}

    def _random_failure(self, method: str) -> tuple[int, int | None, str] | None:
        """A 429 or 500 by chance when ``random_faults`` is set (call under the lock)."""
        if self.random_faults is None or method in self.random_fault_exempt:
            return None
        p429, p500, _seed = self.random_faults
        roll = self._random.random()
        if roll < p429:
            return (429, 1, "Too Many Requests")
        if roll < p429 + p500:
            return (500, None, "Internal Server Error")
        return None

    def _result(self, method: str, payload: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.bot_user
        if method in ("sendMessage", "sendPhoto"):
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
        if method in (
            "editMessageText",
            "editMessageReplyMarkup",
            "answerCallbackQuery",
            "setWebhook",
            "deleteWebhook",
            "setMyCommands",
        ):
            return True
        return None

    def _get_updates(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(payload.get("offset") or 0)
        wait = min(float(payload.get("timeout") or 0), self._cap)
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates[: int(payload.get("limit") or 100)])
                self._cond.wait(deadline - time.monotonic())

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out without a 40 ms stall

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                content_type = self.headers.get("Content-Type") or ""
                if content_type.startswith("multipart/form-data"):
                    payload = _decode_multipart(content_type, raw)
                elif "json" in content_type:
                    payload = json.loads(raw.decode("utf-8") or "{}")
                else:
                    body = raw.decode("utf-8")
                    payload = _decode(dict(parse_qsl(body, keep_blank_values=True)))
                parts = self.path.strip("/").split("/")
                token = parts[0].removeprefix("bot") if parts else ""
                method = parts[1] if len(parts) > 1 else ""
                status, answer = api._handle(token, method, payload)
                api._record(Call(method, payload, token, status))
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a long poll cut short at shutdown)

            do_GET = do_POST

            def log_message(self, *_args: Any) -> None:
                pass

        return Handler
