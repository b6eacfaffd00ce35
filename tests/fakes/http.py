"""A fake HTTP API on 127.0.0.1, port 0: the base of the fake Slack, Telegram and provider APIs.

Each request is decoded by the subclass (:meth:`FakeHttpApi.parse`: which method, what
payload, which token), meets any injected fault, and is answered by the subclass
(:meth:`FakeHttpApi.answer`) or with the platform's own wording of a failure
(:meth:`FakeHttpApi.error`). Headers and body leave in one write with Nagle off, so a
kept-alive call never waits for the client's delayed ACK.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.base import HUNG, SLOW, Call, FakeServer, Fault

Answer = tuple[int, Any, dict[str, str]]  # status, JSON body, extra headers


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client closing its kept-alive connection is normal here, not an error."""


class FakeHttpApi(FakeServer):
    """Serve with ``start()``/``stop()`` or ``with``; ``url`` is the server's root."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- what a platform defines --------------------------------------------------------

    def parse(self, path: str, headers: dict[str, str], body: bytes) -> tuple[str, dict, str]:
        """(method, payload, token) of a request."""
        raise NotImplementedError

    def chat_of(self, payload: dict[str, Any]) -> str | None:
        """The chat a call is for, to match per-chat faults."""
        return None

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        """A successful call's answer."""
        raise NotImplementedError

    def error(self, method: str, fault: Fault) -> Answer:
        """A failed call's answer, worded as the platform words it."""
        raise NotImplementedError

    def get(self, request: BaseHTTPRequestHandler) -> bool:
        """Serve a GET the platform has outside its API (True when served)."""
        return False

    # -- serving ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("start() the fake first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Any:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                fake._serve(self)

            def do_GET(self) -> None:
                if not fake.get(self):
                    fake._serve(self)

            def log_message(self, *args: Any) -> None:
                return

        self._stopping.clear()
        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # hung calls end now
        with self._changed:
            self._changed.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in request.headers.items()}
        method, payload, token = self.parse(request.path, headers, body)
        fault = self._fault_for(method, self.chat_of(payload), payload)
        if fault is not None and fault.status == HUNG:
            call = Call(method, payload, HUNG, headers, token, arrived)
            self._record(call)
            if self._wait_for_client(request, fault.hang_seconds):
                self._gave_up(call)
            request.close_connection = True  # no answer at all
            return
        if fault is not None and fault.status == SLOW:  # taken now, answered too late
            status, answer, extra = self.answer(method, payload)
            self._record(Call(method, payload, status, headers, token, arrived, answer))
            self._hold(fault)
            try:
                send_json(request, status, answer, extra)
            except OSError:  # the client gave up waiting
                request.close_connection = True
            return
        status, answer, extra = self.error(method, fault) if fault else self.answer(method, payload)
        # Recorded before the answer leaves: once the client has it, a test sees the call.
        self._record(Call(method, payload, status, headers, token, arrived, answer))
        send_json(request, status, answer, extra)

    def _wait_for_client(self, request: BaseHTTPRequestHandler, seconds: float) -> bool:
        """Hold a hung call for ``seconds``; True when the client gave up first (closed)."""
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set() and (left := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([request.connection], [], [], min(left, 0.05))
            if readable:
                try:
                    if not request.connection.recv(1, socket.MSG_PEEK):
                        return True
                except OSError:
                    return True
        return False


def send_json(
    request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    """One JSON response (a client that gave up is not an error)."""
    data = json.dumps(body).encode()
    try:
        request.send_response(status)
        for key, value in {"Content-Type": "application/json", **(headers or {})}.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
