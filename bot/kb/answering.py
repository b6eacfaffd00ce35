"""From ranked articles to a reply in the customer's language.

Articles that share a ``translation_key`` are one family: the same answer in several
languages. The best article found in any language stands for its family; the reply
quotes the family's version in the customer's language when there is one. When the
family exists only in another language, it is quoted only on a strong match, and the
reply says which language it is in. Suggestions are one per family, in the
customer's language or else English.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .analysis import analyze
from .answer import make_excerpt
from .calibration import Calibration, Evidence
from .dense import best_per_family
from .links import article_path
from .models import Article, KbAnswer, SearchHit
from .query import Query
from .ranking import Ranking, Snapshot, family_order, known_share, word_coverage
from .sections import choose_section, is_closing

FALLBACK_LANG = "en"
SEE_ALSO = 2
# A runner-up is "see also" when the answer links to it (its authors said it is related),
# or when it nearly ties with the answer. Any runner-up was shown before, and a console
# walkthrough found "cancel a fapiao" under "forgot my password".
SEE_ALSO_TIE = 0.9
CLOSEST = 3

HitMaker = Callable[[Snapshot, int, int, float], SearchHit]


def evidence_for(ranking: Ranking, top: int, audience: str | None) -> Evidence:
    """The calibration's inputs for ``ranking.hits[top]`` (the best family's best
    article), each over whichever version of the article holds the most: a question
    that matched the Chinese version through a synonym is covered by the English one."""
    snap, q = ranking.snap, ranking.query
    a, s, score = ranking.hits[top]
    order = family_order(snap, ranking.hits)
    runner = ranking.hits[order[1]][2] if len(order) > 1 else 0.0
    margin = max(0.0, min(1.0, 2 * (score - runner) / score)) if score > 0 else 0.0

    def coverage_in(b: int) -> float:
        same = b == a or len(snap.arts[b].sections) == len(snap.arts[a].sections)
        section = int(snap.sec_start[b]) + (s if same else 0)
        art = word_coverage(q, snap.art_index, b)
        return 0.6 * art + 0.4 * word_coverage(q, snap.sec_index, section)

    versions = list(snap.members[snap.arts[a].translation_key].values())
    coverage = max(coverage_in(b) for b in versions)
    cosine = agreement = line = None
    if ranking.dense is not None:
        cosine, agreement = family_similarity(snap, ranking.dense.cosine, a, audience)
        line = family_similarity(snap, ranking.dense.line_cos, a, audience)[0]
    return Evidence(
        coverage, margin, known_share(q), cosine, agreement, phrasing(snap, q, versions), line
    )


def phrasing(snap: Snapshot, q: Query, versions: list[int]) -> float:
    """Idf-weighted share of the question's words (through their typo corrections and
    synonyms too; words the KB has never seen at full idf) that one line holds: the
    article's title or one of its aliases, the best of any version. Aliases are the
    questions an article answers, so a question that one of them nearly says is likely
    answered; words spread over the whole article are less telling."""
    unknown = len(q.core) - len(q.words)
    total = sum(idf for idf, _ in q.words) + max(0, unknown) * snap.art_index.max_idf
    if total <= 0:
        return 0.0
    best = 0.0
    for b in versions:
        for line in _phrasings(snap, b):
            got = sum(idf for idf, tids in q.words if not line.isdisjoint(tids))
            best = max(best, got / total)
    return best


def _phrasings(snap: Snapshot, a: int) -> list[frozenset[int]]:
    """Term ids of article ``a``'s title and of each alias, analysed once and kept."""
    lines = snap.phrasings.get(a)
    if lines is None:
        art = snap.arts[a]
        lines = [
            frozenset(snap.ids[t] for t in analyze(text) if t in snap.ids)
            for text in [art.title, *art.aliases]
        ]
        snap.phrasings[a] = lines
    return lines


def family_similarity(
    snap: Snapshot, cosine: np.ndarray, a: int, audience: str | None
) -> tuple[float, float]:
    """(the embedding similarity of the question to article ``a``'s family, 1 / the
    family's rank among all families by that similarity): families compete by their
    best version, as in ranking; articles the audience may not read do not compete."""
    allowed = ~snap.engineer_only if audience == "customer" else None
    best = best_per_family(cosine.astype(np.float64), snap.family_ids, allowed)
    mine = float(best[snap.family_ids[a]])
    return mine, 1.0 / (1 + int((best > mine).sum()))


def version_in(snap: Snapshot, family: str, lang: str, audience: str | None) -> int | None:
    """The family's article in ``lang``, if there is one the audience may read."""
    a = snap.members.get(family, {}).get(lang)
    if a is None or (audience == "customer" and bool(snap.engineer_only[a])):
        return None
    return a


