"""KnowledgeBase: loads a folder of markdown, keeps the index fresh, answers queries."""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import semantic as sem
from .answer import confidence_from, make_excerpt
from .build import build_indexes
from .fuzzy import FuzzyMatcher
from .index import BM25FIndex
from .lang import detect_language
from .models import Article, KbAnswer, KbIssue, SearchHit
from .query import MAX_QUERY_CHARS, Query, prepare_query
from .semantic import SemanticIndex
from .store import (
    FileEntry,
    Vocabulary,
    load_entry,
    release_memory,
    scan,
)
from .synonyms import Synonyms

log = logging.getLogger(__name__)
_WORD = re.compile(r"\w+")


SECTION_MIX = 0.5  # weight of the best section's score in an article's score
CANDIDATES = 60  # articles re-scored with their sections
# Short questions are mostly conjunctive: every content word is meant, so a
# section holding all of them should beat one that matches a few strongly. A
# section's score is scaled by the idf-weighted share of the question's words it
# contains, fully for questions of up to COVER_FULL words, fading to nothing at
# COVER_NONE words: long, verbose questions (pasted descriptions, error text)
# carry incidental words a good answer need not repeat.
COVER_FULL, COVER_NONE = 6, 10
COMMON_DF = 1.0  # share of docs above which a term is skipped in long queries (off)
# Embeddings are consulted only when the lexical match is weak (many query
# words unknown to the KB, e.g. a Russian question on an English KB); their
# weight grows with the share of unknown words.
SEMANTIC_BELOW = 0.85  # question in a language few articles are written in
SEMANTIC_BELOW_SAME = 0.4  # in the KB's own language: only if 60 % of its words are unknown
FOREIGN_SHARE = 0.1  # below this share of articles, the question's language is "foreign"
SEMANTIC_BASE, SEMANTIC_GAIN, SEMANTIC_POW = 0.1, 2.0, 1.0


class _Snapshot(NamedTuple):
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


