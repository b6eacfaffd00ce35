"""Calibrate KB confidence on judged questions and show the trade-off it buys.

For every question the engine's answer and its evidence are computed once; then, for
each confidence threshold, the script counts what customers would see: answered right
(right article on top in their language, and confident), confidently wrong (a
confident answer from a wrong family, or to a question no article answers), and "not
sure". ``--fit`` re-fits the confidence weights by logistic regression on these
questions first (see bot/kb/calibration.py); ``--write`` stores them; ``--check FILE``
applies the weights to another question file without fitting on it (the holdout).

    .venv/bin/python bench/kb_calibrate.py --kb knowledge_base \\
        --questions bench/kb_questions/dev.jsonl --fit \\
        --check bench/kb_questions/holdout.jsonl

Sets in the ranking format of /work/shared/datasets (no ``lang``) work too: each
question's language is taken from its text, and ``--out-of-scope DIR`` adds another
dataset's queries with no gold article (questions the KB cannot answer).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.kb import KnowledgeBase  # noqa: E402
from bot.kb.calibration import (  # noqa: E402
    Calibration,
    fit,
    load_calibration,
    write_calibration,
)
from bot.kb.lang import clear_language, detect_language  # noqa: E402
from bot.kb.questions import Outcome, ask, load_questions, report  # noqa: E402

THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
TARGET_WRONG = 0.02


def read_rows(path: Path, limit: int | None = None) -> list[dict]:
    """Question rows; ranking-set rows get their language from their text."""
    first = next((x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()), "{}")
    if "lang" in json.loads(first):
        rows = load_questions(path)
    else:
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                lang = clear_language(row["query"]) or detect_language(row["query"])
                rows.append({**row, "qid": str(row.get("qid", n)), "lang": lang})
    return rows[:limit] if limit else rows


def outcomes_for(kb: KnowledgeBase, rows: list[dict]) -> list[Outcome]:
    # Threshold 0: every answer is "confident" here; thresholds are applied below.
    return [ask(kb, row, 0.0) for row in rows]


def rejudge(outcomes: list[Outcome], cal: Calibration, threshold: float) -> list[Outcome]:
    """The outcomes as they would be with these weights and this threshold."""
    out = []
    for o in outcomes:
        conf = cal.confidence(o.evidence) if o.evidence is not None else 0.0
        needed = max(threshold, cal.strong) if o.foreign_only else threshold
        out.append(replace(o, confidence=conf, confident=o.evidence is not None and conf >= needed))
    return out


def curve(outcomes: list[Outcome], cal: Calibration) -> list[dict]:
    rows = []
    for t in THRESHOLDS:
        r = report(rejudge(outcomes, cal, t))["all"]
        rows.append(
            {
                "threshold": t,
                **{
                    k: r[k]
                    for k in ("answered_right", "not_sure", "confidently_wrong", "right_on_top")
                },
            }
        )
    return rows


def best_threshold(rows: list[dict], target: float) -> dict:
    """The threshold answering most questions right while confidently wrong <= target
    (the strictest one when none meets it)."""
    ok = [r for r in rows if r["confidently_wrong"] <= target]
    return max(ok, key=lambda r: (r["answered_right"], -r["threshold"])) if ok else rows[-1]


def print_curve(name: str, rows: list[dict]) -> None:
    print(f"\n{name}: threshold  answered-right  confidently-wrong  not-sure  (right on top)")
    for r in rows:
        print(
            f"  {r['threshold']:>9.2f}  {r['answered_right']:>14.3f}  "
            f"{r['confidently_wrong']:>17.3f}  {r['not_sure']:>8.3f}  ({r['right_on_top']:.3f})"
        )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kb", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True, help="question file to fit/report on")
    ap.add_argument(
        "--out-of-scope",
        type=Path,
        action="append",
        default=[],
        help="a dataset folder whose queries this KB cannot answer",
    )
    ap.add_argument("--check", type=Path, help="apply (not fit) the weights to this question file")
    ap.add_argument("--fit", action="store_true", help="re-fit the weights on --questions")
    ap.add_argument("--write", action="store_true", help="store the fitted weights")
    ap.add_argument("--strong", type=float, help="threshold for articles in another language")
    ap.add_argument("--target", type=float, default=TARGET_WRONG, help="confidently-wrong target")
    ap.add_argument("--limit", type=int, help="use the first N questions of each file")
    args = ap.parse_args()

    kb = KnowledgeBase.from_directory(args.kb)
    kb.wait_semantic()
    rows = read_rows(args.questions, args.limit)
    for folder in args.out_of_scope:
        extra = read_rows(folder / "queries.jsonl", args.limit)
        rows += [{**r, "qid": f"oos-{r['qid']}", "gold": []} for r in extra]
    outcomes = outcomes_for(kb, rows)
    cal = load_calibration()
    if args.fit:
        scored = [o for o in outcomes if o.evidence is not None and o.judged]
        labels = [o.right_family for o in scored]
        if len(set(labels)) < 2:
            print("cannot fit: the judged questions are all right or all wrong", file=sys.stderr)
            return 2
        weights = fit([o.evidence for o in scored], labels)
        cal = Calibration(weights, cal.strong)
        print("fitted weights:", json.dumps(weights))
    if args.strong is not None:
        cal = Calibration(cal.weights, args.strong)
    rows_fit = curve(outcomes, cal)
    print_curve(f"{args.questions.name} ({len(outcomes)} questions)", rows_fit)
    pick = best_threshold(rows_fit, args.target)
    print(f"\nthreshold with confidently wrong <= {args.target:.0%}: {pick['threshold']}")
    by_lang = report(rejudge(outcomes, cal, pick["threshold"]))
    for lang, r in by_lang.items():
        print(f"  {lang:4} " + "  ".join(f"{k} {v}" for k, v in r.items()))
    result = {
        "weights": cal.weights,
        "strong": cal.strong,
        "threshold": pick["threshold"],
        "fit_set": by_lang,
    }
    if args.check:
        checked = outcomes_for(kb, read_rows(args.check, args.limit))
        check_rows = curve(checked, cal)
        print_curve(f"{args.check.name} (not fitted on)", check_rows)
        result["check_set"] = report(rejudge(checked, cal, pick["threshold"]))
        for lang, r in result["check_set"].items():
            print(f"  {lang:4} " + "  ".join(f"{k} {v}" for k, v in r.items()))
    if args.write:
        write_calibration(cal.weights, cal.strong)
        print(
            "written to bot/kb/data/calibration.yml; set knowledge_base.min_confidence to",
            pick["threshold"],
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
