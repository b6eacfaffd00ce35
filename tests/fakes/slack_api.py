"""A fake Slack Web API on 127.0.0.1, port 0: canned answers, every call recorded.

Tests point ``SLACK_API_URL`` at :attr:`FakeSlackApi.api_url` and use
:meth:`FakeSlackApi.hook_url` as a slash command's ``response_url``. Failures are
injected per method (``fail("chat.postMessage", 429, retry_after=1)``) and the
``wait_for`` helpers block on a condition with a timeout instead of sleeping.
``FakeSlackApi(random_faults=(0.10, 0.05, seed))`` also answers that share of calls
with 429 (Retry-After: 1) or 500 at random, for drills (bench/drill_load.py).
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER_ID = "U_BOT"
BOT_ID = "B_BOT"
# Left alone by random faults: bolt's one identity look-up is not what a drill measures.
RANDOM_FAULT_EXEMPT = frozenset({"auth.test"})


@dataclass(frozen=True)
class Call:
    """One request the fake received; ``status`` is what it answered."""

    method: str
    payload: dict[str, Any]
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() when the request arrived (for benchmarks)

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class _Failure:
    status: int
    retry_after: float | None
    times: int
    where: Callable[[dict[str, Any]], bool] | None = None


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client closing its kept-alive connection is normal here, not an error."""


class FakeSlackApi:
    """Start with ``with FakeSlackApi() as api:`` (or start()/stop())."""

    def __init__(
        self,
        *,
        random_faults: tuple[float, float, int] | None = None,
        random_fault_exempt: frozenset[str] = RANDOM_FAULT_EXEMPT,
    ) -> None:
        """``random_faults=(p429, p500, seed)``: besides :meth:`fail`, answer about that
        share of calls with 429 (Retry-After: 1) and 500, drawn from a seeded generator."""
        self._calls: list[Call] = []
        self._failures: dict[str, list[_Failure]] = {}
        self.random_faults = random_faults
        self.random_fault_exempt = random_fault_exempt
        self._random = random.Random(random_faults[2] if random_faults else 0)
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------
    def start(self) -> FakeSlackApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle on, the body
            # waits for the client's delayed ACK (~40 ms) on every kept-alive call.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                fake._handle(self)

            def do_GET(self) -> None:
                fake._dump(self)

            def log_message(self, *args: Any) -> None:
                return

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeSlackApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def hook_url(self, name: str = "response") -> str:
        return f"{self.url}/hooks/{name}"

    # -- behaviour -------------------------------------------------------
    def fail(
        self,
        method: str,
        status: int,
        *,
        retry_after: float | None = None,
        times: int = 1,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (whose payload matches ``where``)
        with ``status``; ``retry_after`` adds the Retry-After header."""
        with self._changed:
            failure = _Failure(status, retry_after, times, where)
            self._failures.setdefault(method, []).append(failure)

    def _answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "team_id": "T_TEST",
                "user": "supportbot",
                "team": "Test",
                "url": "https://test.slack.com/",
            }
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": payload.get("channel"), "ts": ts, "message_ts": ts}
        if method == "views.open":
            return {"ok": True, "view": {"id": f"V{next(self._ts)}"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts)}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = payload.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {
                "ok": True,
                "files": [{"id": f.get("id"), "title": f.get("title")} for f in files],
            }
        return {"ok": True}

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length)
        path = request.path.split("?", 1)[0]
        if path.startswith("/upload/"):  # the file bytes of files.uploadV2's second step
            payload = {"file_id": path.removeprefix("/upload/"), "content": body}
        elif "json" in (request.headers.get("Content-Type") or ""):
            payload = json.loads(body.decode("utf-8") or "{}")
        else:
            payload = dict(parse_qsl(body.decode("utf-8")))
        if "?" in request.path and not path.startswith("/upload/"):  # slack_sdk sends some
            payload = {**dict(parse_qsl(request.path.split("?", 1)[1])), **payload}  # as query
        method = path.removeprefix("/api/") if path.startswith("/api/") else path
        headers = {"Content-Type": "application/json"}
        with self._changed:
            failure = self._next_failure(method, payload) or self._random_failure(method)
        if failure is not None:
            status = failure.status
            body: dict[str, Any] = {
                "ok": False,
                "error": "ratelimited" if status == 429 else "internal_error",
            }
            if failure.retry_after is not None:
                headers["Retry-After"] = str(failure.retry_after)
        else:
            status, body = 200, self._answer(method, payload)
        data = json.dumps(body).encode()
        request.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(data))}.items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)
        headers_seen = {k.lower(): v for k, v in request.headers.items()}
        call = Call(method, payload, status, headers_seen, arrived)
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def _dump(self, request: BaseHTTPRequestHandler) -> None:
        """``GET /_calls``: the recorded calls as JSON (for a benchmark in another process)."""
        with self._changed:
            calls = [
                {
                    "method": c.method,
                    "status": c.status,
                    "at": c.at,
                    "thread_ts": c.payload.get("thread_ts"),
                }
                for c in self._calls
            ]
        data = json.dumps(calls).encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _next_failure(self, method: str, payload: dict[str, Any]) -> _Failure | None:
        queue = self._failures.get(method) or []
        for failure in queue:
            if failure.where is None or failure.where(payload):
                failure.times -= 1
                if failure.times <= 0:
                    queue.remove(failure)
                return failure
        return None

    def _random_failure(self, method: str) -> _Failure | None:
        """A 429 or 500 by chance when ``random_faults`` is set (call under the lock)."""
        if self.random_faults is None or method in self.random_fault_exempt:
            return None
        p429, p500, _seed = self.random_faults
        roll = self._random.random()
        if roll < p429:
            return _Failure(429, 1, 1)
        if roll < p429 + p500:
            return _Failure(500, None, 1)
        return None

    # -- inspection ------------------------------------------------------
    def calls(self, method: str | None = None, *, ok_only: bool = True) -> list[Call]:
        with self._changed:
            return [
                c
                for c in self._calls
                if (method is None or c.method == method) and (c.ok or not ok_only)
            ]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        where: Callable[[Call], bool] | None = None,
        timeout: float = 10.0,
        ok_only: bool = True,
    ) -> list[Call]:
        """Block until ``count`` matching calls arrived; fail the test with what did arrive."""
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [
                c
                for c in self._calls
                if c.method == method and (c.ok or not ok_only) and (where is None or where(c))
            ]

        with self._changed:
            while len(found := matching()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status) for c in self._calls]
                    raise AssertionError(f"waited {timeout}s for {count}× {method}; got {seen}")
                self._changed.wait(left)
            return found

    def wait_quiet(self, method: str, seconds: float) -> list[Call]:
        """Give late calls of ``method`` a chance to arrive, then return them all.

        Used only to prove a negative (nothing was posted twice); it waits on the
        condition, so it ends early never and late by at most ``seconds``.
        """
        deadline = time.monotonic() + seconds
        with self._changed:
            while (left := deadline - time.monotonic()) > 0:
                self._changed.wait(left)
            return [c for c in self._calls if c.method == method and c.ok]
