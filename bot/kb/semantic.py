"""Optional multilingual embedding re-ranker, used when an embedding package is installed.

Each article is embedded several times over: its text (title, opening, headings) by the
article model, and each of its title and aliases on its own by each line model (see
:mod:`.embedders`: USE, and e5 reading them as questions). A question is compared with
all of them: the text says what the article is about, the aliases say how people ask for
it, and a question is most like the way someone else asked the same thing (measured on
750 judged chat questions, right article on top: the text alone 0.81, with USE's lines
0.87; on 870, adding e5's lines and letting a family's lines in every language count:
0.905 -> 0.921).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .embed_cache import EmbeddingCache, default_cache_path, text_key
from .embed_texts import article_lines, article_text, section_texts
from .embedders import (
    BACKENDS,
    LINE_MODEL,
    Embedder,
    backend_key,
    choose_backend,
    embed_questions,
    line_models_for,
    model_version,
)
from .embedders import available as available
from .models import Article

log = logging.getLogger(__name__)
EMBED_BATCH = 16
DISK_BATCH = 256  # vectors written to the disk cache per transaction while embedding
SYNC_EMBED = 40  # up to this many new texts on a reload are embedded right away
ALIASED_SHARE = 0.5  # a KB "has aliases" when at least this share of its articles do


class Similarity(NamedTuple):
    """A question's cosine similarity to every article: its text, and its best line by
    each line model (the main one first)."""

    articles: np.ndarray
    lines: tuple[np.ndarray, ...]
    sections: np.ndarray | None = None  # per section of every article (see section_start)
    section_start: np.ndarray | None = None  # index of each article's first section


class _Vectors(NamedTuple):
    articles: np.ndarray  # one row per article
    lines: tuple[np.ndarray, ...]  # per line model: one row per line, an article's contiguous
    line_start: np.ndarray  # index of each article's first line
    sections: np.ndarray | None  # one row per section, an article's contiguous
    section_start: np.ndarray


class _Space(NamedTuple):
    """Vectors of one model in one role: article texts, or lines read as questions."""

    model: str
    questions: bool


def _space_name(model: str, questions: bool) -> str:
    # A model without roles embeds a line as it does a text: one space, one cache entry.
    asks = questions and hasattr(BACKENDS[model], "questions")
    return f"{model}/q" if asks else model


class SemanticIndex:
    """Article and line embeddings, built in a background thread so start-up is not blocked.

    Vectors are cached in memory and on disk (:mod:`.embed_cache`) by the model and the
    hash of the embedded text, so a restart loads them instead of embedding again and a
    reload embeds only new or changed texts (a few at once are embedded right away, in
    the caller's thread). The models are loaded in the background too: their first use
    costs seconds. Until ready, search is lexical.
    """

    def __init__(self, backend: str | None = None, cache_path: Path | bool | None = None) -> None:
        name = backend or choose_backend()
        if name is None:
            raise RuntimeError("no embedding package is installed")
        self.backend = name
        self.line_backends = line_models_for(name)
        self.line_backend = self.line_backends[0]
        self.key = backend_key(name)  # names the ranker's fitted weights
        self._line_spaces = [_space_name(m, True) for m in self.line_backends]
        self._spaces = {name: _Space(name, False)}
        for m, space in zip(self.line_backends, self._line_spaces, strict=True):
            self._spaces.setdefault(space, _Space(m, space != m))
        # Sections are embedded by USE only (a few ms each; e5 took 130 ms a section).
        self._section_space = LINE_MODEL if LINE_MODEL in self._spaces else None
        self._versions = {
            space: model_version(sp.model) + ("/q" if sp.questions else "")
            for space, sp in self._spaces.items()
        }
        self._models: dict[str, Embedder] = {}
        self._model_lock = threading.Lock()
        path = default_cache_path() if cache_path is None or cache_path is True else cache_path
        self._disk = EmbeddingCache(path) if isinstance(path, Path) else None
        self._cache: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()
        self._vectors: _Vectors | None = None
        self._version = 0
        self._thread: threading.Thread | None = None
        self.with_aliases = False  # do most articles carry aliases? (see ranker_weights)
        self.embedded = 0  # texts this process had a model embed (restarts should add none)
        self.failed = False

    def _model(self, name: str) -> Embedder:
        with self._model_lock:
            if name not in self._models:
                model = BACKENDS[name]()
                model.query("warm-up")  # the first call loads the weights: pay it here
                self._models[name] = model
            return self._models[name]

    def _loaded(self) -> bool:
        return all(sp.model in self._models for sp in self._spaces.values())

    def _embed(self, todo: list[tuple[str, str, str]], version: int) -> bool:
        """Embed (space, key, text) jobs into the caches; False if superseded meanwhile."""
        for name, space in self._spaces.items():
            jobs = [(k, t) for m, k, t in todo if m == name]
            model = self._model(space.model) if jobs else None
            fresh: dict[str, np.ndarray] = {}
            for i in range(0, len(jobs), EMBED_BATCH):
                if version != self._version or model is None:
                    return False
                batch = jobs[i : i + EMBED_BATCH]
                texts = [t for _, t in batch]
                vecs = (
                    embed_questions(model, texts)
                    if space.questions
                    else np.atleast_2d(model.passage(texts))
                )
                for (key, _), vec in zip(batch, vecs, strict=True):
                    fresh[key] = self._cache[name, key] = vec.astype(np.float32)
                self.embedded += len(batch)
                if self._disk is not None and len(fresh) >= DISK_BATCH:
                    self._disk.put_many(self._versions[name], fresh)  # survives a restart
                    fresh = {}
            if self._disk is not None:
                self._disk.put_many(self._versions[name], fresh)
        return version == self._version

    def _from_disk(self, todo: list[tuple[str, str, str]]) -> None:
        if self._disk is None:
            return
        for name, version in self._versions.items():
            keys = [k for m, k, _ in todo if m == name]
            for key, vec in self._disk.get_many(version, keys).items():
                self._cache[name, key] = vec

    def update(self, articles: Sequence[Article], background: bool = True) -> None:
        """Make the vectors match ``articles`` (in the caller's order)."""
        texts = [article_text(a) for a in articles]
        art_keys = [(self.backend, text_key(t), t) for t in texts]
        per_article = [article_lines(a) for a in articles]
        self.with_aliases = sum(bool(a.aliases) for a in articles) >= ALIASED_SHARE * len(articles)
        line_keys = [
            [(space, text_key(t), t) for lines in per_article for t in lines]
            for space in self._line_spaces
        ]
        starts = np.cumsum([0] + [len(lines) for lines in per_article])[:-1]
        space = self._section_space
        per_section = [section_texts(a) for a in articles] if space else []
        sec_keys = [(space or "", text_key(t), t) for ts in per_section for t in ts]
        sec_starts = np.cumsum([0] + [len(ts) for ts in per_section])[:-1]
        layout = (
            [(m, k) for m, k, _ in art_keys],
            [[(m, k) for m, k, _ in keys] for keys in line_keys],
            starts,
            [(m, k) for m, k, _ in sec_keys],
            sec_starts,
        )
        with self._lock:
            self._version += 1
            version = self._version
        every = art_keys + [job for keys in line_keys for job in keys] + sec_keys
        jobs = list({(m, k): (m, k, t) for m, k, t in every}.values())
        missing = [j for j in jobs if (j[0], j[1]) not in self._cache]
        if self._loaded() and len(missing) <= SYNC_EMBED:
            # An edit or two while serving: embed now, so answers never go lexical.
            self._embed(missing, version)
            self._publish(layout, version)
            return
        with self._lock:
            self._vectors = None

        def work() -> None:
            try:
                self._from_disk([j for j in jobs if (j[0], j[1]) not in self._cache])
                todo = [j for j in jobs if (j[0], j[1]) not in self._cache]
                for space in self._spaces.values():
                    self._model(space.model)
                if self._embed(todo, version):
                    self._publish(layout, version)
            except Exception:  # the re-ranker is optional: never take search down
                self.failed = True
                log.exception("kb: embedding articles failed; search stays lexical")

        if background:
            self._thread = threading.Thread(target=work, name="kb-embed", daemon=True)
            self._thread.start()
        else:
            work()

    def _publish(self, layout: tuple, version: int) -> None:
        art_keys, line_keys, starts, sec_keys, sec_starts = layout
        arts = [self._cache[k] for k in art_keys]
        empty = np.zeros((0, 1), np.float32)
        lines = tuple(np.vstack([self._cache[k] for k in ks]) if ks else empty for ks in line_keys)
        secs = np.vstack([self._cache[k] for k in sec_keys]) if sec_keys else None
        vectors = _Vectors(
            np.vstack(arts) if arts else empty,
            lines,
            np.asarray(starts, np.int64),
            secs,
            np.asarray(sec_starts, np.int64),
        )
        with self._lock:
            if version == self._version:
                self._vectors = vectors
                current = set(art_keys).union(*line_keys, sec_keys)
                for key in [k for k in self._cache if k not in current]:
                    del self._cache[key]  # memory holds the current KB only; disk keeps all

    def wait(self, timeout: float | None = None) -> bool:
        """Block until embeddings are ready (bounded by ``timeout`` seconds)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.ready

    @property
    def ready(self) -> bool:
        with self._lock:
            return self._vectors is not None

    def similarities(self, query: str) -> Similarity | None:
        """Cosine similarity of the query to every article and to its best line, or
        None if not ready."""
        with self._lock:
            vec = self._vectors
        if vec is None or not len(vec.articles) or not self._loaded():
            return None
        asked: dict[str, np.ndarray] = {}  # the question's vector, once per model

        def question(model: str) -> np.ndarray:
            if model not in asked:
                vector = self._models[model].query(query)
                asked[model] = np.asarray(vector, np.float32).reshape(-1)
            return asked[model]

        arts = vec.articles @ question(self.backend)
        lines = tuple(
            np.maximum.reduceat(rows @ question(self._spaces[space].model), vec.line_start)
            for space, rows in zip(self._line_spaces, vec.lines, strict=True)
        )
        if vec.sections is None or self._section_space is None:
            return Similarity(arts, lines)
        sections = vec.sections @ question(self._spaces[self._section_space].model)
        return Similarity(arts, lines, sections, vec.section_start)
