"""Judged question sets: would a customer get the right article, in their language?

A question file is JSONL, one question a line::

    {"qid": "ru-017", "lang": "ru", "query": "аутлук просит пароль",
     "gold": ["account/reset-password.md"]}

``lang`` is the customer's configured language; ``gold`` lists the English article ids
(paths relative to the KB root) that answer the question; an empty list means no
article does (out of scope: the right reply is "not sure"). A gold article stands for
its family: its translations are right answers too. A row without ``gold`` is not
judged yet (``topic: out_of_scope`` counts as ``gold: []``): it counts for "not sure"
only.

Per language we report:

* ``right_on_top`` — the answer's family is a gold family, and the answer is in the
  customer's language whenever the family has a version in it (in-scope questions);
* ``answered_right`` — the same, and confident;
* ``not_sure`` — the bot said it is not sure (all questions), with or without a guess;
* ``tentative_right`` / ``tentative_wrong`` — not sure, but the bot showed its best guess
  (calibration's ``tentative``) and the guess was right (in-scope questions) / wrong
  (judged questions, out-of-scope ones included);
* ``confidently_wrong`` — a confident answer whose family is not gold, including any
  confident answer to an out-of-scope question (judged questions);
* ``mrr@10`` — over families, in the order the customer would see them (in scope).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .calibration import Evidence
from .engine import KnowledgeBase
from .lang import SUPPORTED, customer_language
from .markdown import path_family

RATE_KEYS = (
    "right_on_top",
    "answered_right",
    "not_sure",
    "confidently_wrong",
    "tentative_right",
    "tentative_wrong",
    "mrr@10",
)


@dataclass(frozen=True)
class Outcome:
    """One question's result, with what calibration needs to replay it."""

    qid: str
    lang: str
    query: str
    gold: tuple[str, ...]  # gold families
    top_family: str | None
    top_article: str | None
    top_lang: str | None
    right_family: bool
    right_language: bool
    confident: bool
    confidence: float
    foreign_only: bool  # the answer had to come from another language (needs a strong match)
    rank: int | None  # 1-based family rank of the first gold family, within 10
    evidence: Evidence | None
    judged: bool = True
    tentative: bool = False  # not confident, but shown as the bot's best guess

    @property
    def in_scope(self) -> bool:
        return self.judged and bool(self.gold)

    @property
    def right_on_top(self) -> bool:
        return self.right_family and self.right_language


def load_questions(path: Path) -> list[dict]:
    """Read a question file; raises ValueError naming the line of a malformed row."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("query"), str):
                raise ValueError(f"{path}:{n}: expected an object with a 'query' string")
            if row.get("lang") not in SUPPORTED:
                raise ValueError(f"{path}:{n}: 'lang' must be one of {', '.join(SUPPORTED)}")
            judged = "gold" in row or row.get("topic") == "out_of_scope"
            gold = row.get("gold") or []
            gold = [gold] if isinstance(gold, str) else gold
            if not isinstance(gold, list) or not all(isinstance(g, str) for g in gold):
                raise ValueError(f"{path}:{n}: 'gold' must be a list of article ids")
            rows.append({**row, "qid": str(row.get("qid", n)), "gold": gold, "judged": judged})
    return rows


def is_question_file(rows: list[dict]) -> bool:
    """Question files carry the customer's language on every row; ranking sets do not."""
    return bool(rows) and all("lang" in r for r in rows)


def gold_families(kb: KnowledgeBase, gold: Iterable[str]) -> tuple[str, ...]:
    """Families of gold article ids (an id not in the KB keeps its path family)."""
    return tuple(dict.fromkeys(kb.family_of(g) or path_family(g)[1] for g in gold))


def ask(
    kb: KnowledgeBase, row: dict, min_confidence: float, audience: str | None = "customer"
) -> Outcome:
    """Answer one question as the bot would answer that customer, and judge it."""
    lang = row["lang"]
    gold = gold_families(kb, row["gold"])
    reply_lang = customer_language(row["query"], lang)
    answer, evidence = kb.answer_with_evidence(
        row["query"], lang=reply_lang, min_confidence=min_confidence, audience=audience
    )
    best = answer.best
    family = best.family if best else None
    right_family = family is not None and family in gold
    has_own = family is not None and lang in kb.family_languages(family)
    right_language = best is not None and (best.lang == lang or not has_own)
    families: list[str] = []
    for hit in kb.search(row["query"], limit=30, lang=reply_lang, audience=audience):
        if hit.family not in families:
            families.append(hit.family)
    rank = next((i + 1 for i, f in enumerate(families[:10]) if f in gold), None)
    return Outcome(
        qid=row["qid"],
        lang=lang,
        query=row["query"],
        gold=gold,
        top_family=family,
        top_article=best.article_id if best else None,
        top_lang=best.lang if best else None,
        right_family=right_family,
        right_language=right_language,
        confident=answer.confident,
        confidence=answer.confidence,
        foreign_only=best is not None and best.lang != reply_lang,
        rank=rank,
        evidence=evidence,
        judged=row.get("judged", True),
        tentative=answer.tentative,
    )


def summarise(outcomes: list[Outcome]) -> dict[str, float | int]:
    """The rates of one group of questions (see the module docstring)."""
    scoped = [o for o in outcomes if o.in_scope]
    judged = [o for o in outcomes if o.judged]
    n, ns, nj = len(outcomes), len(scoped), len(judged)

    def share(count: int, total: int) -> float:
        return round(count / total, 4) if total else 0.0

    return {
        "n": n,
        "judged": nj,
        "in_scope": ns,
        "right_on_top": share(sum(o.right_on_top for o in scoped), ns),
        "answered_right": share(sum(o.right_on_top and o.confident for o in scoped), ns),
        "not_sure": share(sum(not o.confident for o in outcomes), n),
        "confidently_wrong": share(sum(o.confident and not o.right_family for o in judged), nj),
        "tentative_right": share(sum(o.right_on_top and o.tentative for o in scoped), ns),
        "tentative_wrong": share(sum(o.tentative and not o.right_family for o in judged), nj),
        "mrr@10": round(sum(1 / o.rank for o in scoped if o.rank) / ns, 4) if ns else 0.0,
    }


def report(outcomes: list[Outcome]) -> dict[str, dict[str, float | int]]:
    """Per language (in the order en, ru, zh) and ``all``."""
    out = {
        lang: summarise([o for o in outcomes if o.lang == lang])
        for lang in SUPPORTED
        if any(o.lang == lang for o in outcomes)
    }
    out["all"] = summarise(outcomes)
    return out


def outcome_row(o: Outcome) -> dict:
    """One question's result as a JSON-ready dict (for ``--details``)."""
    row = asdict(o)
    row["evidence"] = asdict(o.evidence) if o.evidence else None
    row["right_on_top"] = o.right_on_top
    return row
