"""Shared parts of the drills: workers as real processes, a round-robin proxy, a PG database.

Also what bench/drill_load.py and bench/drill_crash.py share: the drill config (the demo's
customers with more channels), the fake Slack and Telegram APIs of tests/fakes run as
processes (``python bench/_drill.py fake slack --faults 0.1,0.05,7`` prints its URL and
answers ``calls N`` on stdin), the load (signed, redelivered and forged requests) and
the counting (answers at the fakes; the ``outbox`` and ``tickets`` tables).

Everything binds 127.0.0.1 and stops by itself; loops are bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import aiohttp
import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("SUPPORTBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


# -- the drills' cluster: config, fake platform APIs in their own processes ---------------

SLACK_SECRET = "drill-signing-secret"
SLACK_TOKEN = "xoxb-drill"
TELEGRAM_TOKEN = "123456789:AAH-drill_token_0123456789abcdefghij"
TELEGRAM_SECRET = "drill-webhook-secret"
BOT_USERNAME = "acme_support_bot"  # the Telegram fake's getMe (tests/fakes/telegram_api.py)
ENGINEERS = {"slack": "C0DRILLENG", "telegram": "-1009000000001"}
# Every drill message carries a marker (question, ticket, forged) so that a call at a fake
# can be traced back to it: a ticket's subject reaches the engineers' notice verbatim.
MARK = re.compile(r"drl[qtf]\d{7}")
QUESTIONS = (
    "I forgot my password",
    "how do I add licenses in the middle of the month",
    "VPN keeps disconnecting",
    "outlook cannot connect to the mailbox",
    "how to read my invoice",
    "files are not syncing to onedrive",
    "how do I set up multi-factor authentication",
    "how to resize a virtual machine",
)
SUBJECTS = ("Mailbox full", "VPN drops every hour", "Invoice looks wrong", "VM will not boot")


@dataclass(frozen=True)
class DrillConfig:
    """The written config file and the customer channels the load may talk in."""

    path: Path
    slack: list[str]
    telegram: list[str]


def drill_config(
    folder: Path, source: Path, slack_channels: int, telegram_chats: int
) -> DrillConfig:
    """config/demo.yml with more channels per customer and an engineers' channel per platform.

    Like bench/telegram_updates.py: one channel per customer would serialise every answer
    behind one chat's ordering, so the demo's customers get ``slack_channels`` Slack
    channels and ``telegram_chats`` Telegram groups between them (the demo's own included).
    The engineers' channels receive the new-ticket notices the crash drill counts.
    """
    demo = yaml.safe_load((source / "config" / "demo.yml").read_text(encoding="utf-8"))
    demo["knowledge_base"]["path"] = str(source / "knowledge_base")
    demo["knowledge_base"]["reload_seconds"] = 60
    for key in ("digests", "smtp", "managers_channels"):
        demo.pop(key, None)
    demo["engineers_channels"] = [{"platform": p, "id": c} for p, c in ENGINEERS.items()]
    found: dict[str, list[str]] = {"slack": [], "telegram": []}
    for platform, wanted, make in (
        ("slack", slack_channels, lambda i: f"C0DRL{i:05d}"),
        ("telegram", telegram_chats, lambda i: str(-1_002_000_000_000 - i)),
    ):
        owners = [
            c for c in demo["customers"] if any(ch["platform"] == platform for ch in c["channels"])
        ]
        for customer in owners:
            found[platform] += [
                ch["id"] for ch in customer["channels"] if ch["platform"] == platform
            ]
        for number in range(max(0, wanted - len(found[platform]))):
            channel = make(number)
            owners[number % len(owners)]["channels"].append({"platform": platform, "id": channel})
            found[platform].append(channel)
    path = folder / "drill.yml"
    path.write_text(yaml.safe_dump(demo, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return DrillConfig(path, found["slack"], found["telegram"])


class ApiCall(NamedTuple):
    """One call a fake received, boiled down to what a drill counts."""

    method: str
    status: int
    where: str  # Slack channel or Telegram chat id
    key: str | None  # Slack thread_ts / Telegram reply_parameters.message_id
    marks: list[str]  # the drill markers in the payload (once each: text and blocks repeat)
    at: float  # time.monotonic() in the fake (CLOCK_MONOTONIC: one clock for every process)


def _slack_record(call: Any) -> list[Any]:
    payload = call.payload
    thread = payload.get("thread_ts")
    text = json.dumps(payload, ensure_ascii=False, default=str)
    where = str(payload.get("channel") or "")
    return [
        call.method,
        call.status,
        where,
        thread and str(thread),
        sorted(set(MARK.findall(text))),
        call.at,
    ]


def _telegram_record(call: Any) -> list[Any]:
    payload = call.payload
    reply = payload.get("reply_parameters")
    key = reply.get("message_id") if isinstance(reply, dict) else None
    text = str(payload.get("text") or "")
    where = str(payload.get("chat_id") or "")
    return [
        call.method,
        call.status,
        where,
        key and str(key),
        sorted(set(MARK.findall(text))),
        call.at,
    ]


def serve_fake(platform: str, faults: tuple[float, float, int] | None) -> None:
    """Child process: a fake from tests/fakes; prints its URL, then answers ``calls N``
    on stdin with one JSON line (the calls from the Nth on) until stdin closes."""
    sys.path.insert(0, str(ROOT))
    if platform == "slack":
        from tests.fakes.slack_api import FakeSlackApi

        slack = FakeSlackApi(random_faults=faults).start()
        url, stop, record = slack.api_url, slack.stop, _slack_record

        def calls() -> list[Any]:
            return slack.calls(ok_only=False)
    else:
        from tests.fakes.telegram_api import FakeTelegramApi

        telegram = FakeTelegramApi(random_faults=faults).__enter__()
        url, stop, record = telegram.url, telegram.close, _telegram_record

        def calls() -> list[Any]:
            return list(telegram.calls)

    print(json.dumps({"url": url}), flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "calls":
            continue
        start = int(argument or 0)
        fresh = calls()[start:]
        answer = {"next": start + len(fresh), "calls": [record(c) for c in fresh]}
        print(json.dumps(answer), flush=True)
    stop()


class FakeApiProcess:
    """A fake platform API in its own process, so its work does not share the load
    generator's GIL (the approach of bench/slack_events.py and bench/telegram_updates.py)."""

    def __init__(self, platform: str, faults: tuple[float, float, int] | None, log: Path) -> None:
        self.platform = platform
        self.faults = faults
        self.log = log
        self.url = ""
        self.seen: list[ApiCall] = []
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout: float = 30) -> FakeApiProcess:
        args = [sys.executable, str(Path(__file__).resolve()), "fake", self.platform]
        if self.faults is not None:
            args += ["--faults", ",".join(str(f) for f in self.faults)]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
            )
        self.url = json.loads(self._line(timeout))["url"]
        return self

    def _line(self, timeout: float) -> str:
        assert self._process is not None and self._process.stdout is not None
        ready, _, _ = select.select([self._process.stdout], [], [], timeout)
        if not ready:
            raise TimeoutError(f"fake {self.platform} API silent for {timeout}s")
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"fake {self.platform} API exited; see {self.log}")
        return line

    def calls(self, timeout: float = 60) -> list[ApiCall]:
        """Every call so far (fetching only the new ones); thread-safe."""
        with self._lock:
            assert self._process is not None and self._process.stdin is not None
            self._process.stdin.write(f"calls {len(self.seen)}\n")
            self._process.stdin.flush()
            answer = json.loads(self._line(timeout))
            self.seen.extend(ApiCall(*c) for c in answer["calls"])
            return list(self.seen)

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)


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