def quote_section(snap: Snapshot, ranking: Ranking, target: int, a: int, s: int) -> int:
    """The section of ``target`` (the version quoted) that answers best, scored over
    every version of the article with the same sections; ranking's choice ``s`` in
    the matched article ``a`` when no section holds a question word."""
    art = snap.arts[target]
    n = len(art.sections)
    versions = [
        snap.encs[b]
        for b in snap.members.get(art.translation_key, {}).values()
        if len(snap.arts[b].sections) == n
    ] or [snap.encs[target]]
    fallback = matching_section(snap.arts[a], art, s)
    titled = [sec.heading is not None for sec in art.sections]
    meaning = None
    if ranking.dense is not None:  # the best of the aligned versions, section by section
        sims = [
            ranking.dense.sections_of(b, n)
            for b in snap.members.get(art.translation_key, {target: target}).values()
            if len(snap.arts[b].sections) == n
        ]
        known = [v for v in sims if v is not None]
        meaning = np.max(known, axis=0) if known else None
    levels = [sec.level if sec.heading is not None else 0 for sec in art.sections]
    closing = [is_closing(sec.heading) for sec in art.sections]
    return choose_section(
        versions, ranking.query, snap.sec_index, fallback, titled, meaning, levels, closing
    )


def matching_section(source: Article, target: Article, s: int) -> int:
    """The section of a translation that corresponds to ``source``'s section ``s``:
    translations keep the same sections in the same order, so the same position when
    the counts agree, else the intro."""
    return s if len(source.sections) == len(target.sections) else 0


def suggestions(
    snap: Snapshot,
    ranking: Ranking,
    positions: list[int],
    lang: str,
    audience: str | None,
    make_hit: HitMaker,
    count: int,
) -> tuple[SearchHit, ...]:
    """One hit per family, in the customer's language or else English, never another."""
    out: list[SearchHit] = []
    for i in positions:
        a, s, score = ranking.hits[i]
        art = snap.arts[a]
        for want in dict.fromkeys((lang, FALLBACK_LANG)):
            if art.lang == want:
                out.append(make_hit(snap, a, s, score))
                break
            b = version_in(snap, art.translation_key, want, audience)
            if b is not None:
                out.append(make_hit(snap, b, matching_section(art, snap.arts[b], s), score))
                break
        if len(out) >= count:
            break
    return tuple(out)


def related(snap: Snapshot, ranking: Ranking, order: list[int]) -> list[int]:
    """The runners-up (positions in ``order`` after the first) worth a "see also": the
    answer's family links to them, or they nearly tie with it (``SEE_ALSO_TIE``)."""
    top = ranking.hits[order[0]]
    linked: set[str] = set()
    for version in snap.members.get(snap.arts[top[0]].translation_key, {}).values():
        source = snap.arts[version]
        for href, _line in source.links:
            path = article_path(source.article_id, href.partition("#")[0])
            if path is not None:
                linked.add(path)
    keep = []
    for i in order[1:]:
        a, _s, score = ranking.hits[i]
        versions = snap.members.get(snap.arts[a].translation_key, {}).values()
        near = top[2] > 0 and score >= SEE_ALSO_TIE * top[2]
        if near or any(snap.arts[v].article_id in linked for v in versions):
            keep.append(i)
    return keep


def build_answer(
    ranking: Ranking,
    query: str,
    lang: str,
    *,
    min_confidence: float,
    calibration: Calibration,
    audience: str | None,
    make_hit: HitMaker,
) -> tuple[KbAnswer, Evidence | None]:
    """The reply for ``lang`` (the best family's version in that language, how sure
    we are, one suggestion per other family) and the evidence its confidence is from."""
    if not ranking.hits:
        empty = KbAnswer(
            query=query, lang=lang, confident=False, confidence=0.0, best=None, excerpt=""
        )
        return empty, None
    snap = ranking.snap
    order = family_order(snap, ranking.hits)
    a, s, score = ranking.hits[0]
    evidence = evidence_for(ranking, 0, audience)
    conf = calibration.confidence(evidence)
    source = snap.arts[a]
    target = a if source.lang == lang else version_in(snap, source.translation_key, lang, audience)
    needed = min_confidence
    if target is None:
        target = a  # only in another language: quoted on a strong match only
        needed = max(min_confidence, calibration.strong)
    section = quote_section(snap, ranking, target, a, s)
    best = make_hit(snap, target, section, score)
    confident = conf >= needed
    tentative = not confident and conf >= max(calibration.tentative, calibration.nothing_close)
    if confident or conf < calibration.nothing_close:
        closest: tuple[SearchHit, ...] = ()
    elif tentative:  # the guess is shown; the list holds the runners-up
        closest = suggestions(snap, ranking, order[1:], lang, audience, make_hit, CLOSEST - 1)
    else:
        closest = suggestions(snap, ranking, order, lang, audience, make_hit, CLOSEST)
    answer = KbAnswer(
        query=query,
        lang=lang,
        confident=confident,
        confidence=conf,
        best=best,
        excerpt=make_excerpt(best.text),
        tentative=tentative,
        see_also=(
            suggestions(snap, ranking, also, lang, audience, make_hit, SEE_ALSO)
            if confident and (also := related(snap, ranking, order))
            else ()
        ),
        closest=closest,
        article_lang=best.lang,
    )
    return answer, evidence
