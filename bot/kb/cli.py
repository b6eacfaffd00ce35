"""`supportbot kb ...` commands: check, eval, search."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from .check import check_directory
from .engine import KnowledgeBase
from .evaluate import METRIC_KEYS, evaluate, load_queries

DEFAULT_KB = "knowledge_base"


def add_kb_commands(subparsers: Any) -> None:
    """Register ``kb check|eval|search`` on the bot's argparse subparsers."""
    kb = subparsers.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)

    p = kb_sub.add_parser("check", help="report problems in KB files")
    p.add_argument("--kb", default=DEFAULT_KB, help="KB folder (default: knowledge_base)")
    p.set_defaults(func=cmd_check)

    p = kb_sub.add_parser("eval", help="measure search quality on a JSONL query set")
    p.add_argument("--kb", default=DEFAULT_KB, help="KB folder")
    p.add_argument("--queries", required=True, help='JSONL: {"query": ..., "gold": [...]}')
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_eval)

    p = kb_sub.add_parser("search", help="show the top hits for a question")
    p.add_argument("--kb", default=DEFAULT_KB, help="KB folder")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--audience", default=None, choices=["customer", "engineer"])
    p.add_argument("query", nargs="+")
    p.set_defaults(func=cmd_search)


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.kb)
    if not root.is_dir():
        print(f"{root}: not a directory", file=sys.stderr)
        return 2
    issues = check_directory(root)
    for issue in issues:
        print(issue)
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    print(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def cmd_eval(args: argparse.Namespace) -> int:
    root = Path(args.kb)
    try:
        queries = load_queries(Path(args.queries))
    except (OSError, ValueError) as exc:
        print(f"cannot read queries: {exc}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    kb = KnowledgeBase.from_directory(root)
    index_s = time.perf_counter() - t0
    res = evaluate(
        lambda q: [h.article_id for h in kb.search(q, limit=10, audience=None)],
        queries,
        round(index_s, 4),
    )
    if args.json:
        print(json.dumps({k: res[k] for k in METRIC_KEYS}))
    else:
        for k in METRIC_KEYS:
            print(f"{k:10} {res[k]}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    kb = KnowledgeBase.from_directory(Path(args.kb))
    query = " ".join(args.query)
    ans = kb.answer(query, audience=args.audience)
    hits = kb.search(query, limit=args.limit, audience=args.audience)
    if not hits:
        print("no match")
        return 0
    print(f"confidence {ans.confidence:.2f} ({'confident' if ans.confident else 'not confident'})")
    for i, h in enumerate(hits, 1):
        where = f"#{h.anchor}" if h.anchor else ""
        print(
            f"{i}. {h.score:7.3f}  {h.article_id}{where}  {h.title}"
            + (f" — {h.section}" if h.section else "")
        )
    if ans.best is not None:
        print()
        print(ans.excerpt)
    return 0
