"""Benchmark: rounds of 1,000 HTTP checks against a local server, on one worker.

Run: ``.venv/bin/python bench/health.py [--checks 1000] [--rounds 5]``. Prints the
wall time and CPU time of each round; the last line is one JSON object with the
median healthy round (``round_s``, ``cpu_s``) and the round where every service
failed at once and its state change was confirmed (``outage_round_s``). The target
is ``round_s`` ≤ 2 s. The HTTP server runs in a child process so its CPU is not
counted; the database is a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


async def _serve() -> None:
    """The child: answer every request with 200 (or 500 after ``/mode/fail``), then close."""
    failing = False

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal failing
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1]
            status = b"500 Internal Server Error" if failing else b"200 OK"
            if path.startswith(b"/mode/"):
                failing, status = path == b"/mode/fail", b"200 OK"
            writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


def _config(port: int, checks: int):  # type: ignore[no-untyped-def]
    from bot.settings import parse_config

    services = [
        {
            "id": f"svc{i}",
            "name": f"Service {i}",
            "checks": [
                {"kind": "http", "url": f"http://127.0.0.1:{port}/s/{i}", "timeout_seconds": 5}
            ],
        }
        for i in range(checks)
    ]
    raw = {
        "reseller": {"name": "Bench"},
        "services": services,
        "engineers_channels": [{"platform": "slack", "id": "C_ENG"}],
        "health": {"confirm_after": 2, "max_concurrency": 500},
    }
    return parse_config(raw, "bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from bot.clock import utc_now
    from bot.db import create_db_engine, upgrade
    from bot.services.claims import JobClaims
    from bot.services.health import HealthService
    from bot.services.outbox import Outbox

    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(child.stdout.readline())  # type: ignore[union-attr]
        folder = Path(tempfile.mkdtemp(prefix="health-bench-"))
        engine = create_db_engine(f"sqlite:///{folder / 'bench.db'}")
        upgrade(engine)
        config = _config(port, args.checks)
        health = HealthService(
            engine, utc_now, config, Outbox(engine, utc_now), JobClaims(engine, utc_now)
        )
        health.sync()

        def timed(label: str) -> tuple[float, float]:
            wall, cpu = time.perf_counter(), time.process_time()
            report = health.run_checks(force=True)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{label}: {wall:.3f} s wall, {cpu:.3f} s CPU, {report}")
            return wall, cpu

        healthy = [timed(f"round {n + 1}") for n in range(args.rounds)]
        urllib.request.urlopen(f"http://127.0.0.1:{port}/mode/fail").read()
        timed("outage, first failing round")
        outage = timed("outage confirmed (all state changes, incidents, notices)")
    finally:
        child.terminate()
        child.wait(5)
    result = {
        "checks": args.checks,
        "round_s": round(statistics.median(w for w, _ in healthy), 3),
        "cpu_s": round(statistics.median(c for _, c in healthy), 3),
        "outage_round_s": round(outage[0], 3),
        "outage_cpu_s": round(outage[1], 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    if "--serve" in sys.argv:
        asyncio.run(_serve())
    else:
        sys.exit(main())
