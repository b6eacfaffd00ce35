"""Query preparation: user text to weighted term ids (plain words only, never syntax)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import analyze
from .fuzzy import FuzzyMatcher
from .index import BM25FIndex
from .store import pairs
from .synonyms import Synonyms

MAX_QUERY_CHARS = 2000
MAX_QUERY_TERMS = 48
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
FUZZY_WEIGHT = 0.7  # a corrected typo counts a bit less than a word as typed
SYNONYM_WEIGHT = 0.25  # synonyms help recall but never outrank the user's words
PAIR_WEIGHT = 0.3  # query word pairs matched against title/alias pairs


@dataclass
class Query:
    """A prepared query."""

    terms: list[tuple[int, float]]  # (term id, query weight) used for scoring
    core: list[tuple[int, float]]  # the user's own words: (term id or -1, idf)
    # per user word found in the KB: (idf, term ids standing for it: the word,
    # its typo corrections, its synonyms) — what "the text has this word" means
    words: list[tuple[float, list[int]]] = field(default_factory=list)


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

    def known(t: int) -> bool:
        return 0 <= t < art_index.n_terms and art_index.df[t] > 0

    for w, n in counts.items():
        qw = 1.0 + 0.2 * (n - 1)
        tid = ids.get(w, -1)
        if known(tid):
            weights[tid] = weights.get(tid, 0.0) + qw
            core.append((tid, float(art_index.idf[tid])))
            # one-word synonyms only: "up" alone does not stand for "create" ("set up")
            alts = [
                ids[x]
                for x in synonyms.expand([w])
                if x in ids and known(ids[x]) and w in synonyms.expand([x])
            ]
            groups.append((float(art_index.idf[tid]), [tid, *alts]))
            continue
        core.append((-1, art_index.max_idf))
        cands = [ids[c] for c in fuzzy.candidates(w) if known(ids[c])][:3]
        for c in cands:
            weights[c] = max(weights.get(c, 0.0), FUZZY_WEIGHT * qw)
        if cands:
            groups.append((float(art_index.idf[cands].max()), cands))
    for pair in pairs(words[: MAX_QUERY_TERMS * 2]):
        tid = ids.get(pair, -1)
        if tid >= 0:
            weights[tid] = weights.get(tid, 0.0) + PAIR_WEIGHT
    for w in synonyms.expand(list(counts)):
        tid = ids.get(w, -1)
        if tid >= 0 and tid not in weights:
            weights[tid] = SYNONYM_WEIGHT
    return Query(list(weights.items()), core, groups)
