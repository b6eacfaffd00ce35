"""Cold start of the KB: how long until the first answer, and is it the answer a warm
server gives?

Each run is a fresh process, as a one-shot ``supportbot chat`` is: it indexes the KB,
answers the first questions at once (as messages arriving right after start would be),
then waits for the embeddings and answers them again (the warm server's answers). Two
runs: with an empty embedding cache (first start ever) and with the cache the first
run left (every later start).

    .venv/bin/python bench/kb_cold_start.py                  # this checkout
    .venv/bin/python bench/kb_cold_start.py --root /tmp/old  # another checkout, to compare

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# /work/main/bench or /work/wt/<branch>/bench: the shared folder is beside either.
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "datasets").is_dir()), ROOT)
DEFAULT_KB = SHARED / "datasets" / "partner-center-en"

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bot.kb import KnowledgeBase
rows = [json.loads(x) for x in open(sys.argv[3], encoding="utf-8") if x.strip()]
kind = sys.argv[5]
questions = [r["query"] for r in rows if r.get("kind", kind) == kind][: int(sys.argv[4])]
kb = KnowledgeBase.from_directory(Path(sys.argv[2]))
t_index = time.perf_counter() - t0
first, t_first = [], None
for q in questions:
    a = kb.answer(q)
    t_first = t_first or time.perf_counter() - t0
    first.append([a.best.article_id if a.best else None, a.confident])
t_all = time.perf_counter() - t0
ready = kb.wait_semantic(600)
t_ready = time.perf_counter() - t0
warm = [[a.best.article_id if a.best else None, a.confident] for a in map(kb.answer, questions)]
print(json.dumps({"index_s": t_index, "first_answer_s": t_first, "answered_all_s": t_all,
                  "ready_s": t_ready if ready else None,
                  "same_as_warm": sum(f == w for f, w in zip(first, warm)) / len(first)}))
"""


def run(root: Path, kb: Path, questions: Path, n: int, kind: str, cache: Path) -> dict:
    env = dict(os.environ, SUPPORTBOT_KB_CACHE=str(cache))
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(kb), str(questions), str(n), kind],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=root,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - t0
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in result.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose bot/ to measure")
    ap.add_argument("--kb", type=Path, default=DEFAULT_KB / "kb")
    ap.add_argument("--questions", type=Path, default=DEFAULT_KB / "queries.jsonl")
    ap.add_argument("-n", type=int, default=20, help="questions asked right after start")
    ap.add_argument("--kind", default="description-ru", help="query kind (Russian descriptions)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-cold-") as tmp:
        cache = Path(tmp) / "kb-embeddings.sqlite3"
        cold = run(args.root, args.kb, args.questions, args.n, args.kind, cache)
        warm = run(args.root, args.kb, args.questions, args.n, args.kind, cache)
    for name, r in (("empty cache", cold), ("cache from the last run", warm)):
        print(
            f"{name:24} index {r['index_s']:.2f} s, first answer at {r['first_answer_s']:.2f} s, "
            f"{args.n} answered at {r['answered_all_s']:.2f} s, embeddings ready at "
            f"{r['ready_s']} s; first answers = warm answers for {r['same_as_warm']:.0%}"
        )
    print(json.dumps({"cold_cache": cold, "warm_cache": warm}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
