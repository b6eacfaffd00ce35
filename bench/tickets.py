"""Benchmark: the SLA scan and a filtered ticket list over 100k tickets, SQLite and PostgreSQL.

Run: ``.venv/bin/python bench/tickets.py [--tickets 100000]``. The scan is measured in
steady state (earlier moments already announced, a handful newly due), as the server
runs it every minute; the list is the engineers' ``/tickets`` with filters. Last line:
one JSON object with ``sla_scan_s`` and ``list_ms`` (the worse database's figures)
and the per-database figures. Targets: scan ≤ 0.5 s, list ≤ 50 ms.
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

from _seed import CUSTOMERS, NOW, seed  # noqa: E402

from bot.db import create_db_engine, upgrade  # noqa: E402
from bot.enums import Role, Severity, TicketStatus  # noqa: E402
from bot.messages import Actor  # noqa: E402
from bot.services.notices import NoticeRouter  # noqa: E402
from bot.services.outbox import Outbox  # noqa: E402
from bot.services.sla import SlaPolicies  # noqa: E402
from bot.services.sla_scan import SlaScanner  # noqa: E402
from bot.services.tickets import TicketFilter, TicketService, TicketStore  # noqa: E402
from bot.settings import load_settings  # noqa: E402


def measure(url: str, tickets: int) -> dict[str, float]:
    engine = create_db_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    seed(engine, tickets, 0)
    seeded = time.perf_counter() - started
    config = load_settings(ROOT / "config" / "demo.yml", environ={}).config
    clock = lambda: NOW  # noqa: E731
    store = TicketStore(
        engine, clock, SlaPolicies(config), Outbox(engine, clock), NoticeRouter(config)
    )
    scanner = SlaScanner(store)
    catch_up = time.perf_counter()
    first = scanner.scan(NOW)
    catch_up = time.perf_counter() - catch_up
    scans = []
    for minute in range(1, 11):
        began = time.perf_counter()
        scanner.scan(NOW.replace(minute=minute))
        scans.append(time.perf_counter() - began)
    service = TicketService(store)
    engineer = Actor(Role.ENGINEER, "eng01")
    filters = [
        TicketFilter(),
        TicketFilter(statuses=(TicketStatus.OPEN,), severities=(Severity.A,)),
        TicketFilter(customer_id=CUSTOMERS[3]),
        TicketFilter(assignee="eng01"),
        TicketFilter(breached=True),
        TicketFilter(include_closed=True, words=("vpn",)),
    ]
    lists = []
    for _ in range(10):
        for f in filters:
            began = time.perf_counter()
            service.list_for(engineer, f)
            lists.append(time.perf_counter() - began)
    lists.sort()
    engine.dispose()
    return {
        "seed_s": round(seeded, 1),
        "catch_up_scan_s": round(catch_up, 3),
        "catch_up_notices": first.warnings + first.breaches,
        "sla_scan_s": round(statistics.median(scans), 4),
        "sla_scan_max_s": round(max(scans), 4),
        "list_ms": round(statistics.median(lists) * 1000, 2),
        "list_p95_ms": round(lists[int(len(lists) * 0.95)] * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        results["sqlite"] = measure(f"sqlite:///{folder / 'bench.db'}", args.tickets)
        print("sqlite", results["sqlite"], flush=True)
        try:
            from _drill import pg_database

            url = stack.enter_context(pg_database())
            results["postgresql"] = measure(url, args.tickets)
            print("postgresql", results["postgresql"], flush=True)
        except Exception as exc:  # no server here: report SQLite alone
            print(f"postgresql skipped: {type(exc).__name__}: {exc}", flush=True)
    summary = {
        "tickets": args.tickets,
        "sla_scan_s": max(r["sla_scan_s"] for r in results.values()),
        "list_ms": max(r["list_ms"] for r in results.values()),
        **{f"{db}_{k}": v for db, r in results.items() for k, v in r.items()},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
