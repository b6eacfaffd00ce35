"""Query preparation: user text to weighted term ids (plain words only, never syntax)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .analysis import _HAS_HAN, analyze, han_subwords
from .fuzzy import FuzzyMatcher
from .index import BM25FIndex
from .store import pairs
from .synonyms import Synonyms

MAX_QUERY_CHARS = 2000
MAX_QUERY_TERMS = 48
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
FUZZY_WEIGHT = 0.7  # a corrected typo counts a bit less than a word as typed
STAND_IN_WEIGHT = 0.7  # so does a synonym or the parts standing in for an unknown word
SYNONYM_WEIGHT = 0.25  # synonyms help recall but never outrank the user's words
PAIR_WEIGHT = 0.3
SUBWORD_WEIGHT = 0.3
_CYRILLIC = re.compile("[\u0400-\u04ff]")
MAX_PIECE = 6  # longest Chinese word looked for inside an unknown one


@dataclass
class Query:
    """A prepared query."""

    terms: list[tuple[int, float]]  # (term id, query weight) used for scoring
    # the user's own words: (term id or -1, idf); an unknown word known through a
    # synonym or its parts has the id of its best stand-in
    core: list[tuple[int, float]]
    # per user word found in the KB: (idf, term ids standing for it: the word,
    # its typo corrections, its synonyms) — what "the text has this word" means
    words: list[tuple[float, list[int]]] = field(default_factory=list)
    # idf-weighted share of the words the KB knows as typed (no stand-ins): how much
    # the words alone can be trusted, which decides whether embeddings are consulted
    typed_known: float = 0.0


def prepare_query(
    query: str, ids: dict[str, int], art_index: BM25FIndex, fuzzy: FuzzyMatcher, synonyms: Synonyms
) -> Query:
    """Analyse user text as plain words (no operators exist), then add fuzzy
    matches for unknown words and synonyms at lower weights."""
    text = _CONTROL.sub(" ", query[:MAX_QUERY_CHARS])
    words = analyze(text)
    counts: dict[str, int] = {}
    for w in words:
        if w in counts or len(counts) < MAX_QUERY_TERMS:
            counts[w] = counts.get(w, 0) + 1
    weights: dict[int, float] = {}
    core: list[tuple[int, float]] = []
    groups: list[tuple[float, list[int]]] = []
    typed = unknown = 0.0

    def known(t: int) -> bool:
        return 0 <= t < art_index.n_terms and art_index.df[t] > 0

    def one_word_synonyms(w: str) -> list[str]:
        # one-word synonyms only: "up" alone does not stand for "create" ("set up")
        return [
            x
            for x in synonyms.expand([w])
            if x in ids and known(ids[x]) and w in synonyms.expand([x])
        ]

    def stand_ins_for(w: str) -> tuple[list[int], float]:
        # A synonym in the word's own script first ("续费" stands in as "续订"); one
        # in another script is a translation, weaker evidence, kept at the synonym
        # weight (measured: stronger cost the cross-lingual Partner Center set).
        alts = one_word_synonyms(w)
        mine = [ids[x] for x in alts if script(x) == script(w)]
        if mine:
            return mine, STAND_IN_WEIGHT
        if alts:
            return [ids[x] for x in alts], SYNONYM_WEIGHT
        return han_pieces(w, ids, known), STAND_IN_WEIGHT

    def add_subwords(w: str, qw: float) -> None:
        # the dictionary words inside a Chinese word count a little: "状况" in "运行状况"
        for sub in han_subwords(w):
            st = ids.get(sub, -1)
            if known(st):
                weights[st] = max(weights.get(st, 0.0), SUBWORD_WEIGHT * qw)

    for w, n in counts.items():
        qw = 1.0 + 0.2 * (n - 1)
        tid = ids.get(w, -1)
        if known(tid):
            weights[tid] = weights.get(tid, 0.0) + qw
            core.append((tid, float(art_index.idf[tid])))
            typed += float(art_index.idf[tid])
            alts = [ids[x] for x in one_word_synonyms(w)]
            groups.append((float(art_index.idf[tid]), [tid, *alts]))
            add_subwords(w, qw)
            continue
        # Unknown to the KB: a synonym the KB uses stands for it, else the Chinese
        # words it is made of ("提工单" is "工单"), else its typo corrections.
        unknown += art_index.max_idf
        stand_ins, weight = stand_ins_for(w)
        if stand_ins:
            best = max(stand_ins, key=lambda t: float(art_index.idf[t]))
            for t in stand_ins:
                weights[t] = max(weights.get(t, 0.0), weight * qw)
            core.append((best, float(art_index.idf[best])))
            groups.append((float(art_index.idf[best]), stand_ins))
            continue
        core.append((-1, art_index.max_idf))
        add_subwords(w, qw)
        cands = [ids[c] for c in fuzzy.candidates(w) if known(ids[c])][:3]
        for c in cands:
            weights[c] = max(weights.get(c, 0.0), FUZZY_WEIGHT * qw)
        if cands:
            groups.append((float(art_index.idf[cands].max()), cands))
    for pair in pairs(words[: MAX_QUERY_TERMS * 2]):
        tid = ids.get(pair, -1)
        if tid >= 0:
            weights[tid] = weights.get(tid, 0.0) + PAIR_WEIGHT
    for w in synonyms.expand(words[: MAX_QUERY_TERMS * 2]):
        tid = ids.get(w, -1)
        if tid >= 0 and tid not in weights:
            weights[tid] = SYNONYM_WEIGHT
    typed_known = typed / (typed + unknown) if typed + unknown > 0 else 0.0
    return Query(list(weights.items()), core, groups, typed_known)


def script(term: str) -> str:
    """ "han", "cyrillic" or "latin": which alphabet a term is written in."""
    if _HAS_HAN.search(term):
        return "han"
    return "cyrillic" if _CYRILLIC.search(term) else "latin"


def han_pieces(word: str, ids: dict[str, int], known: Callable[[int], bool]) -> list[int]:
    """Term ids of the KB's Chinese words of two or more characters that make up most
    of ``word`` (at least two thirds of its characters), longest first.

    jieba joins characters it has no dictionary entry for into new words ("提工单",
    "微信群"), and the KB may never use that exact joining; the KB's own vocabulary
    is the dictionary that splits it again. Lone characters do not count: "金蝶" (a
    product the KB never names) must stay unknown, not become "金".
    """
    if len(word) < 3 or not _HAS_HAN.match(word):
        return []
    found: list[int] = []
    covered = 0
    i = 0
    while i < len(word):
        for size in range(min(MAX_PIECE, len(word) - i), 1, -1):
            tid = ids.get(word[i : i + size], -1)
            if known(tid):
                found.append(tid)
                covered += size
                i += size
                break
        else:
            i += 1
    return found if covered * 3 >= len(word) * 2 else []
