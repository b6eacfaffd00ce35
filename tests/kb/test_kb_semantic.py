"""The optional embedding re-ranker: off when asked, cross-lingual help when installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import KnowledgeBase, semantic


def make_kb(root: Path) -> None:
    (root / "refunds.md").write_text(
        "# Getting a refund\n\nRefunds for unused subscriptions are paid back to the card "
        "within 30 days.\n",
        encoding="utf-8",
    )
    (root / "dns.md").write_text(
        "# Pointing a domain to a server\n\nCreate an A record with the server's public IP.\n",
        encoding="utf-8",
    )
    (root / "vpn.md").write_text(
        "# Connecting over VPN\n\nInstall the client and import the profile file.\n",
        encoding="utf-8",
    )


def test_semantic_false_never_loads_model(tmp_path: Path) -> None:
    make_kb(tmp_path)
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    assert kb.wait_semantic(0) is False
    assert kb.search("как вернуть деньги") == []


@pytest.mark.parametrize("backend", sorted(semantic.BACKENDS))
def test_russian_question_finds_english_article_with_embeddings(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip(semantic.BACKENDS[backend].module)
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", backend)
    make_kb(tmp_path)
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(120)
    hits = kb.search("как вернуть деньги")
    assert hits and hits[0].article_id == "refunds.md"
    # A clear English question is answered lexically, with or without embeddings.
    assert kb.search("A record public IP")[0].article_id == "dns.md"


def test_the_environment_picks_or_disables_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "off")
    assert semantic.choose_backend() is None and not semantic.available()
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "no-such-model")
    installed = [name for name in semantic.BACKENDS if semantic._installed(name)]
    assert semantic.choose_backend() == (installed[0] if installed else None)
    for name in semantic.BACKENDS:
        monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", name)
        assert semantic.choose_backend() == (name if name in installed else None)