class KnowledgeBase:
    """A searchable folder of markdown articles.

    Thread-safe for concurrent ``search`` calls; ``refresh`` swaps in a new
    index atomically, so readers never see a half-built one.
    """

    def __init__(self, root: Path, synonyms: Synonyms, semantic: bool | None = None) -> None:
        self.root = Path(root)
        self.synonyms = synonyms
        self.vocab = Vocabulary()
        self._files: dict[str, FileEntry] = {}
        self._refresh_lock = threading.Lock()
        self._warned: set[tuple[str, int | None, str]] = set()
        self.parse_count = 0  # files parsed so far; lets tests prove reloads are incremental
        self._snap: _Snapshot | None = None
        self._semantic: SemanticIndex | None = None
        if semantic or (semantic is None and sem.available()):
            try:
                self._semantic = SemanticIndex()
            except Exception as exc:  # optional: fall back to lexical search
                log.warning("kb: semantic re-ranker unavailable: %s", exc)
        self._build()

    @classmethod
    def from_directory(
        cls, root: Path, synonyms_path: Path | None = None, semantic: bool | None = None
    ) -> KnowledgeBase:
        """Index every ``.md`` file under ``root``; ``synonyms_path=None`` uses the bundled list.

        ``semantic=None`` turns on the embedding re-ranker when its optional
        package is installed (embeddings are computed in the background);
        False forces pure lexical search.
        """
        return cls(root, Synonyms.load(synonyms_path), semantic)

    def wait_semantic(self, timeout: float | None = None) -> bool:
        """Wait for background embeddings; False if the re-ranker is off."""
        return self._semantic.wait(timeout) if self._semantic is not None else False

    # ---------------------------------------------------------------- loading
    def _build(self) -> None:
        self._sync()
        self._reindex()

    def _sync(self) -> bool:
        """Bring the file cache in line with the folder; True if content changed."""
        found = scan(self.root) if self.root.is_dir() else {}
        changed = False
        for rel in list(self._files):
            if rel not in found:
                del self._files[rel]
                changed = True
        for rel, (path, st) in found.items():
            old = self._files.get(rel)
            if old is not None and old.mtime_ns == st.st_mtime_ns and old.size == st.st_size:
                continue
            entry, parsed = load_entry(path, rel, st, self.vocab, old)
            if parsed:
                self.parse_count += 1
                if self.parse_count % 500 == 0:
                    release_memory()
                changed = True
                for issue in entry.issues:
                    self._warn(issue)
            self._files[rel] = entry
        return changed

    def _warn(self, issue: KbIssue) -> None:
        key = (issue.path, issue.line, issue.message)
        if key not in self._warned:
            self._warned.add(key)
            log.warning("kb: %s", issue)

    def _reindex(self) -> None:
        """Rebuild both indexes from the cached encodings (no re-parsing)."""
        arts: list[Article] = []
        encs = []
        for rel in sorted(self._files):
            e = self._files[rel]
            if e.article is not None and e.encoded is not None:
                arts.append(e.article)
                encs.append(e.encoded)
        sec_start, sec_art, sec_index, art_index = build_indexes(encs, len(self.vocab))
        audience = np.array([a.audience == "engineer" for a in arts], dtype=bool)
        fuzzy = FuzzyMatcher(self.vocab.terms)
        langs = Counter(a.lang for a in arts)
        share = {k: v / max(1, len(arts)) for k, v in langs.items()}
        self._snap = _Snapshot(
            arts, sec_start, sec_art, sec_index, art_index, audience, fuzzy, share
        )
        release_memory()
        if self._semantic is not None:
            self._semantic.update(arts)

    def refresh(self) -> bool:
        """Re-scan the folder; re-parse only files whose size/mtime changed and whose
        content hash differs. Returns True if the index changed."""
        with self._refresh_lock:
            if self._sync():
                self._reindex()
                return True
            return False

    @property
    def issues(self) -> list[KbIssue]:
        """Problems found while loading, in file order."""
        return [i for rel in sorted(self._files) for i in self._files[rel].issues]

    @property
    def article_count(self) -> int:
        return len(self._snap.arts) if self._snap else 0

    @property
    def articles(self) -> list[Article]:
        return list(self._snap.arts) if self._snap else []

    # ---------------------------------------------------------------- querying

    def _rank(
        self, query: str, limit: int, lang: str | None, audience: str | None
    ) -> tuple[list[tuple[int, int, float]], Query, str, _Snapshot]:
        """Article-level ranking: [(article idx, best section idx, score)]."""
        snap = self._snap
        assert snap is not None
        arts, art_index, sec_index = snap.arts, snap.art_index, snap.sec_index
        sec_start, sec_art, eng = snap.sec_start, snap.sec_art, snap.engineer_only
        qlang = lang or detect_language(query[:MAX_QUERY_CHARS])
        if not arts or not query:
            return [], Query([], []), qlang, snap
        q = prepare_query(query, self.vocab.ids, art_index, snap.fuzzy, self.synonyms)
        if not q.core:
            return [], q, qlang, snap
        a_scores = (
            art_index.score(q.terms, COMMON_DF) if q.terms else np.zeros(len(arts), np.float32)
        )
        s_scores = (
            sec_index.score(q.terms, COMMON_DF)
            if q.terms
            else np.zeros(sec_index.n_docs, np.float32)
        )
        k = min(CANDIDATES, len(arts))
        cand = np.argpartition(-a_scores, k - 1)[:k] if k < len(arts) else np.arange(len(arts))
        ks = min(CANDIDATES, len(s_scores))
        top_sec = (
            np.argpartition(-s_scores, ks - 1)[:ks]
            if ks < len(s_scores)
            else np.arange(len(s_scores))
        )
        cand = np.unique(np.concatenate([cand, sec_art[top_sec]]))
        dense = self._dense(query, q, len(arts), snap.lang_share.get(qlang, 0.0) < FOREIGN_SHARE)
        beta = 0.0
        lex_max = 1.0
        if dense is not None:
            beta, z = dense
            lex_max = max(float(a_scores.max()) + SECTION_MIX * float(s_scores.max()), 1e-9)
            cand = np.unique(np.concatenate([cand, np.argsort(-z)[:CANDIDATES]]))
        if audience == "customer":
            cand = cand[~eng[cand]]
        results: list[tuple[int, int, float]] = []
        if not len(cand):
            return [], q, qlang, snap
        # Best section score per candidate, vectorised: sections of an article
        # are contiguous, so a reduceat over the gathered ranges does it.
        starts, ends = sec_start[cand], sec_start[cand + 1]
        lens = ends - starts
        offs = np.concatenate([[0], np.cumsum(lens)[:-1]])
        gather = np.repeat(starts - offs, lens) + np.arange(int(lens.sum()))
        sec_scores = s_scores[gather]
        strength = _cover_strength(len(q.core))
        if strength > 0:
            sec_scores = sec_scores * _coverage_of(q, sec_index, gather) ** np.float32(strength)
        best_sec = np.maximum.reduceat(sec_scores, offs)
        total = a_scores[cand] + np.float32(SECTION_MIX) * best_sec
        if dense is not None:
            total = total / np.float32(lex_max) + np.float32(beta) * dense[1][cand]
        same_lang = np.array([arts[a].lang == qlang for a in cand.tolist()])
        total = total + np.where(same_lang, np.abs(total) * np.float32(0.05), 0)  # near-tie rule
        order = np.argsort(-total, kind="stable")
        for j in order[: max(limit, 1)].tolist():
            score = float(total[j])
            if dense is None and score <= 0:
                break
            a = int(cand[j])
            o = int(offs[j])
            results.append((a, int(np.argmax(sec_scores[o : o + int(lens[j])])), score))
        return results, q, qlang, snap

    def _dense(
        self, query: str, q: Query, n: int, foreign: bool
    ) -> tuple[float, np.ndarray] | None:
        """(weight, z-scored similarities) when the re-ranker is ready and the
        lexical evidence is weak; None otherwise (saves the ~50 ms embedding).

        Measured: embeddings rescue questions asked in a language the KB is
        not written in, but slightly hurt same-language questions, where BM25
        with stemming is better; hence the two thresholds.
        """
        if self._semantic is None or self._semantic.matrix is None or n < 2:
            return None
        total = sum(idf for _, idf in q.core)
        known = sum(idf for tid, idf in q.core if tid >= 0) / total if total else 0.0
        if known >= (SEMANTIC_BELOW if foreign else SEMANTIC_BELOW_SAME):
            return None
        try:
            sims = self._semantic.similarities(query[:MAX_QUERY_CHARS])
        except Exception as exc:
            log.warning("kb: query embedding failed: %s", exc)
            return None
        if sims is None or len(sims) != n:
            return None
        z = (sims - sims.mean()) / (sims.std() + 1e-9)
        return SEMANTIC_BASE + SEMANTIC_GAIN * (1.0 - known) ** SEMANTIC_POW, z.astype(np.float32)

    def _hit(self, snap: _Snapshot, a: int, s: int, score: float) -> SearchHit:
        art = snap.arts[a]
        sec = art.sections[s]
        return SearchHit(
            article_id=art.article_id,
            title=art.title,
            section=sec.heading,
            anchor=sec.anchor,
            url=art.url,
            lang=art.lang,
            score=round(score, 4),
            text=sec.text,
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        lang: str | None = None,
        audience: str | None = "customer",
    ) -> list[SearchHit]:
        """Best articles for ``query`` (one hit per article, with its best section).

        ``audience="customer"`` hides engineer-only articles; ``"engineer"`` or
        None shows everything. Never raises on odd input: text is only words.
        """
        if not isinstance(query, str):
            return []
        ranked, _, _, snap = self._rank(query, max(1, limit), lang, audience)
        return [self._hit(snap, a, s, sc) for a, s, sc in ranked]

    def _coverage(self, q: Query, index: BM25FIndex, doc: int) -> float:
        total = sum(idf for _, idf in q.core)
        if total <= 0:
            return 0.0
        got = sum(idf for tid, idf in q.core if tid >= 0 and index.contains(tid, doc))
        return got / total

    def _quoted_section(self, snap: _Snapshot, q: Query, a: int, s: int, query: str) -> int:
        """Among sections scoring within 3% of the best, quote the one whose heading
        shares most words with the question; the untitled intro only as a last resort.

        Article-level words (title, aliases) lift every section of an article alike,
        so near-ties are common and the first section would otherwise always win.
        """
        s0, s1 = int(snap.sec_start[a]), int(snap.sec_start[a + 1])
        if s1 - s0 < 2 or not q.terms:
            return s
        scores = snap.sec_index.score(q.terms, COMMON_DF)[s0:s1]
        top = float(scores.max())
        if top <= 0:
            return s
        words = set(_WORD.findall(query.lower()))
        sections = snap.arts[a].sections

        def preference(i: int) -> tuple[int, bool, int]:
            # Most shared heading words, then a titled section, then the earlier one
            # (articles put the common case first).
            heading = sections[i].heading
            shared = len(words & set(_WORD.findall(heading.lower()))) if heading else -1
            return (shared, heading is not None, -i)

        near = [i for i in range(s1 - s0) if float(scores[i]) >= top * 0.97]
        return max(near, key=preference)

    def answer(
        self,
        query: str,
        *,
        lang: str | None = None,
        min_confidence: float = 0.35,
        audience: str | None = "customer",
    ) -> KbAnswer:
        """The best section to quote, how sure we are, and alternatives."""
        if not isinstance(query, str):
            query = ""
        ranked, q, qlang, snap = self._rank(query, 6, lang, audience)
        if not ranked:
            return KbAnswer(
                query=query, lang=qlang, confident=False, confidence=0.0, best=None, excerpt=""
            )
        a, s, score = ranked[0]
        s = self._quoted_section(snap, q, a, s, query)
        ranked[0] = (a, s, score)
        runner = ranked[1][2] if len(ranked) > 1 else 0.0
        margin = (score - runner) / score if score > 0 else 0.0
        sec_id = int(snap.sec_start[a]) + s
        conf = confidence_from(
            self._coverage(q, snap.art_index, a),
            self._coverage(q, snap.sec_index, sec_id),
            margin * 2,
        )
        hits = [self._hit(snap, *r) for r in ranked]
        best = hits[0]
        confident = conf >= min_confidence
        return KbAnswer(
            query=query,
            lang=qlang,
            confident=confident,
            confidence=conf,
            best=best,
            excerpt=make_excerpt(best.text),
            see_also=_see_also(best, hits[1:]) if confident else (),
            closest=() if confident else tuple(hits[:3]),
        )


def _cover_strength(n_words: int) -> float:
    """How conjunctively to treat a question of ``n_words`` distinct words (1 → 0)."""
    if n_words <= COVER_FULL:
        return 1.0
    return max(0.0, (COVER_NONE - n_words) / (COVER_NONE - COVER_FULL))


def _coverage_of(q: Query, index: BM25FIndex, docs: np.ndarray) -> np.ndarray:
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


def _see_also(best: SearchHit, others: list[SearchHit], count: int = 2) -> tuple[SearchHit, ...]:
    """Other articles in the answer's language; a translation of the answer is no "see also"."""

    def stem(hit: SearchHit) -> str:
        parts = hit.article_id.split("/")
        return "/".join(parts[1:]) if len(parts) > 1 and parts[0] == hit.lang else hit.article_id

    picked = [h for h in others if h.lang == best.lang and stem(h) != stem(best)]
    return tuple(picked[:count])
