"""Ranking articles for a question: BM25F over articles and sections, short-question
coverage, and the embedding re-ranker when the lexical evidence is weak."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .dense import Dense, dense_view
from .fuzzy import FuzzyMatcher
from .homophones import homophone_fixes, suspects
from .index import BM25FIndex
from .models import Article
from .pinyin import PinyinReader, looks_like_pinyin, readings
from .query import Query, prepare_query
from .semantic import SemanticIndex
from .store import Encoded
from .synonyms import Synonyms
from .translit import spelled_for_search

log = logging.getLogger(__name__)

SECTION_MIX = 0.5  # weight of the best section's score in an article's score
CANDIDATES = 60  # articles re-scored with their sections
# Short questions are mostly conjunctive: every content word is meant, so a
# section holding all of them should beat one that matches a few strongly. A
# section's score is scaled by the idf-weighted share of the question's words it
# contains, fully for questions of up to COVER_FULL words, fading to nothing at
# COVER_NONE words: long, verbose questions (pasted descriptions, error text)
# carry incidental words a good answer need not repeat.
COVER_FULL, COVER_NONE = 6, 10
# Long questions (pasted descriptions, "I want to ... so that ...") say what an article
# is about as a whole: a title match counts on its own, saturated apart from the body
# (as multi-field BM25 engines do), fading in from where the short-question coverage
# rule fades out. Measured: exchange-online-en/description 0.630 -> 0.697 (tantivy,
# which scores title and body apart, had 0.668), partner-center-ru/description 0.733 ->
# 0.758, the FAQ-heading sets unchanged (their questions are shorter, and their gold
# article is by construction not the one whose title they echo).
TITLE_MIX = 1.0
TITLE_FROM, TITLE_FULL = COVER_NONE, 16
COMMON_DF = 1.0  # share of docs above which a term is skipped in long queries (off)
FOREIGN_SHARE = 0.1  # below this share of articles, the question's language is "foreign"
SAME_LANG_NUDGE = 0.05  # near ties go to the article in the customer's language


class Snapshot(NamedTuple):
    """Everything a query reads, swapped as one object so a concurrent
    refresh can never mix an old index with new articles."""

    arts: list[Article]
    sec_start: np.ndarray
    sec_art: np.ndarray
    sec_index: BM25FIndex
    art_index: BM25FIndex
    engineer_only: np.ndarray
    fuzzy: FuzzyMatcher
    lang_share: dict[str, float]
    members: dict[str, dict[str, int]]  # family -> language -> article index
    title_index: BM25FIndex
    encs: list[Encoded]  # per article, for scoring its sections apart (sections.py)
    family_ids: np.ndarray  # per article, the number of its family (translation key)
    ids: dict[str, int]  # the vocabulary: term -> id
    # per article, the term ids of its title and of each alias, filled when first needed
    phrasings: dict[int, list[frozenset[int]]]
    # the reader of pinyin questions, built from the vocabulary on the first one
    pinyin: dict[str, PinyinReader]


@dataclass
class Ranking:
    """Ranked articles [(article, best section, score)] and what produced them."""

    hits: list[tuple[int, int, float]]
    query: Query
    snap: Snapshot
    dense: Dense | None = None


def rank(
    snap: Snapshot,
    ids: dict[str, int],
    synonyms: Synonyms,
    semantic: SemanticIndex | None,
    query: str,
    *,
    limit: int,
    qlang: str,
    prefer_lang: str,
    audience: str | None,
    await_semantic: Callable[[], None] = lambda: None,
) -> Ranking:
    """Article-level ranking of ``query`` (written in ``qlang``); near ties go to
    ``prefer_lang`` articles. ``await_semantic`` is called when the question needs
    the embeddings, before they are read (right after start they may be loading)."""
    arts, art_index, sec_index = snap.arts, snap.art_index, snap.sec_index
    sec_start, sec_art, eng = snap.sec_start, snap.sec_art, snap.engineer_only
    if not arts or not query:
        return Ranking([], Query([], []), snap)
    query = spelled_for_search(query, ids)  # "kak vklyuchit ..." -> "как включит ..."
    if looks_like_pinyin(query):
        query = pinyin_reader(snap).to_hanzi(query)  # "mima wangle" -> "密码忘了"
    if qlang == "zh":
        query = with_homophones(snap, query, ids)  # "怎么提公单" -> "怎么提公单 工单"
    q = prepare_query(query, ids, art_index, snap.fuzzy, synonyms)
    if not q.core:
        return Ranking([], q, snap)
    zeros = np.zeros
    title_mix = TITLE_MIX * title_strength(len(q.core))
    titles = (snap.title_index, title_mix) if title_mix > 0 else None
    a_scores = (
        art_index.score(q.terms, COMMON_DF, titles) if q.terms else zeros(len(arts), np.float32)
    )
    s_scores = (
        sec_index.score(q.terms, COMMON_DF) if q.terms else zeros(sec_index.n_docs, np.float32)
    )
    cand = np.unique(np.concatenate([_top(a_scores), sec_art[_top(s_scores)]]))
    foreign = snap.lang_share.get(qlang, 0.0) < FOREIGN_SHARE
    dense = dense_view(semantic, query, q, snap.family_ids, foreign, await_semantic)
    lex_max = 1.0
    if dense is not None:
        lex_max = max(float(a_scores.max()) + SECTION_MIX * float(s_scores.max()), 1e-9)
        near = [np.argsort(-dense.z)[:CANDIDATES], np.argsort(-dense.line_z)[:CANDIDATES]]
        cand = np.unique(np.concatenate([cand, *near]))
    if audience == "customer":
        cand = cand[~eng[cand]]
    if not len(cand):
        return Ranking([], q, snap, dense)
    # Best section score per candidate, vectorised: sections of an article
    # are contiguous, so a reduceat over the gathered ranges does it.
    starts, ends = sec_start[cand], sec_start[cand + 1]
    lens = ends - starts
    offs = np.concatenate([[0], np.cumsum(lens)[:-1]])
    gather = np.repeat(starts - offs, lens) + np.arange(int(lens.sum()))
    sec_scores = s_scores[gather]
    strength = cover_strength(len(q.core))
    if strength > 0:
        sec_scores = sec_scores * coverage_of(q, sec_index, gather) ** np.float32(strength)
    best_sec = np.maximum.reduceat(sec_scores, offs)
    total = a_scores[cand] + np.float32(SECTION_MIX) * best_sec
    if dense is not None:
        total = total / np.float32(lex_max) + np.float32(dense.beta) * dense.z[cand]
        total = total + np.float32(dense.line_beta) * dense.line_z[cand]
        if dense.line2_z is not None:
            total = total + np.float32(dense.line2_beta) * dense.line2_z[cand]
    preferred = np.array([arts[a].lang == prefer_lang for a in cand.tolist()])
    total = total + np.where(preferred, np.abs(total) * np.float32(SAME_LANG_NUDGE), 0)
    order = np.argsort(-total, kind="stable")
    hits: list[tuple[int, int, float]] = []
    for j in order[: max(limit, 1)].tolist():
        score = float(total[j])
        if dense is None and score <= 0:
            break
        o = int(offs[j])
        hits.append((int(cand[j]), int(np.argmax(sec_scores[o : o + int(lens[j])])), score))
    return Ranking(hits, q, snap, dense)


def _top(scores: np.ndarray) -> np.ndarray:
    k = min(CANDIDATES, len(scores))
    return np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))


def known_share(q: Query) -> float:
    """Idf-weighted share of the question's words that the KB knows."""
    total = sum(idf for _, idf in q.core)
    return sum(idf for tid, idf in q.core if tid >= 0) / total if total else 0.0