# -- the load: Slack events and Telegram updates, redelivered and forged ------------------


@dataclass(frozen=True)
class Item:
    """One Slack event or Telegram update; ``where`` + ``key`` name the answer it expects."""

    number: int
    platform: str  # "slack" or "telegram"
    kind: str  # "q" a question, "t" opens a ticket, "f" forged
    body: bytes
    where: str
    key: str
    forge: str = ""  # how a forged one is forged

    @property
    def mark(self) -> str:
        return f"drl{self.kind}{self.number:07d}"

    @property
    def genuine(self) -> bool:
        return self.kind != "f"

    @property
    def path(self) -> str:
        return "/slack/events" if self.platform == "slack" else "/telegram/webhook"


def _text(kind: str, number: int, mark: str) -> str:
    if kind == "t":
        return f"/ticket new {mark} {SUBJECTS[number % len(SUBJECTS)]}"
    return f"{QUESTIONS[number % len(QUESTIONS)]} ({mark})"


def slack_item(number: int, kind: str, channel: str, forge: str = "") -> Item:
    """A message event in a customer channel: answered in the thread of its ``ts``."""
    ts = f"{1_700_000_000 + number}.{number * 7919 % 1_000_000:06d}"
    mark = f"drl{kind}{number:07d}"
    body = {
        "token": "unused",
        "type": "event_callback",
        "team_id": "T_DRILL",
        "api_app_id": "A_DRILL",
        "event_id": f"EvDRL{number:08d}",
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel": channel,
            "channel_type": "channel",
            "user": f"U0CUST{number % 97:03d}",
            "text": _text(kind, number, mark),
            "ts": ts,
            "event_ts": ts,
        },
    }
    return Item(number, "slack", kind, json.dumps(body).encode(), channel, ts, forge)


