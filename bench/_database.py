"""What a drill reads from the database afterwards: the outbox (left, timings, answers still
queued) and the tickets each drill marker opened."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass

from _load import MARK


def _pg(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@dataclass(frozen=True)
class OutboxLeft:
    """Unsent outbox rows of one platform: how many, the most attempts one took, one error;
    ``given_up`` of them failed for good."""

    platform: str
    rows: int
    given_up: int
    max_attempts: int
    last_error: str


def outbox_left(database_url: str) -> list[OutboxLeft]:
    """Rows never sent, per platform (given up or still waiting)."""
    import psycopg

    query = (
        "SELECT platform, count(*), count(given_up_at), max(attempts),"
        " coalesce(max(last_error), '') FROM outbox WHERE sent_at IS NULL GROUP BY platform"
    )
    with psycopg.connect(_pg(database_url)) as conn:
        return [
            OutboxLeft(str(p), int(r), int(g), int(a), str(e))
            for p, r, g, a, e in conn.execute(query)
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
    """(platform, where, key) of answers still unsent in the outbox: late, not gone. An
    answer is a notice: Slack's key is its thread, Telegram's the message it replies to."""
    import psycopg

    found: set[tuple[str, str, str]] = set()
    with psycopg.connect(_pg(database_url)) as conn:
        rows = conn.execute("SELECT platform, payload FROM outbox WHERE sent_at IS NULL")
        for platform, payload in rows:
            notice = json.loads(payload)
            options = notice.get("options") or {}
            key = notice.get("thread") if platform == "slack" else options.get("reply_to")
            if key is not None:
                found.add((str(platform), str(notice.get("channel")), str(key)))
    return found


def tickets_by_mark(database_url: str) -> Counter[str]:
    """How many tickets each drill marker opened (the marker is in the subject)."""
    import psycopg

    found: Counter[str] = Counter()
    with psycopg.connect(_pg(database_url)) as conn:
        for (subject,) in conn.execute("SELECT subject FROM tickets"):
            found.update(MARK.findall(subject))
    return found


def wait_outbox_empty(database_url: str, timeout: float) -> list[OutboxLeft]:
    """Bounded wait for the outbox to drain; returns what is left."""
    deadline = time.monotonic() + timeout
    while (left := outbox_left(database_url)) and time.monotonic() < deadline:
        time.sleep(1.0)
    return left
