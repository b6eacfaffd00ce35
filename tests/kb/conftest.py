"""KB tests keep embeddings in a cache file of their own, never the user's cache folder;
``bilingual_kb`` is a two-topic KB in English and Russian for the language tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase


@pytest.fixture(autouse=True)
def _embedding_cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kb-embeddings.sqlite3"
    monkeypatch.setenv("SUPPORTBOT_KB_CACHE", str(path))
    return path


def _page(root: Path, rel: str, title: str, lang: str, body: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    key = re.sub(r"^(ru|zh)/", "", rel).removesuffix(".md")
    front = f'---\ntitle: "{title}"\nlang: {lang}\ntranslation_key: {key}\n---\n'
    path.write_text(f"{front}# {title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture()
def kb_page() -> Callable[[Path, str, str, str, str], None]:
    """Writes one article: (KB folder, path, title, language, body); a translation's path
    starts with its language folder (``zh/reset.md``) and shares the family's key."""
    return _page


@pytest.fixture()
def bilingual_kb(tmp_path: Path) -> KnowledgeBase:
    """Automatic replies and an SMS code that does not arrive, each in English and Russian."""
    _page(
        tmp_path,
        "ooo.md",
        "Automatic replies in Outlook",
        "en",
        "Turn on automatic replies when you go on holiday: File > Automatic Replies.",
    )
    _page(
        tmp_path,
        "ru/ooo.md",
        "Автоответ в Outlook",
        "ru",
        "Включите автоответ, когда уходите в отпуск: Файл > Автоматические ответы.",
    )
    _page(
        tmp_path,
        "mfa.md",
        "A code by SMS does not arrive",
        "en",
        "If the SMS code never comes while roaming, use the Authenticator app instead.",
    )
    _page(
        tmp_path,
        "ru/mfa.md",
        "Не приходит SMS с кодом",
        "ru",
        "Если в роуминге не приходит код по SMS, войдите через приложение Authenticator.",
    )
    return KnowledgeBase.from_directory(tmp_path, semantic=False)  # fmt: skip
