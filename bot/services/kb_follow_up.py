"""The answer to a follow-up or a correction: the part of the KB the new words are about.

"And on my phone?", "а с макбука?", "那Mac呢" and "no, I meant the desktop app on windows"
are searched together with the question the conversation began with, so the article
stays on the topic. But that question's words outnumber the new ones, and the section
the search picks is often the one just shown: a walkthrough's customer got the very same
text three times. So, for these messages only (the general section choice is
``bot/kb/sections.py``'s):

- the section quoted should hold the new words ("phone", "мак", "手机") when another
  section of the same article does and the chosen one does not;
- the answer must never be the section just shown: another section that holds the new
  words, else the next article the search found that holds them, else ``same_again`` —
  the handler then says plainly that this is all the KB has and offers an engineer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.kb import KbAnswer, KnowledgeBase
from bot.kb.analysis import analyze
from bot.kb.answer import make_excerpt
from bot.kb.models import Article, SearchHit

_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Shown:
    """The section a previous answer quoted: its article and anchor (None: the intro)."""

    article_id: str
    anchor: str | None


def telling_words(text: str) -> set[str]:
    """The new message's search words that say something: two Chinese characters or three
    letters at least ("上" in "手机上呢" or "on" say nothing of where to look)."""
    return {w for w in analyze(text) if len(w) >= (2 if _HAN.search(w) else 3)}


def refocus(
    kb: KnowledgeBase, answer: KbAnswer, extra: str, shown: Shown | None
) -> tuple[KbAnswer, bool]:
    """``answer`` moved to the section or article the new words ``extra`` are about and
    away from ``shown``; True as the second item when nothing else fits (see the module)."""
    best = answer.best
    if best is None or not (answer.confident or answer.tentative):
        return answer, False
    words = telling_words(extra)
    art = next((a for a in kb.articles if a.article_id == best.article_id), None)
    if art is None:
        return answer, False
    current = _position(art, best.anchor)
    repeat = shown is not None and (shown.article_id, shown.anchor) == (
        best.article_id,
        best.anchor,
    )
    holds = [i for i, sec in enumerate(art.sections) if words & _section_words(art, i)]
    if holds and (repeat or current not in holds):
        better = [i for i in holds if not (repeat and i == current)]
        if better:
            return _quote(kb, answer, kb.hit(art, better[0], best.score)), False
    if not repeat:
        return answer, False
    by_id = {a.article_id: a for a in kb.articles}
    for hit in (*answer.closest, *answer.see_also):
        other = by_id.get(hit.article_id)
        if other is None or (hit.article_id, hit.anchor) == (best.article_id, best.anchor):
            continue
        # another article only when it is about the new words too ("那Mac呢" after the
        # section that has the Mac line: a firewall article is no better answer)
        if not words or words & _article_words(other):
            others = tuple(h for h in answer.closest if h != hit)
            moved = _quote(kb, answer, hit)
            return replace(moved, confident=False, tentative=True, closest=others), False
    return answer, True


def _quote(kb: KnowledgeBase, answer: KbAnswer, hit: SearchHit) -> KbAnswer:
    """``answer`` quoting ``hit`` instead of its best section."""
    return replace(
        answer,
        best=hit,
        excerpt=make_excerpt(hit.text),
        article_lang=hit.lang,
        see_also=tuple(h for h in answer.see_also if h.article_id != hit.article_id),
    )


def _position(art: Article, anchor: str | None) -> int:
    found = [i for i, sec in enumerate(art.sections) if anchor and sec.anchor == anchor]
    return found[0] if found else 0


def _article_words(art: Article) -> set[str]:
    found = set(analyze(art.title))
    for i in range(len(art.sections)):
        found |= _section_words(art, i)
    return found


def _section_words(art: Article, i: int) -> set[str]:
    sec = art.sections[i]
    return set(analyze(f"{sec.heading or ''} {sec.text}"))
