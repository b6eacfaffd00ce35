"""Article embeddings on disk, keyed by model and the SHA-256 of the embedded text.

One SQLite file rather than a file per vector: a KB of 10k articles is one indexed
table instead of 10k files to open at every start, writes are transactions (a crash
never leaves half a vector), and several server processes share it safely through
SQLite's locking. A vector is found again whenever the same text is embedded by the
same model, whichever KB or process embedded it first; a restart re-embeds nothing.

The cache is an optimisation only: any error (read-only disk, a corrupt file) is
logged once and the engine goes on embedding in memory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
ENV = "SUPPORTBOT_KB_CACHE"
OFF = ("0", "off", "false", "no", "")
FILE_NAME = "kb-embeddings.sqlite3"
BATCH = 500  # shas per SELECT (SQLite's variable limit is 999 on old builds)
MAX_ROWS = 500_000  # beyond this the least recently written rows are dropped


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_cache_path() -> Path | None:
    """``$SUPPORTBOT_KB_CACHE`` (a file path, or ``off``), else the user's cache folder."""
    configured = os.environ.get(ENV)
    if configured is not None:
        return None if configured.strip().lower() in OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "supportbot" / FILE_NAME


class EmbeddingCache:
    """(model, text hash) -> float32 vector, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._broken = False

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, sha TEXT NOT NULL,"
            " written REAL NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, sha)) WITHOUT ROWID"
        )
        return conn

    def _fail(self, what: str, exc: Exception) -> None:
        if not self._broken:
            log.warning(
                "kb: embedding cache %s unusable (%s: %s); embeddings stay in memory",
                self.path,
                what,
                exc,
            )
        self._broken = True

    def get_many(self, model: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``keys`` (missing ones are simply absent)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        if self._broken or not wanted or not self.path.exists():
            return found
        try:
            with self._lock, closing(self._connect()) as conn:
                for i in range(0, len(wanted), BATCH):
                    chunk = wanted[i : i + BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(
                        f"SELECT sha, vec FROM embeddings WHERE model = ? AND sha IN ({marks})",
                        [model, *chunk],
                    )
                    for sha, blob in rows:
                        found[sha] = np.frombuffer(blob, dtype=np.float32)
        except (sqlite3.Error, OSError) as exc:
            self._fail("read", exc)
        return found

    def put_many(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Store vectors (one transaction); rows past MAX_ROWS are pruned, oldest first."""
        if self._broken or not vectors:
            return
        now = time.time()
        rows = [(model, k, now, np.asarray(v, np.float32).tobytes()) for k, v in vectors.items()]
        try:
            with self._lock, closing(self._connect()) as conn, conn:
                conn.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)", rows)
                (count,) = conn.execute("SELECT count(*) FROM embeddings").fetchone()
                if count > MAX_ROWS:
                    conn.execute(
                        "DELETE FROM embeddings WHERE (model, sha) IN (SELECT model, sha"
                        " FROM embeddings ORDER BY written LIMIT ?)",
                        (count - MAX_ROWS,),
                    )
        except (sqlite3.Error, OSError) as exc:
            self._fail("write", exc)
