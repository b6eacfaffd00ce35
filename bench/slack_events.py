"""Benchmark the Slack front end: signed events over HTTP to one uvicorn worker.

Three servers, one after the other, each in its own process, posting to the fake
Web API (tests/fakes/slack_api.py) in a fourth process on loopback:

- ``bare``: slack-bolt alone, acks and posts one fixed reply (the baseline);
- ``frontend``: supportbot's Slack front end with the core's answer stubbed out
  (signature, de-duplication, queue, outbox, sender: what this adapter costs);
- ``supportbot``: ``supportbot serve`` with the real core (KB search, health,
  database), config/demo.yml and a fresh SQLite file.

Each gets an open-loop load of signed message events; 5% are redelivered with
X-Slack-Retry-Num. Prints ack and answer latencies, events/s and server CPU per
event; the last line is one JSON object (the full ``supportbot`` run, plus the
front end's own figures under ``frontend``).

    .venv/bin/python bench/slack_events.py [--events 2000] [--rate 300] [--core-events 300]

Diagnosis knob for the in-process servers: ``BENCH_SWITCH_INTERVAL=0.005`` sets
the GIL switch interval (default: ``supportbot serve``'s 1 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from _common import ROOT, cpu_seconds, free_port, percentile

sys.path.insert(0, str(ROOT))
from tests.fakes.slack_api import FakeSlackApi

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
CHANNEL = "C0ACME0001"  # Acme's channel in config/demo.yml
QUESTIONS = [
    "I forgot my password",
    "how do I add licenses in the middle of the month",
    "VPN keeps disconnecting",
    "outlook cannot connect to the mailbox",
    "how to read my invoice",
    "what is the status of my ticket",
]


def sign(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
        "Content-Type": "application/json",
    }


def event(tag: str, index: int) -> tuple[str, str]:
    """A signed-ready message event body and its ts (the thread the answer must go to)."""
    ts = f"1764{index:06d}.{abs(hash(tag)) % 1000000:06d}"
    body = {
        "type": "event_callback",
        "team_id": "T_BENCH",
        "event_id": f"Ev{tag}{index:07d}",
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel": CHANNEL,
            "channel_type": "channel",
            "user": "U0CUSTOMER",
            "text": f"{QUESTIONS[index % len(QUESTIONS)]} (case {index})",
            "ts": ts,
            "event_ts": ts,
        },
    }
    return json.dumps(body), ts


def start_server(kind: str, port: int, fake_url: str, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{fake_url}/api/",
        "DATABASE_URL": f"sqlite:///{folder / f'{kind}.db'}",
        "PYTHONPATH": str(ROOT),
    }
    if kind == "supportbot" and not os.environ.get("BENCH_SQLITE_SYNCHRONOUS"):
        args = ["-m", "bot.cli", "--config", str(ROOT / "config/demo.yml"), "serve"]
        args += ["--port", str(port)]
    else:
        args = [str(Path(__file__).resolve()), "--serve", kind, str(port)]
    return subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT)


def start_fake() -> tuple[subprocess.Popen[str], str]:
    """The fake Web API in its own process (so its work doesn't skew our timings)."""
    args = [sys.executable, str(Path(__file__).resolve()), "--serve", "fake", "0"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


async def posted(fake_url: str) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(f"{fake_url}/_calls") as resp:
        return [
            c for c in await resp.json() if c["method"] == "chat.postMessage" and c["status"] == 200
        ]


async def wait_healthy(port: int, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline and server.poll() is None:
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


async def load(port: int, fake_url: str, tag: str, count: int, rate: float) -> dict[str, Any]:
    """Send ``count`` events at ``rate``/s; wait for the answers; measure."""
    url = f"http://127.0.0.1:{port}/slack/events"
    sent: dict[str, float] = {}
    acks: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def post(body: str, ts: str | None, retry: bool) -> None:
            nonlocal failures
            headers = sign(body)
            if retry:
                headers["X-Slack-Retry-Num"] = "1"
            started = time.monotonic()
            if ts is not None:
                sent[ts] = started
            async with session.post(url, data=body.encode(), headers=headers) as resp:
                await resp.read()
                if resp.status != 200:
                    failures += 1
            if not retry:
                acks.append(time.monotonic() - started)

        tasks = []
        start = time.monotonic()
        for index in range(count):
            await asyncio.sleep(max(0.0, start + index / rate - time.monotonic()))
            body, ts = event(tag, index)
            tasks.append(asyncio.create_task(post(body, ts, retry=False)))
            if index % 20 == 5:  # Slack redelivers some events
                tasks.append(asyncio.create_task(post(body, None, retry=True)))
        await asyncio.gather(*tasks)
    threads = set(sent)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        calls = await posted(fake_url)
        if len({c["thread_ts"] for c in calls} & threads) == len(threads):
            break
        await asyncio.sleep(0.2)
    answers: dict[str, list[float]] = {}
    for call in calls:
        if call["thread_ts"] in threads:
            answers.setdefault(call["thread_ts"], []).append(call["at"])
    latencies = [min(times) - sent[ts] for ts, times in answers.items()]
    last = max((min(t) for t in answers.values()), default=start)
    return {
        "ack_p50_ms": percentile(acks, 0.50) * 1000,
        "ack_p99_ms": percentile(acks, 0.99) * 1000,
        "answer_p50_ms": percentile(latencies, 0.50) * 1000,
        "answer_p99_ms": percentile(latencies, 0.99) * 1000,
        "events_per_s": len(answers) / max(1e-9, last - start),
        "lost": len(threads) - len(answers),
        "duplicated": sum(len(t) - 1 for t in answers.values()),
        "http_errors": failures,
    }


async def measure(kind: str, fake_url: str, folder: Path, count: int, rate: float) -> dict:
    port = free_port()
    server = start_server(kind, port, fake_url, folder)
    try:
        await wait_healthy(port, server)
        await load(port, fake_url, f"{kind[:2]}w", 50, min(rate, 50.0))  # warm up
        cpu_before = cpu_seconds(server.pid)
        result = await load(port, fake_url, kind[:2], count, rate)
        result["cpu_ms_per_event"] = (cpu_seconds(server.pid) - cpu_before) * 1000 / count
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_bare(port: int) -> None:
    """The baseline: slack-bolt acks each message and posts one fixed reply in its thread."""
    import uvicorn
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    client = AsyncWebClient(token=TOKEN, base_url=os.environ["SLACK_API_URL"], retry_handlers=[])
    app = AsyncApp(client=client, signing_secret=SECRET)

    @app.event("message")
    async def on_message(ack: Any, event: dict[str, Any]) -> None:
        await ack()
        await client.chat_postMessage(
            channel=event["channel"], thread_ts=event["ts"], text="Thanks, we got your message."
        )

    handler = AsyncSlackRequestHandler(app)

    async def events(request: Any) -> Any:
        return await handler.handle(request)

    async def healthz(_request: Any) -> JSONResponse:
        client.session = client.session or aiohttp.ClientSession()
        return JSONResponse({"status": "ok"})

    routes = [Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)]
    uvicorn.run(Starlette(routes=routes), host="127.0.0.1", port=port, log_level="warning")


def serve_supportbot(port: int, stub_core: bool = False) -> None:
    """supportbot's app in this process; ``stub_core`` answers instantly (the front end's cost).

    ``BENCH_SQLITE_SYNCHRONOUS=normal`` sets that SQLite pragma first (what the
    numbers look like when a commit does not wait for fsync).
    """
    import uvicorn
    from sqlalchemy import event

    from bot.app import build_dispatcher
    from bot.cli import SERVE_SWITCH_INTERVAL
    from bot.messages import Reply
    from bot.server import build_app
    from bot.settings import load_settings

    # As `supportbot serve` does, unless the diagnosis knob says otherwise.
    sys.setswitchinterval(float(os.environ.get("BENCH_SWITCH_INTERVAL") or SERVE_SWITCH_INTERVAL))
    dispatcher = build_dispatcher(load_settings(ROOT / "config/demo.yml"))
    synchronous = os.environ.get("BENCH_SQLITE_SYNCHRONOUS")
    if synchronous and dispatcher.engine is not None:

        def pragma(connection: Any, _record: Any) -> None:
            connection.execute(f"PRAGMA synchronous={synchronous.upper()}")

        event.listen(dispatcher.engine, "connect", pragma)
        dispatcher.engine.dispose()
    if stub_core:
        answer = Reply(kind="kb_feedback", data={"helped": True})
        dispatcher.handle = lambda message: answer  # type: ignore[method-assign]
    uvicorn.run(build_app(dispatcher), host="127.0.0.1", port=port, log_level="warning")


def serve_fake(_port: int) -> None:
    """Run the fake Web API until terminated; print its URL first."""
    import signal

    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    with FakeSlackApi() as api:
        print(api.url, flush=True)
        signal.sigwait(stop)


SERVERS = {
    "bare": serve_bare,
    "frontend": lambda port: serve_supportbot(port, stub_core=True),
    "supportbot": serve_supportbot,
    "fake": serve_fake,
}


def report(kind: str, r: dict[str, Any]) -> None:
    print(
        f"{kind:11s} ack p50 {r['ack_p50_ms']:6.1f} ms  p99 {r['ack_p99_ms']:6.1f} ms | "
        f"answer p50 {r['answer_p50_ms']:7.1f} ms  p99 {r['answer_p99_ms']:7.1f} ms | "
        f"{r['events_per_s']:6.1f} events/s | cpu {r['cpu_ms_per_event']:.2f} ms/event | "
        f"lost {r['lost']} dup {r['duplicated']} http errors {r['http_errors']}"
    )


async def main(count: int, rate: float, core_count: int, core_rate: float) -> None:
    fake, fake_url = start_fake()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            bare = await measure("bare", fake_url, Path(tmp), count, rate)
            report("bare bolt", bare)
            front = await measure("frontend", fake_url, Path(tmp), count, rate)
            report("front end", front)
            ours = await measure("supportbot", fake_url, Path(tmp), core_count, core_rate)
            report("supportbot", ours)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    front_ratio = front["cpu_ms_per_event"] / max(1e-9, bare["cpu_ms_per_event"])
    ratio = ours["cpu_ms_per_event"] / max(1e-9, bare["cpu_ms_per_event"])
    print(
        f"server CPU per event vs bare bolt: front end {front_ratio:.2f}x, full core {ratio:.2f}x"
    )
    summary = {
        "ack_p99_ms": round(ours["ack_p99_ms"], 1),
        "answer_p50_ms": round(ours["answer_p50_ms"], 1),
        "answer_p99_ms": round(ours["answer_p99_ms"], 1),
        "events_per_s": round(ours["events_per_s"], 1),
        "bare_ratio": round(ratio, 2),
        "lost": ours["lost"],
        "duplicated": ours["duplicated"],
        "frontend": {
            "ack_p99_ms": round(front["ack_p99_ms"], 1),
            "answer_p50_ms": round(front["answer_p50_ms"], 1),
            "answer_p99_ms": round(front["answer_p99_ms"], 1),
            "events_per_s": round(front["events_per_s"], 1),
            "bare_ratio": round(front_ratio, 2),
            "lost": front["lost"],
            "duplicated": front["duplicated"],
        },
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=300.0, help="events per second offered")
    parser.add_argument("--core-events", type=int, default=300, help="events for the full core")
    parser.add_argument(
        "--core-rate", type=float, help="events/s for the full core (default --rate)"
    )
    parser.add_argument(
        "--sqlite-synchronous",
        choices=("full", "normal"),
        help="set SQLite's synchronous pragma in supportbot's servers (default: as shipped)",
    )
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "PORT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.sqlite_synchronous:
        os.environ["BENCH_SQLITE_SYNCHRONOUS"] = options.sqlite_synchronous
    if options.serve:
        SERVERS[options.serve[0]](int(options.serve[1]))
    else:
        core_rate = options.core_rate or options.rate
        asyncio.run(main(options.events, options.rate, options.core_events, core_rate))