def telegram_item(number: int, kind: str, chat: str, forge: str = "") -> Item:
    """A group message to the bot (an @mention, or a command): answered as a reply to it."""
    mark = f"drl{kind}{number:07d}"
    text = _text(kind, number, mark)
    entities = []
    if kind == "t":
        entities = [{"type": "bot_command", "offset": 0, "length": len("/ticket")}]
    else:
        text = f"@{BOT_USERNAME} {text}"
    message_id = number + 1
    body = {
        "update_id": 500_000_000 + number,
        "message": {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "supergroup", "title": "Drill"},
            "from": {"id": 40_000 + number % 500, "is_bot": False, "first_name": "Drill"},
            "text": text,
            "entities": entities,
        },
    }
    return Item(number, "telegram", kind, json.dumps(body).encode(), chat, str(message_id), forge)


@dataclass
class Load:
    """The items, and the order they are sent in (``True`` marks a planned redelivery)."""

    items: list[Item]
    plan: list[tuple[Item, bool]]

    @property
    def genuine(self) -> list[Item]:
        return [i for i in self.items if i.genuine]

    @property
    def forged(self) -> list[Item]:
        return [i for i in self.items if not i.genuine]

    @property
    def tickets(self) -> list[Item]:
        return [i for i in self.items if i.kind == "t"]


SLACK_FORGERIES = ("secret", "stale", "tampered", "unsigned")
TELEGRAM_FORGERIES = ("secret", "missing")


def build_load(
    config: DrillConfig,
    slack: int,
    telegram: int,
    *,
    redeliver: float = 0.20,
    forged: float = 0.05,
    tickets: float = 0.0,
    seed: int = 7,
) -> Load:
    """``slack`` events and ``telegram`` updates; of each, ``forged`` are forged, ``tickets``
    of the rest open a ticket, and ``redeliver`` of the genuine ones are sent again later
    (sometimes while the first copy is still being handled)."""
    rng = random.Random(seed)
    items: list[Item] = []
    for platform, count in (("slack", slack), ("telegram", telegram)):
        channels = config.slack if platform == "slack" else config.telegram
        forgeries = SLACK_FORGERIES if platform == "slack" else TELEGRAM_FORGERIES
        make = slack_item if platform == "slack" else telegram_item
        for _ in range(count):
            number = len(items)
            roll = rng.random()
            kind = "f" if roll < forged else "t" if roll < forged + tickets else "q"
            forge = forgeries[number % len(forgeries)] if kind == "f" else ""
            items.append(make(number, kind, rng.choice(channels), forge))
    rng.shuffle(items)
    order: list[tuple[float, Item, bool]] = []
    for position, item in enumerate(items):
        order.append((position, item, False))
        if item.genuine and rng.random() < redeliver:
            order.append((position + rng.uniform(0.5, 300), item, True))
    order.sort(key=lambda entry: entry[0])
    return Load(items, [(item, again) for _, item, again in order])