def cover_strength(n_words: int) -> float:
    """How conjunctively to treat a question of ``n_words`` distinct words (1 → 0)."""
    if n_words <= COVER_FULL:
        return 1.0
    return max(0.0, (COVER_NONE - n_words) / (COVER_NONE - COVER_FULL))


def title_strength(n_words: int) -> float:
    """How much a separate title match counts for a question of ``n_words`` (0 → 1)."""
    return min(1.0, max(0.0, (n_words - TITLE_FROM) / (TITLE_FULL - TITLE_FROM)))


def coverage_of(q: Query, index: BM25FIndex, docs: np.ndarray) -> np.ndarray:
    """Idf-weighted share of the question's words known to the KB that each of
    ``docs`` contains, a word counting as present through its typo corrections
    or synonyms too (1 when no word is known: nothing to compare). One binary
    search per term over the candidates only, so the cost does not grow with
    the size of the KB."""
    got = np.zeros(len(docs), np.float32)
    total = sum(idf for idf, _ in q.words)
    if total <= 0 or not len(docs):
        return got + np.float32(1.0)
    for idf, tids in q.words:
        has = np.zeros(len(docs), bool)
        for tid in tids:
            ids, _ = index.postings(tid)
            if len(ids):
                pos = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
                has |= ids[pos] == docs
        got[has] += np.float32(idf)
    return got / np.float32(total)


def word_coverage(q: Query, index: BM25FIndex, doc: int) -> float:
    """Idf-weighted share of all the question's words (unknown ones at the maximum
    idf) that ``doc`` contains: "did we understand the question?"."""
    total = sum(idf for _, idf in q.core)
    if total <= 0:
        return 0.0
    got = sum(idf for tid, idf in q.core if tid >= 0 and index.contains(tid, doc))
    return got / total


def family_order(snap: Snapshot, hits: Sequence[tuple[int, int, float]]) -> list[int]:
    """Indexes into ``hits`` of the first (best) hit of each family, in rank order."""
    seen: set[str] = set()
    out: list[int] = []
    for i, (a, _s, _score) in enumerate(hits):
        family = snap.arts[a].translation_key
        if family not in seen:
            seen.add(family)
            out.append(i)
    return out


def with_homophones(snap: Snapshot, query: str, known: Mapping[str, int]) -> str:
    """``query`` with the KB words its Chinese slips of the input method sound like
    (``homophones.py``) added: what was typed stays, in case the guess is wrong."""
    pieces = suspects(query, known)
    if not pieces:
        return query
    reader = pinyin_reader(snap)
    chinese = round(snap.lang_share.get("zh", 0.0) * len(snap.arts))
    fixes = homophone_fixes(pieces, reader.word_for_sound, readings, chinese)
    return " ".join([query, *fixes])


def pinyin_reader(snap: Snapshot) -> PinyinReader:
    """The snapshot's pinyin reader, built on first use from its Chinese terms, each
    weighted by the number of articles holding it."""
    reader = snap.pinyin.get("reader")
    if reader is None:
        df = snap.art_index.df
        terms = ((term, float(df[i])) for term, i in snap.ids.items() if i < len(df))
        reader = snap.pinyin.setdefault("reader", PinyinReader(terms))
    return reader
