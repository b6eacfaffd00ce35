"""How often the bot quotes the right section of the right article.

``bench/kb_questions/sections.jsonl`` holds chat questions aimed at one section of one
article (written by a helper who read the articles but never ran the engine; ``position``
counts the article's ``## `` sections, 0 being the intro). For each question the engine
answers as it would in chat, and the quoted section is compared with the judged one, for
each weight of the section embeddings (``bot/kb/sections.py`` ``SECTION_MEANING``) asked for.

    .venv/bin/python bench/kb_sections.py --kb knowledge_base --weights 0 0.1 0.2 0.3

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.kb import KnowledgeBase, sections  # noqa: E402
from bot.kb.models import Article  # noqa: E402

QUESTIONS = ROOT / "bench" / "kb_questions" / "sections.jsonl"


def position_of(art: Article, heading: str | None) -> int:
    """The judged ``position`` of the quoted section: the number of ``## `` sections up
    to it (a ``### `` part counts as the ``## `` section it sits in); 0 is the intro."""
    count = 0
    for sec in art.sections:
        if sec.heading is not None and sec.level <= 2:
            count += 1
        if sec.heading is not None and sec.heading == heading:
            return count
    return 0


def measure(kb: KnowledgeBase, rows: list[dict]) -> dict[str, object]:
    by_id = {a.article_id: a for a in kb.articles}
    family_of = {a.article_id: a.translation_key for a in kb.articles}
    per_lang: dict[str, list[tuple[bool, bool]]] = {}
    for row in rows:
        answer = kb.answer(row["query"], lang=row["lang"])
        best = answer.best
        right_article = best is not None and family_of.get(best.article_id) == family_of.get(
            row["article"]
        )
        right_section = bool(
            right_article
            and best is not None
            and position_of(by_id[best.article_id], best.section) == row["position"]
        )
        per_lang.setdefault(row["lang"], []).append((right_article, right_section))
    out: dict[str, object] = {}
    every = [r for results in per_lang.values() for r in results]
    for lang, results in [*sorted(per_lang.items()), ("all", every)]:
        found = [s for a, s in results if a]
        out[lang] = {
            "n": len(results),
            "right_article": round(sum(a for a, _ in results) / len(results), 3),
            "right_section_given_article": round(sum(found) / max(len(found), 1), 3),
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kb", type=Path, default=ROOT / "knowledge_base")
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--weights", type=float, nargs="+", default=[sections.SECTION_MEANING])
    args = ap.parse_args()
    rows = [json.loads(x) for x in args.questions.read_text(encoding="utf-8").splitlines() if x]
    kb = KnowledgeBase.from_directory(args.kb)
    kb.wait_semantic()
    saved = sections.SECTION_MEANING
    result: dict[str, object] = {"questions": len(rows), "shipped_weight": saved}
    try:
        for weight in args.weights:
            sections.SECTION_MEANING = weight
            result[f"weight_{weight}"] = figures = measure(kb, rows)
            print(weight, json.dumps(figures["all"]), flush=True)  # type: ignore[index]
    finally:
        sections.SECTION_MEANING = saved
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