def slack_headers(item: Item, retry: int) -> dict[str, str]:
    """Signed as Slack signs (v0:timestamp:body, HMAC-SHA256), or forged as ``item.forge``."""
    stamp = int(time.time()) - (600 if item.forge == "stale" else 0)
    secret = "not-" + SLACK_SECRET if item.forge == "secret" else SLACK_SECRET
    body = item.body + b" " if item.forge == "tampered" else item.body
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256)
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(stamp)}
    if item.forge != "unsigned":
        headers["X-Slack-Signature"] = f"v0={digest.hexdigest()}"
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def telegram_headers(item: Item) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if item.forge == "secret":
        headers["X-Telegram-Bot-Api-Secret-Token"] = "not-" + TELEGRAM_SECRET
    elif item.forge != "missing":
        headers["X-Telegram-Bot-Api-Secret-Token"] = TELEGRAM_SECRET
    return headers


@dataclass
class SendStats:
    """What the load generator saw; ``gave_up`` are genuine items never acked."""

    started: float = field(default_factory=time.monotonic)
    finished: float = 0.0
    requests: int = 0
    acked: int = 0
    redelivered: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    forged_accepted: int = 0
    forged_rejected: Counter[int] = field(default_factory=Counter)
    gave_up: list[Item] = field(default_factory=list)
    ack_seconds: list[float] = field(default_factory=list)
    first_sent: dict[int, float] = field(default_factory=dict)  # item number → first attempt
    failed_at: list[float] = field(default_factory=list)  # when failed requests began

    def line(self) -> str:
        errors = ", ".join(f"{k} {v}" for k, v in self.errors.most_common(4)) or "none"
        return (
            f"requests {self.requests}, acked {self.acked}, redelivered {self.redelivered}, "
            f"errors: {errors}"
        )


async def send_load(
    url: str,
    load: Load,
    *,
    concurrency: int = 32,
    ack_timeout: float = 3.0,
    max_attempts: int = 8,
    give_up_after: float = 900.0,
    at_half: Callable[[], Awaitable[None]] | None = None,
    progress: Callable[[SendStats], None] | None = None,
) -> SendStats:
    """Send the plan, ``concurrency`` requests at a time, one connection per request (so
    the proxy balances each request, as nginx would). Like Slack and Telegram, a genuine
    request that failed (connection error, timeout after ``ack_timeout``, non-2xx) is
    delivered again later with the same id, Slack's with X-Slack-Retry-Num; forged ones
    are sent once. ``at_half`` runs (concurrently) once half of the plan was sent."""
    stats = SendStats()
    slots = asyncio.Semaphore(concurrency)
    deadline = time.monotonic() + give_up_after
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=ack_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def post(item: Item, retry: int) -> str | None:
            """One request; None when acked with 2xx, else why not."""
            if item.platform == "slack":
                headers = slack_headers(item, retry)
            else:
                headers = telegram_headers(item)
            stats.requests += 1
            began = time.monotonic()
            stats.first_sent.setdefault(item.number, began)
            try:
                async with session.post(url + item.path, data=item.body, headers=headers) as r:
                    await r.read()
                    status = r.status
            except TimeoutError:
                return "timeout"
            except (aiohttp.ClientError, OSError) as exc:
                return type(exc).__name__
            if not item.genuine:
                if 200 <= status < 300:
                    stats.forged_accepted += 1
                else:
                    stats.forged_rejected[status] += 1
                return None
            if 200 <= status < 300:
                stats.acked += 1
                stats.ack_seconds.append(time.monotonic() - began)
                return None
            return f"HTTP {status}"

        async def deliver(item: Item, planned: bool) -> None:
            """Holds a slot on entry (taken by the feeder); retries take one again."""
            retry = 1 if planned else 0
            held = True
            for attempt in range(max_attempts):
                if not held:
                    await slots.acquire()
                held = False
                began = time.monotonic()
                try:
                    reason = await post(item, retry)
                finally:
                    slots.release()
                if reason is None:
                    return
                stats.errors[reason] += 1
                stats.failed_at.append(began)
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(min(0.25 * 2**attempt, 5.0))
                retry += 1
                stats.redelivered += 1
            stats.gave_up.append(item)

        async def report() -> None:
            while progress is not None:
                await asyncio.sleep(5)
                progress(stats)

        reporter = asyncio.create_task(report())
        tasks: list[asyncio.Task[None]] = []
        half: asyncio.Task[None] | None = None
        for index, (item, planned) in enumerate(load.plan):
            await slots.acquire()
            tasks.append(asyncio.create_task(deliver(item, planned)))
            if at_half is not None and index == len(load.plan) // 2:
                half = asyncio.create_task(at_half())
        await asyncio.gather(*tasks)
        stats.finished = time.monotonic()
        if half is not None:
            await half
        reporter.cancel()
    return stats


