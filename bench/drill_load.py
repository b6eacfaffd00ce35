"""Drill: several ``supportbot serve`` workers on one PostgreSQL database, under a real load.

For each worker count (``--workers 1,2,3``): a fresh database, the fake Slack and
Telegram APIs in their own processes answering 10% of calls with 429 (Retry-After 1)
and 5% with 500 at random, N workers behind a round-robin proxy on 127.0.0.1, and
``--slack`` signed message events plus ``--telegram`` webhook updates: customer
questions in the customers' channels and groups of config/demo.yml (more channels
added per customer, as bench/telegram_updates.py does). 20% of the genuine ones are
delivered a second time (Slack: same event_id, X-Slack-Retry-Num: 1; Telegram: same
update_id); 5% are forged (wrong signing secret, stale timestamp, tampered body,
no signature; wrong or missing secret token).

Expected, per run: every genuine question answered exactly once (counted at the fakes:
Slack ``chat.postMessage`` per thread, Telegram ``sendMessage`` per replied-to message),
every forged request refused and never answered, and the outbox empty at the end. An
answer that has not arrived ``--answer-timeout`` (120 s) after the last request counts
as lost; ``lost_queued`` says how many of those are still unsent in the outbox (late).
Prints throughput (answers/s, from the first request to the last first answer) per
worker count, and the speedups over one worker. Exits 1 on any loss, duplicate,
forged request accepted or answered, or outbox row left. The last line is one JSON
object with the figures of the largest worker count.

    .venv/bin/python bench/drill_load.py [--workers 1,2,3] [--slack 5000] [--telegram 5000]
    .venv/bin/python bench/drill_load.py --workers 1,2 --slack 300 --telegram 300   # quick

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust; ``SUPPORTBOT_TEST_PG``).
Run by hand, never by the test suite. Logs of every process stay in the folder printed
at the start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _cluster import Cluster, cluster
from _common import percentile, say
from _cpu import CpuSnapshot, cpu_snapshot, cpu_used
from _database import outbox_left, outbox_profile, queued_answers, wait_outbox_empty
from _load import Load, add_load_options, build_load
from _send import SendStats, send_load
from _tally import Tally, answer_latencies, judge, odd_ones, wait_answers


def finish(
    c: Cluster, load: Load, stats: SendStats, args: argparse.Namespace, cpu: CpuSnapshot
) -> dict[str, Any]:
    """Wait (bounded) for answers and an empty outbox; count; one run's figures."""
    verdict, _ = wait_answers(c, load, args.answer_timeout)
    used = cpu_used(cpu, cpu_snapshot(c))  # from the first request to the last answer
    # Without every answer the outbox can't be empty: look once instead of waiting.
    wait_outbox_empty(c.database_url, args.outbox_timeout if not verdict.lost else 0)
    time.sleep(args.settle)  # late duplicates get a chance to show up
    tally = Tally.of(c.slack.calls(), c.telegram.calls())
    verdict = judge(load, tally)
    left = outbox_left(c.database_url)  # as of the final count
    for row in left:
        say(
            f"  outbox left: {row.rows} {row.platform} ({row.given_up} given up; attempts "
            f"up to {row.max_attempts}; {row.last_error})"
        )
    took = max(verdict.last_answer - stats.started, 1e-9)
    latencies = answer_latencies(load, tally, stats)
    queued = queued_answers(c.database_url)
    lost_queued = sum(1 for i in odd_ones(load, tally)[0] if (i.platform, i.where, i.key) in queued)
    return {
        "workers": len(c.workers),
        "answered": verdict.answered,
        "expected": verdict.expected,
        "lost": verdict.lost,
        "lost_queued": lost_queued,  # of the lost: still unsent in the outbox (late)
        "duplicated": verdict.duplicated,
        "forged": len(load.forged),
        "forged_accepted": stats.forged_accepted,
        "forged_answered": verdict.forged_answered,
        "outbox_left": sum(row.rows for row in left),
        "throughput": round(verdict.answered / took, 1),
        "answer_seconds": round(took, 1),
        "send_seconds": round(stats.finished - stats.started, 1),
        "requests": stats.requests,
        "acks_per_s": round(stats.acked / max(stats.finished - stats.started, 1e-9), 1),
        "ack_p99_ms": round(percentile(stats.ack_seconds, 0.99) * 1000, 1),
        "answer_p50_s": round(percentile(latencies, 0.50), 2),
        "answer_p99_s": round(percentile(latencies, 0.99), 2),
        "answer_max_s": round(latencies[-1] if latencies else 0.0, 2),
        "request_errors": sum(stats.errors.values()),
        "never_acked": len(stats.gave_up),
        "api_calls": dict(sorted(tally.calls.items())),
        "outbox": outbox_profile(c.database_url),
        "cpu_seconds": used.as_dict(),
    }


