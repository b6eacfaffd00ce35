"""KB tests keep embeddings in a cache file of their own, never the user's cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _embedding_cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kb-embeddings.sqlite3"
    monkeypatch.setenv("SUPPORTBOT_KB_CACHE", str(path))
    return path