# -- counting: answers at the fakes, tickets and the outbox in the database ---------------


@dataclass
class Tally:
    """Answers per expected (platform, where, key), and the markers seen per platform."""

    answers: dict[tuple[str, str, str], list[float]]
    marks: dict[str, list[tuple[str, str, float]]]
    calls: Counter[str]

    @classmethod
    def of(cls, slack: list[ApiCall], telegram: list[ApiCall]) -> Tally:
        answers: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        marks: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        calls: Counter[str] = Counter()
        for platform, seen, method in (
            ("slack", slack, "chat.postMessage"),
            ("telegram", telegram, "sendMessage"),
        ):
            for call in seen:
                calls[f"{platform} {call.method} {call.status}"] += 1
                if call.method != method or call.status != 200:
                    continue
                if call.key is not None:
                    answers[(platform, call.where, call.key)].append(call.at)
                for found in call.marks:
                    marks[found].append((platform, call.where, call.at))
        return cls(answers, marks, calls)


@dataclass
class Verdict:
    """The drill's figures for one run."""

    expected: int
    answered: int
    lost: int
    duplicated: int
    forged_answered: int
    last_answer: float
    tickets_expected: int = 0
    notices_lost: int = 0
    notices_duplicated: int = 0


def judge(load: Load, tally: Tally) -> Verdict:
    """Every genuine item answered exactly once; nothing for a forged one; one new-ticket
    notice per ticket in each engineers' channel."""
    expected = load.genuine
    counts = [len(tally.answers.get((i.platform, i.where, i.key), [])) for i in expected]
    firsts = [
        min(tally.answers[(i.platform, i.where, i.key)])
        for i in expected
        if (i.platform, i.where, i.key) in tally.answers
    ]
    forged_answered = sum(
        1
        for i in load.forged
        if (i.platform, i.where, i.key) in tally.answers or i.mark in tally.marks
    )
    notices_lost = notices_duplicated = 0
    for ticket in load.tickets:
        for platform, channel in ENGINEERS.items():
            seen = sum(
                1 for p, w, _ in tally.marks.get(ticket.mark, []) if (p, w) == (platform, channel)
            )
            notices_lost += seen == 0
            notices_duplicated += max(0, seen - 1)
    return Verdict(
        expected=len(expected),
        answered=sum(1 for c in counts if c),
        lost=sum(1 for c in counts if not c),
        duplicated=sum(max(0, c - 1) for c in counts),
        forged_answered=forged_answered,
        last_answer=max(firsts, default=0.0),
        tickets_expected=len(load.tickets),
        notices_lost=notices_lost,
        notices_duplicated=notices_duplicated,
    )