def run(workers: int, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    say(f"== {workers} worker(s)")
    began = time.monotonic()
    with cluster(
        workers,
        folder / f"workers-{workers}",
        source=args.source,
        faults=(args.p429, args.p500),
        seed=args.seed,
        slack_channels=args.channels,
        telegram_chats=args.channels,
    ) as c:
        load = build_load(c.config, args.slack, args.telegram, seed=args.seed)
        say(
            f"  ready in {time.monotonic() - began:.1f}s; sending {len(load.plan)} requests "
            f"({len(load.genuine)} genuine, {len(load.plan) - len(load.items)} redelivered, "
            f"{len(load.forged)} forged) to {c.url}"
        )
        cpu_before = cpu_snapshot(c)
        stats = asyncio.run(
            send_load(
                c.url,
                load,
                concurrency=args.concurrency,
                ack_timeout=args.ack_timeout,
                progress=lambda s: say(f"  sending: {s.line()}"),
            )
        )
        say(
            f"  sent in {stats.finished - stats.started:.1f}s: {stats.line()}; forged refused "
            f"{dict(stats.forged_rejected)}, accepted {stats.forged_accepted}"
        )
        sending = cpu_used(cpu_before, cpu_snapshot(c))
        figures = finish(c, load, stats, args, cpu_before)
        figures["cpu_seconds_sending"] = sending.as_dict()
    figures["run_seconds"] = round(time.monotonic() - began, 1)
    shown = {k: v for k, v in figures.items() if k not in ("api_calls", "outbox", "cpu_seconds")}
    say(f"  {json.dumps(shown)}")
    say(f"  api calls: {json.dumps(figures['api_calls'])}")
    say(f"  outbox rows: {json.dumps(figures['outbox'])}")
    say(f"  cpu seconds while sending: {json.dumps(figures['cpu_seconds_sending'])}")
    say(f"  cpu seconds until the last answer: {json.dumps(figures['cpu_seconds'])}")
    return figures


def failed(figures: dict[str, Any]) -> bool:
    keys = ("lost", "duplicated", "forged_accepted", "forged_answered", "outbox_left")
    return any(figures[k] for k in keys)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", default="1,2,3", help="worker counts to run, e.g. 1,2,3")
    add_load_options(parser, size=5000, seed=7, outbox_timeout=60.0, settle=3.0)
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.workers.split(",")})
    folder = args.logs or Path(tempfile.mkdtemp(prefix="drill-load-"))
    say(
        f"drill_load: workers {counts}, {args.slack} Slack + {args.telegram} Telegram "
        f"events; logs in {folder}"
    )
    began = time.monotonic()
    runs = {n: run(n, args, folder) for n in counts}
    say(f"== summary ({time.monotonic() - began:.0f}s)")
    for n, figures in runs.items():
        say(
            f"  {n} worker(s): {figures['throughput']:>7} answers/s, answered "
            f"{figures['answered']}/{figures['expected']}, duplicated {figures['duplicated']}, "
            f"forged accepted {figures['forged_accepted']}, outbox left {figures['outbox_left']}"
        )
    top = runs[max(counts)]
    base = runs[1]["throughput"] if 1 in runs else None
    speedup = round(top["throughput"] / base, 2) if base else None
    speedup_2 = round(runs[2]["throughput"] / base, 2) if base and 2 in runs else None
    say(f"  speedup {max(counts)}/1: {speedup}, 2/1: {speedup_2}")
    summary = {
        "answered": top["answered"],
        "expected": top["expected"],
        "duplicated": top["duplicated"],
        "forged_accepted": top["forged_accepted"],
        "outbox_left": top["outbox_left"],
        "speedup": speedup,
        "speedup_2": speedup_2,
        "throughput": {str(n): r["throughput"] for n, r in runs.items()},
        "workers": max(counts),
        "lost": top["lost"],
        "lost_queued": top["lost_queued"],
        "forged_answered": top["forged_answered"],
        "failed_runs": [n for n, r in runs.items() if failed(r)],
        "seconds": round(time.monotonic() - began, 1),
    }
    print(json.dumps(summary), flush=True)
    return 1 if summary["failed_runs"] else 0


if __name__ == "__main__":
    sys.exit(main())
