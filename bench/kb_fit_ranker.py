"""Fit how much the embeddings weigh in ranking (bot/kb/data/ranker.yml).

For every judged question the engine ranks the candidate articles with the embeddings
switched off in the score but computed: each candidate's lexical score (divided by the
best), and the z-scored similarity of the question to its text and to the closest title
or alias of its family (any language) by each line model (USE, and e5 reading the lines
as questions). A conditional logit (softmax over one question's candidates; an article whose
family is gold is a right answer) is fitted by Newton's method with a line search. The
weights are stored relative to the lexical one, for the backend in use
(``SUPPORTBOT_KB_SEMANTIC``; ``e5+use`` when both packages are installed).

Before writing, ``--folds K`` cross-validates: weights fitted on K-1 folds rank the
questions of the K-th, and the right-on-top rate (family level) is compared with the
built-in rule (text at 0.07, no lines). ``--unseen J`` hides the aliases that nearly
repeat a question (bench/_unseen.py).

    .venv/bin/python bench/kb_fit_ranker.py --kb knowledge_base --unseen 0.5 --folds 10 \\
        --questions bench/kb_questions/dev.jsonl bench/kb_questions/holdout.jsonl \\
        bench/kb_questions/dev2.jsonl --write

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._unseen import UnseenKb  # noqa: E402
from bot.kb import KnowledgeBase, dense  # noqa: E402
from bot.kb.questions import load_questions  # noqa: E402
from bot.kb.ranker_weights import FALLBACK, RankerWeights, write_weights  # noqa: E402

FEATURES = ("lexical", "article", "line", "line2")


class Case(NamedTuple):
    lang: str
    x: np.ndarray  # candidates x FEATURES
    family: list[str]
    right: np.ndarray  # the gold family's version in the question's language
    gold: np.ndarray  # candidates whose family is gold (any language: the reply translates)


def features(kb: KnowledgeBase, row: dict) -> Case | None:
    """The candidates of one question and their features (None: out of scope or no hits)."""
    gold = {g.removesuffix(".md") for g in row.get("gold") or []}
    fam_of = {a.article_id: a.translation_key for a in kb.articles}
    gold = {fam_of.get(g + ".md", g) for g in gold}
    if not gold:
        return None
    ranked = kb._rank(row["query"], 10_000, row["lang"], "customer")
    dense = ranked.dense
    if dense is None or not ranked.hits:
        raise SystemExit("the embeddings are not loaded: install the semantic extra")
    arts = [a for a, _s, _score in ranked.hits]
    line2 = dense.line2_z if dense.line2_z is not None else np.zeros_like(dense.line_z)
    x = np.array(
        [[score, dense.z[a], dense.line_z[a], line2[a]] for a, _s, score in ranked.hits],
        np.float64,
    )
    family = [ranked.snap.arts[a].translation_key for a in arts]
    # The right answer is the gold family's version in the question's language (the one
    # the customer is answered from): its other versions are not what the words should
    # find, and counting them as right would teach the weights to lift translations.
    members = ranked.snap.members
    right = np.array(
        [
            f in gold and (ranked.snap.arts[a].lang == row["lang"] or row["lang"] not in members[f])
            for a, f in zip(arts, family, strict=True)
        ]
    )
    in_gold = np.array([f in gold for f in family])
    return Case(row["lang"], x, family, right, in_gold) if right.any() else None


def collect(root: Path, rows: list[dict], unseen: float | None) -> list[Case]:
    """Every question's candidates, ranked with the embeddings out of the score."""
    saved = dense.weights_for, dense.SEMANTIC_BASE, dense.SEMANTIC_GAIN
    dense.weights_for = lambda key: RankerWeights(0.0, 0.0, 0.0)  # type: ignore[assignment]
    dense.SEMANTIC_BASE = dense.SEMANTIC_GAIN = 0.0
    try:
        if unseen:
            copy = UnseenKb(root, unseen)
            try:
                cases = copy.answer_each(rows, features)
            finally:
                copy.close()
        else:
            kb = KnowledgeBase.from_directory(root)
            kb.wait_semantic()
            cases = [features(kb, row) for row in rows]
    finally:
        dense.weights_for, dense.SEMANTIC_BASE, dense.SEMANTIC_GAIN = saved
    return [c for c in cases if c is not None]