def odd_ones(load: Load, tally: Tally) -> tuple[list[Item], list[tuple[Item, list[float]]]]:
    """The genuine items never answered, and those answered more than once (with when)."""
    lost, twice = [], []
    for item in load.genuine:
        times = sorted(tally.answers.get((item.platform, item.where, item.key), []))
        if not times:
            lost.append(item)
        elif len(times) > 1:
            twice.append((item, times))
    return lost, twice


def answer_latencies(load: Load, tally: Tally, stats: SendStats) -> list[float]:
    """Seconds from an item's first request to its first answer."""
    latencies = []
    for item in load.genuine:
        times = tally.answers.get((item.platform, item.where, item.key))
        if times and item.number in stats.first_sent:
            latencies.append(min(times) - stats.first_sent[item.number])
    return sorted(latencies)


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _pg(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def outbox_left(database_url: str) -> list[tuple[str, str, int, int, str]]:
    """Unsent outbox rows: (platform, method, rows, most attempts, one last error)."""
    import psycopg

    with psycopg.connect(_pg(database_url)) as conn:
        return [
            tuple(row)  # type: ignore[misc]
            for row in conn.execute(
                "SELECT platform, method, count(*), max(attempts), coalesce(max(last_error), '')"
                " FROM outbox WHERE sent_at IS NULL GROUP BY platform, method"
            )
        ]


def outbox_profile(database_url: str) -> dict[str, dict[str, float]]:
    """Per platform: rows, the most attempts a row took, rows that took more than five,
    and how long rows waited between enqueue and sent (p99, max): where the time went."""
    import psycopg

    query = """
        SELECT platform, count(*), coalesce(max(attempts), 0),
               count(*) FILTER (WHERE attempts > 5),
               coalesce(percentile_cont(0.99) WITHIN GROUP
                   (ORDER BY extract(epoch FROM sent_at - created_at)), 0),
               coalesce(max(extract(epoch FROM sent_at - created_at)), 0)
        FROM outbox GROUP BY platform ORDER BY platform
    """
    with psycopg.connect(_pg(database_url)) as conn:
        return {
            str(row[0]): {
                "rows": int(row[1]),
                "max_attempts": int(row[2]),
                "rows_over_5_attempts": int(row[3]),
                "wait_p99_s": round(float(row[4]), 1),
                "wait_max_s": round(float(row[5]), 1),
            }
            for row in conn.execute(query)
        }


def queued_answers(database_url: str) -> set[tuple[str, str, str]]:
    """(platform, where, key) of answers still unsent in the outbox: late, not gone."""
    import psycopg

    found: set[tuple[str, str, str]] = set()
    with psycopg.connect(_pg(database_url)) as conn:
        rows = conn.execute(
            "SELECT platform, payload FROM outbox WHERE sent_at IS NULL"
            " AND method IN ('chat.postMessage', 'sendMessage')"
        )
        for platform, payload in rows:
            data = json.loads(payload)
            if platform == "slack" and data.get("thread_ts"):
                found.add(("slack", str(data.get("channel")), str(data["thread_ts"])))
            reply = data.get("reply_parameters")
            if platform == "telegram" and isinstance(reply, dict) and reply.get("message_id"):
                found.add(("telegram", str(data.get("chat_id")), str(reply["message_id"])))
    return found


def tickets_by_mark(database_url: str) -> Counter[str]:
    """How many tickets each drill marker opened (the marker is in the subject)."""
    import psycopg

    found: Counter[str] = Counter()
    with psycopg.connect(_pg(database_url)) as conn:
        for (subject,) in conn.execute("SELECT subject FROM tickets"):
            found.update(MARK.findall(subject))
    return found


def wait_answers(
    c: Cluster, load: Load, timeout: float, *, every: float = 5.0
) -> tuple[Verdict, Tally]:
    """Poll the fakes until every genuine item (and ticket notice) is answered, or
    ``timeout``; prints progress."""
    deadline = time.monotonic() + timeout
    said = 0.0
    while True:
        tally = Tally.of(c.slack.calls(), c.telegram.calls())
        verdict = judge(load, tally)
        now = time.monotonic()
        complete = verdict.lost == 0 and verdict.notices_lost == 0
        if complete or now >= deadline or now - said >= every:
            say(
                f"  answered {verdict.answered}/{verdict.expected}, duplicated "
                f"{verdict.duplicated}, ticket notices missing {verdict.notices_lost}"
            )
            said = now
        if complete or now >= deadline:
            return verdict, tally
        time.sleep(1.0)


def wait_outbox_empty(database_url: str, timeout: float) -> list[tuple[str, str, int, int, str]]:
    """Bounded wait for the outbox to drain; returns what is left."""
    deadline = time.monotonic() + timeout
    while (left := outbox_left(database_url)) and time.monotonic() < deadline:
        time.sleep(1.0)
    return left


def _proc_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(c: Cluster) -> dict[str, float]:
    """CPU seconds so far of each part of the drill, and of the machine (busy, total),
    to tell a CPU-bound run (2 cores here) from one that waits on something."""
    postgres = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().split(" (", 1)[1].startswith("postgres)"):
                postgres += _proc_cpu(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    mine = os.times()
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    clock = os.sysconf("SC_CLK_TCK")
    return {
        "workers": sum(_proc_cpu(w.pid) for w in c.workers),
        "fakes": _proc_cpu(c.slack.pid) + _proc_cpu(c.telegram.pid),
        "drill": mine.user + mine.system,
        "postgres": postgres,
        "machine_busy": (sum(ticks) - ticks[3] - ticks[4]) / clock,
        "machine_total": sum(ticks) / clock,
    }


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds per part between two snapshots, and the machine's busy share."""
    used = {k: round(after[k] - before[k], 1) for k in ("workers", "fakes", "drill", "postgres")}
    total = after["machine_total"] - before["machine_total"]
    used["machine_busy_share"] = round(
        (after["machine_busy"] - before["machine_busy"]) / max(total, 1e-9), 2
    )
    return used


def say(text: str) -> None:
    print(text, flush=True)


def parse_faults(text: str) -> tuple[float, float, int]:
    p429, p500, seed = text.split(",")
    return float(p429), float(p500), int(seed)


def main() -> None:
    """``python bench/_drill.py fake slack|telegram [--faults P429,P500,SEED]``: one fake
    platform API as a process (it prints its URL, then serves until stdin closes)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("role", choices=["fake"])
    parser.add_argument("platform", choices=["slack", "telegram"])
    parser.add_argument("--faults", type=parse_faults, default=None)
    args = parser.parse_args()
    serve_fake(args.platform, args.faults)


if __name__ == "__main__":
    main()


def add_load_options(
    parser: argparse.ArgumentParser, *, size: int, seed: int, outbox_timeout: float, settle: float
) -> None:
    """The options both drills take: load size and shape, faults, deadlines, where to run."""
    parser.add_argument("--slack", type=int, default=size, help="Slack events (incl. forged)")
    parser.add_argument("--telegram", type=int, default=size, help="Telegram updates (same)")
    parser.add_argument("--channels", type=int, default=40, help="channels per platform")
    parser.add_argument("--p429", type=float, default=0.10, help="share of API calls → 429")
    parser.add_argument("--p500", type=float, default=0.05, help="share of API calls → 500")
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--ack-timeout", type=float, default=3.0, help="Slack's 3 s per request")
    parser.add_argument(
        "--answer-timeout", type=float, default=300.0, help="after the last request"
    )
    parser.add_argument("--outbox-timeout", type=float, default=outbox_timeout)
    parser.add_argument("--settle", type=float, default=settle, help="look for late duplicates")
    parser.add_argument("--source", type=Path, default=ROOT, help="tree the workers run")
    parser.add_argument("--logs", type=Path, default=None, help="folder for process logs")
