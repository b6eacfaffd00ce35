"""The drills' cluster: ``supportbot serve`` workers on one PostgreSQL database behind a
round-robin proxy, and the fake platform APIs they talk to, each in its own process.

Everything binds 127.0.0.1 and stops by itself; loops are bounded in count and time."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from _common import ROOT, free_port
from _fakes import FakeApiProcess
from _load import (
    SLACK_SECRET,
    SLACK_TOKEN,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    DrillConfig,
    drill_config,
)

PG_ADMIN = os.environ.get("SUPPORTBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one drill, dropped afterwards."""
    import psycopg

    name = f"drill_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        base = admin.rsplit("/", 1)[0]
        yield f"{base.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Worker:
    """One ``supportbot serve`` process on its own port."""

    def __init__(
        self,
        config: Path,
        env: dict[str, str | None],
        port: int | None = None,
        *,
        cwd: Path = ROOT,
        log: Path | None = None,
    ) -> None:
        """``env`` entries set to None are removed from the inherited environment;
        ``cwd`` is the source tree the process runs (``python -m bot.cli`` imports from it);
        ``log`` takes stderr (appended, so a restarted worker keeps its history) instead
        of a pipe, which a chatty worker would fill and then block on."""
        self.config = config
        self.env = env
        self.port = port or free_port()
        self.cwd = cwd
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        environ = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for key, value in self.env.items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        stderr = self.log.open("ab") if self.log is not None else subprocess.PIPE
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "--config",
                str(self.config),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=self.cwd,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        if self.log is not None:
            stderr.close()  # the child has its own descriptor
        return self

    def _stderr_tail(self) -> str:
        if self.log is not None:
            return self.log.read_text(errors="replace")[-2000:]
        if self.process and self.process.stderr:
            return self.process.stderr.read().decode(errors="replace")[-2000:]
        return ""

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"worker on {self.port} exited: {self._stderr_tail()}")
            try:
                url = f"http://127.0.0.1:{self.port}/readyz"
                if httpx.get(url, timeout=2, trust_env=False).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"worker on {self.port} not ready")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing — a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 15) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


class RoundRobinProxy:
    """A TCP proxy on loopback handing each new connection to the next live worker."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.port = free_port()
        self._cycle = itertools.cycle(range(len(ports)))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(len(self.ports)):
            port = self.ports[next(self._cycle)]
            try:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                continue  # a dead worker: try the next one, like a balancer's passive check
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
            return
        writer.close()

    def start(self) -> RoundRobinProxy:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            server = self._loop.run_until_complete(
                asyncio.start_server(self._client, "127.0.0.1", self.port)
            )
            ready.set()
            try:
                self._loop.run_forever()
            finally:
                server.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)


def worker_env(database_url: str, slack_api: str, telegram_api: str) -> dict[str, str | None]:
    """Both front ends on, pointed at the fakes; no webhook registration, no other secrets."""
    return {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": slack_api,
        "SLACK_APP_TOKEN": None,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": telegram_api,
        "TELEGRAM_WEBHOOK_URL": None,
        "SUPPORTBOT_CONFIG": None,
    }


@dataclass
class Cluster:
    """N workers on one database behind the proxy, and the two fakes they talk to."""

    database_url: str
    config: DrillConfig
    slack: FakeApiProcess
    telegram: FakeApiProcess
    workers: list[Worker]
    proxy: RoundRobinProxy
    folder: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy.port}"

    def restart(self, index: int, timeout: float = 120) -> Worker:
        """A new process for worker ``index`` on the same port (after a crash)."""
        old = self.workers[index]
        fresh = Worker(old.config, old.env, old.port, cwd=old.cwd, log=old.log)
        self.workers[index] = fresh.start()
        fresh.wait_ready(timeout)
        return fresh


@contextmanager
def cluster(
    workers: int,
    folder: Path,
    *,
    source: Path = ROOT,
    faults: tuple[float, float] = (0.10, 0.05),
    seed: int = 7,
    slack_channels: int = 40,
    telegram_chats: int = 40,
) -> Iterator[Cluster]:
    """Start everything for one drill run; stop it all (workers with SIGTERM) afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    with pg_database() as database_url:
        config = drill_config(folder, source, slack_channels, telegram_chats)
        slack = FakeApiProcess("slack", (*faults, seed), folder / "fake-slack.log")
        telegram = FakeApiProcess("telegram", (*faults, seed + 1), folder / "fake-telegram.log")
        started: list[Worker] = []
        proxy: RoundRobinProxy | None = None
        try:
            slack.start()
            telegram.start()
            env = worker_env(database_url, slack.url, telegram.url)
            for number in range(workers):
                log = folder / f"worker-{number + 1}.log"
                started.append(Worker(config.path, env, cwd=source, log=log).start())
            for worker in started:
                worker.wait_ready(120)
            proxy = RoundRobinProxy([w.port for w in started]).start()
            yield Cluster(database_url, config, slack, telegram, started, proxy, folder)
        finally:
            for worker in started:
                if worker.process and worker.process.poll() is None:
                    worker.process.send_signal(signal.SIGTERM)
            for worker in started:
                worker.stop(timeout=20)
            if proxy is not None:
                proxy.stop()
            slack.stop()
            telegram.stop()