def _loss(cases: list[Case], w: np.ndarray, l2: float) -> float:
    total = 0.5 * l2 * float(w @ w)
    for c in cases:
        s = c.x @ w
        top = s.max()
        total -= float((c.right / c.right.sum()) @ s - top - np.log(np.exp(s - top).sum()))
    return total


def fit(cases: list[Case], l2: float = 0.01, steps: int = 100) -> np.ndarray:
    """Conditional logit by Newton's method with a halving line search."""
    w = np.zeros(len(FEATURES))
    for _ in range(steps):
        grad = l2 * w
        hess = l2 * np.eye(len(w))
        for c in cases:
            s = c.x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad = grad + c.x.T @ (p - c.right / c.right.sum())
            centred = c.x - p @ c.x
            hess = hess + (centred * p[:, None]).T @ centred
        step = np.linalg.solve(hess, grad)
        before, size = _loss(cases, w, l2), 1.0
        while size > 1e-4 and _loss(cases, w - size * step, l2) > before:
            size /= 2
        w = w - size * step
        if float(np.abs(size * step).max()) < 1e-7:
            break
    return w


def relative(w: np.ndarray) -> RankerWeights:
    return RankerWeights(float(w[1] / w[0]), float(w[2] / w[0]), float(w[3] / w[0]))


def right_on_top(cases: list[Case], weights: RankerWeights) -> dict[str, float]:
    w = np.array([1.0, *weights])
    by_lang: dict[str, list[bool]] = {}
    for c in cases:
        by_lang.setdefault(c.lang, []).append(bool(c.gold[int(np.argmax(c.x @ w))]))
    rates = {lang: round(float(np.mean(v)), 3) for lang, v in sorted(by_lang.items())}
    rates["all"] = round(float(np.mean([v for vs in by_lang.values() for v in vs])), 3)
    return rates


def cross_validate(cases: list[Case], folds: int, seed: int = 0) -> dict[str, float]:
    order = np.random.default_rng(seed).permutation(len(cases))
    hits: list[Case] = []
    picked: list[bool] = []
    for k in range(folds):
        train = [cases[i] for j, i in enumerate(order) if j % folds != k]
        test = [cases[i] for j, i in enumerate(order) if j % folds == k]
        weights = relative(fit(train))
        w = np.array([1.0, *weights])
        for c in test:
            hits.append(c)
            picked.append(bool(c.gold[int(np.argmax(c.x @ w))]))
    by_lang: dict[str, list[bool]] = {}
    for c, ok in zip(hits, picked, strict=True):
        by_lang.setdefault(c.lang, []).append(ok)
    rates = {lang: round(float(np.mean(v)), 3) for lang, v in sorted(by_lang.items())}
    rates["all"] = round(float(np.mean(picked)), 3)
    return rates


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kb", type=Path, required=True)
    ap.add_argument("--questions", type=Path, nargs="+", required=True)
    ap.add_argument("--unseen", type=float, help="hide aliases repeating the question (Jaccard)")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--write", action="store_true", help="store the weights for this backend")
    args = ap.parse_args()
    rows = [row for path in args.questions for row in load_questions(path)]
    cases = collect(args.kb, rows, args.unseen)
    probe = KnowledgeBase.from_directory(args.kb, semantic=True)
    key = probe._semantic.key if probe._semantic is not None else "none"
    result: dict[str, object] = {"backend": key, "questions": len(rows), "ranked": len(cases)}
    result["built_in_rule"] = right_on_top(cases, FALLBACK)
    print(f"{len(cases)} in-scope questions ({key}); built-in rule:", result["built_in_rule"])
    if args.folds:
        result["cross_validated"] = cross_validate(cases, args.folds)
        print(f"{args.folds}-fold cross-validated:", result["cross_validated"])
    weights = relative(fit(cases))
    result["weights"] = weights._asdict()
    result["fitted_on_all"] = right_on_top(cases, weights)
    print("fitted on all:", result["weights"], result["fitted_on_all"])
    if args.write:
        names = ", ".join(p.name for p in args.questions)
        write_weights(
            {key: weights}, f"{key}: fitted on {names} ({len(cases)} ranked, unseen={args.unseen})"
        )
        print("written to bot/kb/data/ranker.yml")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
