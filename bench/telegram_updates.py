"""Benchmark the Telegram front end: updates through the webhook to one uvicorn worker.

Run from the repo root: ``.venv/bin/python bench/telegram_updates.py``. The bot
runs in a child process (uvicorn, one worker, SQLite) with the demo config's
services and the shipped knowledge base; a fake Bot API and the load generator
run here, so the reply time is observed where Telegram would see it. A bare
python-telegram-bot app (webhook → fixed reply, same PTB settings) runs the same
load in the same run. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from _common import ROOT, free_port

sys.path.insert(0, str(ROOT))

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Support", "username": "acme_support_bot"}

TOKEN = "123456789:AAH-bench_token_0123456789abcdefghij"
SECRET = "bench-secret"
GROUPS = 200
QUESTIONS = (
    "I forgot my password",
    "how do I add more licenses",
    "the vpn keeps disconnecting",
    "what is proration on my invoice",
    "outlook does not sync my mailbox",
    "how to resize a virtual machine",
    "files are not syncing to onedrive",
    "how do I set up multi-factor authentication",
)


def write_config(folder: Path) -> Path:
    """The demo config, its customers replaced by one with many Telegram groups."""
    demo = yaml.safe_load((ROOT / "config" / "demo.yml").read_text(encoding="utf-8"))
    demo["knowledge_base"]["path"] = str(ROOT / "knowledge_base")
    demo["knowledge_base"]["reload_seconds"] = 60
    demo["database_url"] = f"sqlite:///{folder / 'bench.db'}"
    for key in ("digests", "smtp", "staff", "engineers_channels", "managers_channels"):
        demo.pop(key, None)
    channels = [{"platform": "telegram", "id": str(-1_000_000 - n)} for n in range(GROUPS)]
    services = [s["id"] for s in demo.get("services", [])]
    demo["customers"] = [
        {"id": "bench", "name": "Bench", "services": services, "channels": channels}
    ]
    path = folder / "bench.yml"
    path.write_text(yaml.safe_dump(demo, allow_unicode=True), encoding="utf-8")
    return path


# -- the two apps under test (each runs in a child process) -------------------------------


def serve_bot(config: str, port: int) -> None:
    import uvicorn

    from bot.adapters.telegram import TelegramFrontEnd
    from bot.app import build_dispatcher, build_runtime
    from bot.server import build_app
    from bot.settings import load_settings

    dispatcher = build_dispatcher(load_settings(Path(config)))
    front_end = TelegramFrontEnd.from_settings(build_runtime(dispatcher))
    from bot.cli import SERVE_SWITCH_INTERVAL

    sys.setswitchinterval(SERVE_SWITCH_INTERVAL)  # as `supportbot serve` does
    uvicorn.run(build_app(dispatcher, [front_end]), port=port, log_level="warning")


def serve_bare(port: int) -> None:
    """python-telegram-bot alone: webhook route → update queue → fixed reply."""
    import contextlib

    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    from telegram import ReplyParameters, Update
    from telegram.ext import Application, MessageHandler, filters

    base = os.environ["TELEGRAM_API_URL"]
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{base}/bot")
        .concurrent_updates(64)
        .updater(None)
        .build()
    )

    async def answer(update: Update, _context: Any) -> None:
        assert update.message is not None
        await update.message.reply_text(
            "ok", reply_parameters=ReplyParameters(update.message.message_id)
        )

    app.add_handler(MessageHandler(filters.TEXT, answer))

    async def webhook(request: Any) -> Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != SECRET:
            return Response(status_code=403)
        await app.update_queue.put(Update.de_json(await request.json(), app.bot))
        return Response(status_code=200)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> Any:
        await app.initialize()
        await app.start()
        yield
        await app.stop()
        await app.shutdown()

    routes = [Route("/telegram/webhook", webhook, methods=["POST"])]
    uvicorn.run(Starlette(routes=routes, lifespan=lifespan), port=port, log_level="warning")


def serve_fake(port: int) -> None:
    """A lean fake Bot API in its own process (the tests' fake favours clarity over speed).

    Reply times are taken with CLOCK_MONOTONIC, which every process on the machine shares.
    """
    from urllib.parse import parse_qsl

    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    calls: list[tuple[str, Any, Any, float]] = []
    counter = iter(range(1, 10**9))

    async def method(request: Request) -> JSONResponse:
        name = request.path_params["method"]
        body = dict(parse_qsl((await request.body()).decode()))
        now = time.monotonic()
        chat = json.loads(body["chat_id"]) if "chat_id" in body else None
        reply_to = json.loads(body.get("reply_parameters", "{}")).get("message_id")
        calls.append((name, chat, reply_to, now))
        if name == "getMe":
            return JSONResponse({"ok": True, "result": BOT_USER})
        if name == "sendMessage":
            result = {
                "message_id": next(counter),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "supergroup"},
                "text": body.get("text", ""),
            }
            return JSONResponse({"ok": True, "result": result})
        return JSONResponse({"ok": True, "result": True})

    async def dump(_request: Request) -> JSONResponse:
        return JSONResponse(calls)

    async def reset(_request: Request) -> JSONResponse:
        calls.clear()
        return JSONResponse({})

    routes = [
        Route("/_calls", dump, methods=["GET"]),
        Route("/_reset", reset, methods=["POST"]),
        Route("/bot{token}/{method}", method, methods=["POST", "GET"]),
    ]
    uvicorn.run(Starlette(routes=routes), port=port, log_level="warning", access_log=False)


class FakeApi:
    """Client side of the fake running in its own process."""

    def __init__(self, url: str) -> None:
        self.url = url

    def replies(self, ids: set[int]) -> dict[int, list[float]]:
        seen: dict[int, list[float]] = {}
        for name, _chat, reply_to, at in httpx.get(f"{self.url}/_calls", timeout=30).json():
            if name == "sendMessage" and reply_to in ids:
                seen.setdefault(reply_to, []).append(at)
        return seen

    def reset(self) -> None:
        httpx.post(f"{self.url}/_reset")


# -- load generation and measurement ------------------------------------------------------


def update(number: int, kind: str) -> dict[str, Any]:
    chat = -1_000_000 - (number % GROUPS)
    mention = f"@{BOT_USER['username']}"
    text = (
        f"{mention} {QUESTIONS[number % len(QUESTIONS)]}"
        if kind == "questions"
        else f"/help{mention}"
    )
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text)}] if kind != "questions" else []
    )
    return {
        "update_id": 10_000_000 + number,
        "message": {
            "message_id": number,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "supergroup", "title": "Bench"},
            "from": {"id": 40_000 + number % 500, "is_bot": False, "first_name": "U"},
            "text": text,
            "entities": entities,
        },
    }


async def drive(
    url: str, updates: list[dict[str, Any]], concurrency: int, rate: float | None = None
) -> dict[int, float]:
    """POST every update (``concurrency`` at a time, or paced at ``rate`` per second).

    Returns the send time per message id.
    """
    sent: dict[int, float] = {}
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for item in updates:
        queue.put_nowait(item)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                sent[item["message"]["message_id"]] = time.monotonic()
                response = await client.post(url, json=item, headers=headers)
                response.raise_for_status()

        async def paced(item: dict[str, Any], at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            sent[item["message"]["message_id"]] = time.monotonic()
            (await client.post(url, json=item, headers=headers)).raise_for_status()

        if rate is None:
            await asyncio.gather(*(worker() for _ in range(concurrency)))
        else:
            start = time.monotonic()
            await asyncio.gather(*(paced(u, start + n / rate) for n, u in enumerate(updates)))
    return sent


def measure(
    api: FakeApi,
    url: str,
    kind: str,
    count: int,
    start: int,
    concurrency: int,
    rate: float | None = None,
) -> dict[str, Any]:
    """A burst (throughput at saturation) or, with ``rate``, a paced run (latency)."""
    batch = [update(start + n, kind) for n in range(count)]
    ids = {item["message"]["message_id"] for item in batch}
    began = time.monotonic()
    sent = asyncio.run(drive(url, batch, concurrency, rate))
    deadline = time.monotonic() + 120
    while len(seen := api.replies(ids)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    latencies = sorted((times[0] - sent[i]) * 1000 for i, times in seen.items())
    finished = max((times[0] for times in seen.values()), default=began)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "kind": kind,
        "updates": count,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(q[98], 1),
        "updates_per_s": round(len(seen) / max(finished - began, 1e-9), 1),
        "lost": count - len(seen),
        "duplicated": sum(len(times) - 1 for times in seen.values()),
    }


def run_app(which: str, config: Path, api_url: str, folder: Path) -> tuple[Any, str]:
    """Start a child (``bot``, ``bare`` or ``fake``); its URL once it answers."""
    port = free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_URL": api_url,
        "PYTHONPATH": str(ROOT),
    }
    args = [
        sys.executable,
        __file__,
        "--serve",
        which,
        "--config",
        str(config),
        "--port",
        str(port),
    ]
    log = (folder / f"{which}.log").open("w")
    child = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    probe = f"{base}/_calls" if which == "fake" else f"{base}/telegram/webhook"
    for _ in range(1200):
        try:
            status = (httpx.get if which == "fake" else httpx.post)(probe).status_code
            if status in (200, 403):
                return child, base if which == "fake" else probe
        except httpx.TransportError:
            time.sleep(0.05)
    child.kill()
    raise RuntimeError(f"{which} did not start; see {folder / (which + '.log')}")


def stop(child: Any) -> None:
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        child.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", choices=("bot", "bare", "fake"))
    parser.add_argument("--config")
    parser.add_argument("--port", type=int)
    parser.add_argument("--questions", type=int, default=300, help="KB questions in the burst")
    parser.add_argument("--commands", type=int, default=600, help="/help commands in the burst")
    parser.add_argument("--concurrency", type=int, default=32, help="connections in a burst")
    parser.add_argument("--rate", type=float, default=5.0, help="updates/s in the paced runs")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each paced run")
    args = parser.parse_args()
    if args.serve == "bot":
        return serve_bot(args.config, args.port)
    if args.serve == "bare":
        return serve_bare(args.port)
    if args.serve == "fake":
        return serve_fake(args.port)

    results: dict[str, Any] = {}
    paced = max(1, int(args.rate * args.seconds))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = write_config(folder)
        fake, fake_url = run_app("fake", config, "", folder)
        api = FakeApi(fake_url)
        ids = iter(range(0, 10**9, 100_000))
        for which in ("bare", "bot"):
            child, url = run_app(which, config, fake_url, folder)
            kinds = ("commands", "questions") if which == "bot" else ("commands",)
            try:
                for kind in kinds:
                    burst = args.commands if kind == "commands" else args.questions
                    measure(api, url, kind, 150, next(ids), args.concurrency)  # warm-up
                    results[f"{which}_{kind}"] = measure(
                        api, url, kind, burst, next(ids), args.concurrency
                    )
                    results[f"{which}_{kind}_paced"] = measure(
                        api, url, kind, paced, next(ids), args.concurrency, rate=args.rate
                    )
            finally:
                stop(child)
            api.reset()
        stop(fake)
    for name, figures in results.items():
        print(f"{name:24} {json.dumps(figures)}")
    bare, commands = results["bare_commands"], results["bot_commands"]
    questions, paced_questions = results["bot_questions"], results["bot_questions_paced"]
    summary = {
        "answer_p50_ms": paced_questions["p50_ms"],
        "answer_p99_ms": paced_questions["p99_ms"],
        "updates_per_s": questions["updates_per_s"],
        "commands_per_s": commands["updates_per_s"],
        "command_p50_ms": results["bot_commands_paced"]["p50_ms"],
        "bare_updates_per_s": bare["updates_per_s"],
        "bare_p50_ms": results["bare_commands_paced"]["p50_ms"],
        # Cost per update relative to the bare PTB app: the ratio of saturated throughputs
        # for the same /help updates (front end + outbox + core routing, no KB search).
        "bare_ratio": round(bare["updates_per_s"] / max(commands["updates_per_s"], 1e-9), 2),
        "bare_ratio_questions": round(
            bare["updates_per_s"] / max(questions["updates_per_s"], 1e-9), 2
        ),
        "paced_rate_per_s": args.rate,
        "lost": sum(r["lost"] for r in results.values()),
        "duplicated": sum(r["duplicated"] for r in results.values()),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
