"""KnowledgeBase: loads a folder of markdown, keeps the index fresh, answers queries."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from . import semantic as sem
from .answering import build_answer
from .build import build_snapshot
from .calibration import Calibration, Evidence, load_calibration
from .lang import customer_language
from .links import page_url, resolve_links
from .models import Article, KbAnswer, KbIssue, SearchHit
from .query import MAX_QUERY_CHARS
from .ranking import Ranking, Snapshot, rank
from .semantic import SemanticIndex
from .store import FileEntry, Vocabulary, load_entry, release_memory, scan
from .synonyms import Synonyms

log = logging.getLogger(__name__)
READY_WAIT = 5.0  # seconds the first answers may wait for embeddings after start
RANKED = 12  # articles ranked for an answer: the best, its rivals, the suggestions


class KnowledgeBase:
    """A searchable folder of markdown articles.

    Thread-safe for concurrent ``search`` calls; ``refresh`` swaps in a new
    index atomically, so readers never see a half-built one.
    """

    def __init__(
        self,
        root: Path,
        synonyms: Synonyms,
        semantic: bool | None = None,
        *,
        url_base: str | None = None,
        calibration: Calibration | None = None,
        embed_cache: Path | None = None,
        ready_wait: float = READY_WAIT,
    ) -> None:
        self.root = Path(root)
        self.synonyms = synonyms
        self.url_base = url_base.rstrip("/") + "/" if url_base else None
        self.calibration = calibration or load_calibration()
        self.vocab = Vocabulary()
        self._files: dict[str, FileEntry] = {}
        self._refresh_lock = threading.Lock()
        self._warned: set[tuple[str, int | None, str]] = set()
        self._root_issue: KbIssue | None = None
        self.parse_count = 0  # files parsed so far; lets tests prove reloads are incremental
        self._snap: Snapshot | None = None
        self._semantic: SemanticIndex | None = None
        if semantic or (semantic is None and sem.available()):
            try:
                self._semantic = SemanticIndex(cache_path=embed_cache)
            except Exception as exc:  # optional: fall back to lexical search
                log.warning("kb: semantic re-ranker unavailable: %s", exc)
        self._ready_by = time.monotonic() + ready_wait
        self._sync()
        self._reindex()

    @classmethod
    def from_directory(
        cls,
        root: Path,
        synonyms_path: Path | None = None,
        semantic: bool | None = None,
        *,
        url_base: str | None = None,
        calibration: Calibration | None = None,
        embed_cache: Path | None = None,
        ready_wait: float = READY_WAIT,
    ) -> KnowledgeBase:
        """Index every ``.md`` file under ``root``; ``synonyms_path=None`` uses the folder's
        own ``synonyms.yml``, else the bundled list.

        ``semantic=None`` turns on the embedding re-ranker when its optional
        package is installed (embeddings are computed in the background);
        False forces pure lexical search. The keyword arguments are the constructor's.
        """
        return cls(
            root,
            Synonyms.for_kb(Path(root), synonyms_path),
            semantic,
            url_base=url_base,
            calibration=calibration,
            embed_cache=embed_cache,
            ready_wait=ready_wait,
        )

    def wait_semantic(self, timeout: float | None = None) -> bool:
        """Wait for background embeddings; False if the re-ranker is off."""
        return self._semantic.wait(timeout) if self._semantic is not None else False

    @property
    def semantic_state(self) -> str:
        """``off``, ``loading`` or ``ready``: for status pages."""
        if self._semantic is None or self._semantic.failed:
            return "off"
        return "ready" if self._semantic.ready else "loading"

    # ---------------------------------------------------------------- loading
    def _sync(self) -> bool:
        """Bring the file cache in line with the folder; True if content changed."""
        if not self.root.is_dir():
            # Unmounted or deleted while serving: keep what we have, say so.
            self._root_issue = KbIssue(str(self.root), None, "KB folder is missing")
            self._warn(self._root_issue)
            return False
        self._root_issue = None
        found = scan(self.root)
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
        self._snap = build_snapshot(arts, encs, self.vocab.terms, self.vocab.ids)
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
        """Problems found while loading, in file order (a missing folder first)."""
        found = [i for rel in sorted(self._files) for i in self._files[rel].issues]
        return [self._root_issue, *found] if self._root_issue else found

    @property
    def article_count(self) -> int:
        return len(self._snap.arts) if self._snap else 0

    @property
    def articles(self) -> list[Article]:
        return list(self._snap.arts) if self._snap else []

    def family_of(self, article_id: str) -> str | None:
        """The family (translation key) of an article id, None if no such article."""
        snap = self._snap
        if snap is None:
            return None
        return next((a.translation_key for a in snap.arts if a.article_id == article_id), None)

    def family_languages(self, family: str) -> set[str]:
        """Languages the family is written in."""
        return set(self._snap.members.get(family, {})) if self._snap else set()

    # ---------------------------------------------------------------- querying
    def article_url(self, art: Article) -> str | None:
        """Front matter ``url``, else ``url_base`` + the path without ``.md``, else None:
        a reply links to a page a customer can open, never to a repository path."""
        return art.url or page_url(art.article_id, self.url_base)

    def path_url(self, path: str) -> str | None:
        """The readable URL of a KB path (an article's own ``url`` when it has one)."""
        arts = self._snap.arts if self._snap else []
        art = next((x for x in arts if x.article_id == path), None)
        return self.article_url(art) if art else page_url(path, self.url_base)

    def hit(self, art: Article, s: int, score: float = 0.0) -> SearchHit:
        """Section ``s`` of ``art`` as a result: ranked, or picked from a list later."""
        sec = art.sections[s]
        return SearchHit(
            article_id=art.article_id,
            title=art.title,
            section=sec.heading,
            anchor=sec.anchor,
            url=self.article_url(art),
            lang=art.lang,
            score=round(score, 4),
            text=resolve_links(sec.text, art.article_id, self.path_url),
            family=art.translation_key,
        )

    def _rank(self, query: str, limit: int, lang: str | None, audience: str | None) -> Ranking:
        snap = self._snap
        assert snap is not None
        qlang = customer_language(query[:MAX_QUERY_CHARS], None)
        return rank(
            snap,
            self.vocab.ids,
            self.synonyms,
            self._semantic,
            query,
            limit=limit,
            qlang=qlang,
            prefer_lang=lang or qlang,
            audience=audience,
            await_semantic=self._await_semantic,
        )

    def _await_semantic(self) -> None:
        """Right after start a question waits for the embeddings (bounded by
        ``ready_wait`` from start), so a one-shot console answers like a warm server."""
        if self._semantic is not None and not self._semantic.ready:
            remaining = self._ready_by - time.monotonic()
            if remaining > 0:
                self._semantic.wait(remaining)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        lang: str | None = None,
        audience: str | None = "customer",
    ) -> list[SearchHit]:
        """Best articles for ``query`` (one hit per article, with its best section);
        near ties go to articles in ``lang`` (default: the question's language).

        ``audience="customer"`` hides engineer-only articles; ``"engineer"`` or
        None shows everything. Never raises on odd input: text is only words.
        """
        if not isinstance(query, str):
            return []
        ranking = self._rank(query, max(1, limit), lang, audience)
        return [self.hit(ranking.snap.arts[a], s, sc) for a, s, sc in ranking.hits]

    def answer(
        self,
        query: str,
        *,
        lang: str | None = None,
        min_confidence: float | None = None,
        audience: str | None = "customer",
    ) -> KbAnswer:
        """The best section to quote in the customer's language ``lang`` (default: the
        question's), how sure we are, and alternatives. ``min_confidence``: the
        confidence a confident answer needs (default: the calibration's threshold)."""
        return self.answer_with_evidence(
            query, lang=lang, min_confidence=min_confidence, audience=audience
        )[0]

    def answer_with_evidence(
        self,
        query: str,
        *,
        lang: str | None = None,
        min_confidence: float | None = None,
        audience: str | None = "customer",
    ) -> tuple[KbAnswer, Evidence | None]:
        """:meth:`answer` and the evidence behind its confidence (for calibration)."""
        if not isinstance(query, str):
            query = ""
        reply_lang = lang or customer_language(query[:MAX_QUERY_CHARS], None)
        ranking = self._rank(query, RANKED, reply_lang, audience)
        return build_answer(
            ranking,
            query,
            reply_lang,
            min_confidence=(
                self.calibration.threshold if min_confidence is None else min_confidence
            ),
            calibration=self.calibration,
            audience=audience,
            make_hit=lambda snap, a, s, score: self.hit(snap.arts[a], s, score),
        )
