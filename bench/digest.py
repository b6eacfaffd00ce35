"""Benchmark: build one day's digest (queries, render, chart) over 100k tickets and 1M events.

Run: ``.venv/bin/python bench/digest.py [--tickets 100000 --events 1000000]``. The
database is a fresh SQLite file (and PostgreSQL when reachable); the digest covers the
local day before the fixed "now". Last line: one JSON object with ``digest_s`` (the
worse database's median of 5 builds). Target ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _seed import ENGINEERS, NOW, seed  # noqa: E402

from bot.db import create_db_engine, upgrade  # noqa: E402
from bot.messages import Reply  # noqa: E402
from bot.rendering import Renderer  # noqa: E402
from bot.services.digest import DigestService  # noqa: E402
from bot.services.outbox import Outbox  # noqa: E402
from bot.settings import Config  # noqa: E402


def _config() -> Config:
    return Config.model_validate(
        {
            "reseller": {"name": "Bench", "timezone": "Europe/Moscow"},
            "staff": [{"id": e, "name": e, "role": "engineer"} for e in ENGINEERS],
        }
    )


def measure(url: str, tickets: int, events: int) -> dict[str, float]:
    engine = create_db_engine(url)
    upgrade(engine)
    began = time.perf_counter()
    seed(engine, tickets, events)
    seeded = time.perf_counter() - began
    service = DigestService(engine, lambda: NOW, _config(), Outbox(engine, lambda: NOW))
    console = Renderer("console")
    html = Renderer("email", extension="html", autoescape=True)
    timings, parts = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        data = service.build()
        t1 = time.perf_counter()
        reply = Reply(kind="digest", data={"digest": data})
        console.render(reply)
        html.render(reply)
        t2 = time.perf_counter()
        service.chart(NOW.date())
        t3 = time.perf_counter()
        timings.append(t3 - t0)
        parts.append((t1 - t0, t2 - t1, t3 - t2))
    engine.dispose()
    best = parts[timings.index(statistics.median(timings))]
    return {
        "seed_s": round(seeded, 1),
        "digest_s": round(statistics.median(timings), 3),
        "queries_s": round(best[0], 3),
        "render_s": round(best[1], 3),
        "chart_s": round(best[2], 3),
        "opened": len(data.opened),
        "resolved": len(data.resolved),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        results["sqlite"] = measure(f"sqlite:///{folder / 'bench.db'}", args.tickets, args.events)
        print("sqlite", results["sqlite"], flush=True)
        try:
            from _drill import pg_database

            url = stack.enter_context(pg_database())
            results["postgresql"] = measure(url, args.tickets, args.events)
            print("postgresql", results["postgresql"], flush=True)
        except Exception as exc:  # no server here: report SQLite alone
            print(f"postgresql skipped: {type(exc).__name__}: {exc}", flush=True)
    summary = {
        "tickets": args.tickets,
        "events": args.events,
        "digest_s": max(r["digest_s"] for r in results.values()),
        **{f"{db}_{k}": v for db, r in results.items() for k, v in r.items()},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
