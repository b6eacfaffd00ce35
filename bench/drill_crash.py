"""Drill: a worker dies (SIGKILL) in the middle of the load; nothing may be lost, and only
the calls in flight at the moment of the kill may go out twice.

Three ``supportbot serve`` workers (``--workers``) on one PostgreSQL database behind a
round-robin proxy on 127.0.0.1, the fake Slack and Telegram APIs answering 10% of calls
with 429 and 5% with 500, and the load of bench/drill_load.py (signed Slack events and
Telegram updates, 20% redelivered, 5% forged), of which ``--tickets`` (5%) open a ticket
(``/ticket new <subject>``, the core's text command). When about half of the requests
were sent, one worker is killed with SIGKILL and, ``--down`` seconds later, started
again on the same port. The proxy hands new connections to the live workers; requests
the dead worker dropped (connection error, timeout, 5xx) are delivered again later with
the same id, as Slack (X-Slack-Retry-Num) and Telegram would.

Counted at the fakes and in the database after a bounded wait (the outbox's one-minute
lease on rows the dead worker had claimed included):

- ``lost``: genuine messages not answered ``--answer-timeout`` (300 s) after the last
  request (``lost_queued``: of those, still unsent in the outbox, i.e. late rather than
  gone); ``duplicated``: answers beyond the first, split into ``duplicated_in_flight``
  (the first copy reached the fake in the last 12 s before the kill, the longest a call
  can be in flight: sent, its mark not yet written) and ``duplicated_not_in_flight``;
- ``tickets_lost`` / ``tickets_duplicated``: per ``/ticket new`` request, the tickets
  whose subject carries its marker (exactly one expected);
- ``notices_lost`` / ``notices_duplicated``: the new-ticket notice in each engineers'
  channel (Slack and Telegram; exactly one each per ticket), duplicates split the same way.

Exits 1 when anything is lost, doubled other than in flight, a forged request accepted
or answered, or an outbox row left. Duplicates in flight are reported: neither Slack
nor Telegram takes an idempotency key, so a call the platform accepted just before the
kill is sent again when its lease ends. The last line is one JSON object.

    .venv/bin/python bench/drill_crash.py [--workers 3] [--slack 2000] [--telegram 2000]
    .venv/bin/python bench/drill_crash.py --slack 5000 --telegram 5000     # full size

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust; ``SUPPORTBOT_TEST_PG``).
Run by hand, never by the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _cluster import Cluster, cluster
from _common import say
from _database import (
    outbox_left,
    outbox_profile,
    queued_answers,
    tickets_by_mark,
    wait_outbox_empty,
)
from _load import Load, add_load_options, build_load
from _send import SendStats, send_load
from _tally import Tally, doubles_around, judge, odd_ones, wait_answers

# A call is in flight at most its timeout (bot/adapters/outbox_pump.py), plus the moment
# its mark takes to commit: a repeat whose first copy arrived earlier than this before
# the kill was marked (or should have been) and is a real duplicate.
IN_FLIGHT_SECONDS = 12.0
# Must be zero for the drill to pass (duplicates of calls in flight at the kill are
# reported, not failed: no platform offers an idempotency key to close that window).
MUST_BE_ZERO = (
    "lost",
    "duplicated_not_in_flight",
    "tickets_lost",
    "tickets_duplicated",
    "notices_lost",
    "notices_duplicated_not_in_flight",
    "forged_accepted",
    "forged_answered",
    "outbox_left",
)


class Crash:
    """Kills one worker with SIGKILL and starts it again on the same port."""

    def __init__(self, c: Cluster, index: int, down: float) -> None:
        self.c = c
        self.index = index
        self.down = down
        self.killed_at = 0.0
        self.restart_seconds = 0.0
        self.requests_before = 0

    async def __call__(self) -> None:
        worker = self.c.workers[self.index]
        say(
            f"  killing worker {self.index + 1} (pid {worker.pid}, port {worker.port}) with SIGKILL"
        )
        await asyncio.to_thread(worker.kill)
        self.killed_at = time.monotonic()
        await asyncio.sleep(self.down)
        began = time.monotonic()
        fresh = await asyncio.to_thread(self.c.restart, self.index)
        self.restart_seconds = time.monotonic() - began
        say(
            f"  worker {self.index + 1} back on port {fresh.port} (pid {fresh.pid}) after "
            f"{self.down:.0f}s down + {self.restart_seconds:.1f}s start"
        )


def count_tickets(load: Load, database_url: str) -> tuple[int, int, int]:
    """(tickets lost, tickets duplicated, tickets opened by forged requests)."""
    found: Counter[str] = tickets_by_mark(database_url)
    wanted = load.tickets
    lost = sum(1 for t in wanted if found[t.mark] == 0)
    duplicated = sum(max(0, found[t.mark] - 1) for t in wanted)
    forged = sum(found[f.mark] for f in load.forged)
    return lost, duplicated, forged


def explain(
    load: Load, tally: Tally, stats: SendStats, crash: Crash, queued: set[tuple[str, str, str]]
) -> None:
    """A few of the lost and doubled messages, timed from the kill, as evidence."""
    lost, twice = odd_ones(load, tally)
    if stats.failed_at:
        when = sorted(t - crash.killed_at for t in stats.failed_at)
        say(
            f"  {len(when)} requests failed, begun between {when[0]:+.1f}s and {when[-1]:+.1f}s "
            f"from the kill (median {when[len(when) // 2]:+.1f}s)"
        )
    for item in lost[:5]:
        sent = stats.first_sent.get(item.number, 0.0) - crash.killed_at
        late = (
            " (its answer is still in the outbox)"
            if (item.platform, item.where, item.key) in queued
            else ""
        )
        say(f"  lost: {item.platform} {item.mark} ({item.kind}) first sent at {sent:+.1f}s{late}")
    for item, times in twice[:5]:
        when = ", ".join(f"{t - crash.killed_at:+.1f}s" for t in times)
        say(f"  doubled: {item.platform} {item.mark} ({item.kind}) answered at {when}")


def drill(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    began = time.monotonic()
    with cluster(
        args.workers,
        folder,
        source=args.source,
        faults=(args.p429, args.p500),
        seed=args.seed,
        slack_channels=args.channels,
        telegram_chats=args.channels,
    ) as c:
        load = build_load(c.config, args.slack, args.telegram, tickets=args.tickets, seed=args.seed)
        crash = Crash(c, min(args.victim, args.workers) - 1, args.down)
        say(
            f"  ready in {time.monotonic() - began:.1f}s; sending {len(load.plan)} requests "
            f"({len(load.genuine)} genuine of which {len(load.tickets)} open tickets, "
            f"{len(load.plan) - len(load.items)} redelivered, {len(load.forged)} forged)"
        )
        stats = asyncio.run(
            send_load(
                c.url,
                load,
                concurrency=args.concurrency,
                ack_timeout=args.ack_timeout,
                at_half=crash,
                progress=lambda s: say(f"  sending: {s.line()}"),
            )
        )
        say(
            f"  sent in {stats.finished - stats.started:.1f}s: {stats.line()}; forged refused "
            f"{dict(stats.forged_rejected)}, accepted {stats.forged_accepted}"
        )
        verdict, _ = wait_answers(c, load, args.answer_timeout)
        complete = not verdict.lost and not verdict.notices_lost
        wait_outbox_empty(c.database_url, args.outbox_timeout if complete else 0)
        time.sleep(args.settle)  # late duplicates get a chance to show up
        tally = Tally.of(c.slack.calls(), c.telegram.calls())
        verdict = judge(load, tally)
        left = outbox_left(c.database_url)  # as of the final count
        doubles = doubles_around(load, tally, crash.killed_at, IN_FLIGHT_SECONDS)
        tickets_lost, tickets_duplicated, forged_tickets = count_tickets(load, c.database_url)
        queued = queued_answers(c.database_url)
        lost_queued = sum(
            1 for i in odd_ones(load, tally)[0] if (i.platform, i.where, i.key) in queued
        )
        for row in left:
            say(
                f"  outbox left: {row.rows} {row.platform} ({row.given_up} given up; attempts "
                f"up to {row.max_attempts}; {row.last_error})"
            )
        explain(load, tally, stats, crash, queued)
        say(f"  outbox rows: {json.dumps(outbox_profile(c.database_url))}")
        say(f"  api calls: {json.dumps(dict(sorted(tally.calls.items())))}")
    return {
        "lost": verdict.lost,
        "lost_queued": lost_queued,  # of the lost: still unsent in the outbox (late)
        "duplicated": verdict.duplicated,
        "duplicated_in_flight": doubles.answers_in_flight,
        "duplicated_not_in_flight": doubles.answers_other,
        "tickets_lost": tickets_lost,
        "tickets_duplicated": tickets_duplicated,
        "notices_lost": verdict.notices_lost,
        "notices_duplicated": verdict.notices_duplicated,
        "notices_duplicated_in_flight": doubles.notices_in_flight,
        "notices_duplicated_not_in_flight": doubles.notices_other,
        "answered": verdict.answered,
        "expected": verdict.expected,
        "tickets": verdict.tickets_expected,
        "forged_accepted": stats.forged_accepted,
        "forged_answered": verdict.forged_answered + forged_tickets,
        "outbox_left": sum(row.rows for row in left),
        "workers": args.workers,
        "request_errors": dict(stats.errors),
        "never_acked": len(stats.gave_up),
        "restart_seconds": round(crash.restart_seconds, 1),
        "seconds": round(time.monotonic() - began, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--victim", type=int, default=2, help="which worker dies (1-based)")
    parser.add_argument("--down", type=float, default=3.0, help="seconds before the restart")
    parser.add_argument("--tickets", type=float, default=0.05, help="share opening a ticket")
    add_load_options(parser, size=2000, seed=11, outbox_timeout=120.0, settle=5.0)
    args = parser.parse_args()
    folder = args.logs or Path(tempfile.mkdtemp(prefix="drill-crash-"))
    say(
        f"drill_crash: {args.workers} workers, {args.slack} Slack + {args.telegram} Telegram "
        f"events, worker {args.victim} killed half-way; logs in {folder}"
    )
    figures = drill(args, folder)
    bad = [k for k in MUST_BE_ZERO if figures[k]]
    say(f"== {'FAILED: ' + ', '.join(bad) if bad else 'passed'} ({figures['seconds']:.0f}s)")
    print(json.dumps(figures), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
