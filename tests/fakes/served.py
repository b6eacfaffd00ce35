"""The real app served on 127.0.0.1 (a free port) in a thread, for the fakes to talk to.

Tests and the playground (``python -m tests.fakes.playground``) both need the whole ASGI
app running as in production (uvicorn, lifespan: front ends, outbox pumps, scheduler),
so that the real slack-bolt and python-telegram-bot code calls the fake platforms.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

import uvicorn


class ServedApp:
    """uvicorn serving ``app`` on 127.0.0.1:0 in a thread, lifespan included."""

    def __init__(self, app: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self.server.run, args=([self._sock],), daemon=True)

    def __enter__(self) -> ServedApp:
        self._thread.start()
        ready = threading.Event()
        for _ in range(400):
            if self.server.started or not self._thread.is_alive():
                break
            ready.wait(0.025)
        if not self.server.started:
            raise RuntimeError("the app did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=20)
        self._sock.close()
