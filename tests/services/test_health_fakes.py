"""Loopback fakes for health tests: an HTTP site whose answers tests change, and configs."""

from __future__ import annotations

import socket
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from tests.factories import CONFIG, write_kb

FIXTURES = Path(__file__).with_name("fixtures")


class FakeSite:
    """``routes[path] = (status, body, delay_seconds)``; delay None means hang until teardown."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, float | None]] = {}
        self.hits: list[str] = []
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.hits.append(self.path)
                status, body, delay = site.routes.get(self.path, (404, b"not found", 0.0))
                if delay is None:
                    site.release.wait(10)
                elif delay:
                    site.release.wait(delay)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def set(self, path: str, status: int = 200, body: bytes = b"ok", delay: float | None = 0.0):
        self.routes[path] = (status, body, delay)


def serve_site() -> Iterator[FakeSite]:
    """Body of the ``site`` fixture each test module declares (yield from it)."""
    fake = FakeSite()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        fake.server.shutdown()
        fake.server.server_close()


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(folder: Path, **changes: Any) -> Path:
    """The test CONFIG with ``services.<id>.<key>`` replaced and top-level keys added."""
    write_kb(folder / "kb")
    raw = yaml.safe_load(textwrap.dedent(CONFIG))
    for key, value in changes.items():
        if key.startswith("service_"):
            service_id, _, field = key.removeprefix("service_").partition("__")
            service = next(s for s in raw["services"] if s["id"] == service_id)
            service[field] = value
        else:
            raw[key] = value
    path = folder / "supportbot.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


class StepClock:
    """A clock tests move by hand (checks run for real; only "now" is chosen)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
