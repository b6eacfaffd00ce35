"""`supportbot kb ...` commands: check, eval, search.

The KB comes from ``--kb DIR`` or, without it, from the config file (``--config``,
before or after ``kb``, or ``$SUPPORTBOT_CONFIG``): its ``knowledge_base`` path,
synonyms and ``url_base``; with neither, ``./knowledge_base``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .check import check_directory
from .engine import KnowledgeBase
from .evaluate import METRIC_KEYS, evaluate, load_queries
from .questions import RATE_KEYS, ask, is_question_file, load_questions, outcome_row, report

DEFAULT_KB = "knowledge_base"


@dataclass(frozen=True)
class KbSource:
    """Where the KB is and how to read it, from the flags or the config file."""

    root: Path
    synonyms: Path | None = None
    url_base: str | None = None
    min_confidence: float | None = None  # None: the calibrated threshold

    def open(self, *, wait: bool = True) -> KnowledgeBase:
        kb = KnowledgeBase.from_directory(self.root, self.synonyms, url_base=self.url_base)
        if wait:
            kb.wait_semantic()  # tools measure the engine as it serves once warm
        return kb


def kb_source(args: argparse.Namespace) -> KbSource:
    """``--kb`` wins; else the config file's ``knowledge_base`` section.

    Raises:
        ConfigError: the config file cannot be used (the caller prints it).
    """
    if args.kb:
        return KbSource(Path(args.kb))
    config = getattr(args, "config", None) or os.environ.get("SUPPORTBOT_CONFIG")
    if not config:
        return KbSource(Path(DEFAULT_KB))
    from bot.settings import load_settings

    settings = load_settings(Path(config))
    section = settings.config.knowledge_base
    return KbSource(
        settings.kb_path, settings.synonyms_path, section.url_base, section.min_confidence
    )


def add_kb_commands(subparsers: Any) -> None:
    """Register ``kb check|eval|search`` on the bot's argparse subparsers."""
    kb = subparsers.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--kb", help="KB folder (default: the config's, else ./knowledge_base)")
        # SUPPRESS: a --config given before "kb" is not overwritten by this default.
        p.add_argument("--config", default=argparse.SUPPRESS, help="take the KB from this config")

    p = kb_sub.add_parser("check", help="report problems in KB files")
    common(p)
    p.set_defaults(func=cmd_check)

    p = kb_sub.add_parser("eval", help="measure answers on a question set or a query set")
    common(p)
    p.add_argument(
        "--queries",
        required=True,
        help='JSONL: questions {"qid","lang","query","gold"} or ranking queries {"query","gold"}',
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--details", help="question sets: write one JSON line per question here")
    p.add_argument(
        "--min-confidence", type=float, help="default: the config's, else the calibrated one"
    )
    p.set_defaults(func=cmd_eval)

    p = kb_sub.add_parser("search", help="show the top hits for a question")
    common(p)
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--audience", default=None, choices=["customer", "engineer"])
    p.add_argument("--lang", choices=["en", "ru", "zh"], help="the customer's language")
    p.add_argument("query", nargs="+")
    p.set_defaults(func=cmd_search)


def _folder_problem(root: Path) -> str | None:
    if not root.is_dir():
        return f"{root}: the KB folder {'is not a folder' if root.exists() else 'does not exist'}"
    return None


def cmd_check(args: argparse.Namespace) -> int:
    source = kb_source(args)
    problem = _folder_problem(source.root)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    issues = check_directory(source.root)
    for issue in issues:
        print(issue)
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    print(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def cmd_eval(args: argparse.Namespace) -> int:
    source = kb_source(args)
    problem = _folder_problem(source.root)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        rows = load_questions(Path(args.queries)) if _has_lang(args.queries) else None
        queries = rows if rows is not None else load_queries(Path(args.queries))
    except (OSError, ValueError) as exc:
        print(f"cannot read queries: {exc}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    kb = source.open()
    index_s = time.perf_counter() - t0
    if rows is not None and is_question_file(rows):
        return _eval_questions(kb, rows, args, source)
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


def _has_lang(path: str) -> bool:
    """Whether the file's first row names a language (a question set)."""
    try:
        with open(path, encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        return isinstance(row := json.loads(first), dict) and "lang" in row
    except (OSError, ValueError):
        return False


def _eval_questions(
    kb: KnowledgeBase, rows: list[dict], args: argparse.Namespace, source: KbSource
) -> int:
    threshold = args.min_confidence if args.min_confidence is not None else source.min_confidence
    if threshold is None:
        threshold = kb.calibration.threshold
    outcomes = [ask(kb, row, threshold) for row in rows]
    rates = report(outcomes)
    if args.details:
        with open(args.details, "w", encoding="utf-8") as fh:
            for o in outcomes:
                fh.write(json.dumps(outcome_row(o), ensure_ascii=False, default=str) + "\n")
    if args.json:
        print(json.dumps({"min_confidence": threshold, "by_lang": rates}))
        return 0
    print(f"min_confidence {threshold}")
    head = f"{'lang':5} {'n':>4} {'judged':>6} {'scope':>5} "
    print(head + " ".join(f"{k:>17}" for k in RATE_KEYS))
    for lang, r in rates.items():
        cells = " ".join(f"{r[k]:>17.3f}" for k in RATE_KEYS)
        print(f"{lang:5} {r['n']:>4} {r['judged']:>6} {r['in_scope']:>5} {cells}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    source = kb_source(args)
    problem = _folder_problem(source.root)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    kb = source.open()
    query = " ".join(args.query)
    ans = kb.answer(
        query, lang=args.lang, audience=args.audience, min_confidence=source.min_confidence
    )
    hits = kb.search(query, limit=args.limit, lang=args.lang, audience=args.audience)
    if not hits:
        print("no match")
        return 0
    sure = "confident" if ans.confident else "not confident"
    print(f"confidence {ans.confidence:.2f} ({sure}), answer in {ans.lang}")
    for i, h in enumerate(hits, 1):
        where = f"#{h.anchor}" if h.anchor else ""
        print(
            f"{i}. {h.score:7.3f}  {h.article_id}{where}  {h.title}"
            + (f" — {h.section}" if h.section else "")
        )
    if ans.best is not None:
        print()
        print(f"[{ans.best.article_id}, {ans.best.lang}]  {ans.best.url or ''}".rstrip())
        print(ans.excerpt)
    return 0
