"""Retrieval quality metrics (recall@k, MRR@10) and latency over a JSONL query set."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

METRIC_KEYS = ("n", "recall@1", "recall@3", "recall@10", "mrr@10", "p50_ms", "p99_ms", "index_s")


def load_queries(path: Path) -> list[dict]:
    """Read ``{"query": ..., "gold": [...]}`` lines; blank lines are skipped."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("query"), str):
                raise ValueError(f"{path}:{n}: expected an object with a 'query' string")
            gold = row.get("gold") or []
            row["gold"] = [gold] if isinstance(gold, str) else list(gold)
            out.append(row)
    return out


def score_rankings(
    rankings: Sequence[Sequence[str]], golds: Sequence[Sequence[str]]
) -> dict[str, float]:
    """Article-level recall@1/3/10 and MRR@10 (duplicates in a ranking count once)."""
    r1 = r3 = r10 = mrr = 0.0
    for ranked, gold in zip(rankings, golds, strict=True):
        seen: list[str] = []
        for doc in ranked:
            if doc not in seen:
                seen.append(doc)
        gold_set = set(gold)
        if not gold_set:
            continue
        first = next((i for i, d in enumerate(seen[:10]) if d in gold_set), None)
        r1 += len(gold_set & set(seen[:1])) / len(gold_set)
        r3 += len(gold_set & set(seen[:3])) / len(gold_set)
        r10 += len(gold_set & set(seen[:10])) / len(gold_set)
        if first is not None:
            mrr += 1.0 / (first + 1)
    n = max(1, len(rankings))
    return {
        "n": len(rankings),
        "recall@1": r1 / n,
        "recall@3": r3 / n,
        "recall@10": r10 / n,
        "mrr@10": mrr / n,
    }


def evaluate(
    search: Callable[[str], list[str]], queries: Sequence[dict], index_s: float = 0.0
) -> dict[str, float]:
    """Run every query through ``search`` (returns article ids) and summarise."""
    rankings: list[list[str]] = []
    times: list[float] = []
    for row in queries:
        t0 = time.perf_counter()
        ranked = search(row["query"])
        times.append((time.perf_counter() - t0) * 1000)
        rankings.append(ranked)
    res = score_rankings(rankings, [r["gold"] for r in queries])
    arr = np.array(times) if times else np.zeros(1)
    res.update(
        {
            "p50_ms": float(np.percentile(arr, 50)),
            "p99_ms": float(np.percentile(arr, 99)),
            "index_s": index_s,
        }
    )
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res.items()}
