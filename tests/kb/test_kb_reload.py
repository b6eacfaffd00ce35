"""Hot reload and tolerance of broken files at run time."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.kb import KbIssue, KnowledgeBase


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bump(path: Path) -> None:
    """Move mtime forward so the change is seen even on coarse-mtime filesystems."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


@pytest.fixture()
def kb_dir(tmp_path: Path) -> Path:
    for i in range(5):
        write(tmp_path / f"topic{i}.md", f"# Topic {i}\n\nGeneral text number {i} about servers.\n")
    write(tmp_path / "vpn.md", "# VPN setup\n\nInstall the client and import the profile.\n")
    return tmp_path


def test_refresh_reparses_only_changed_file(kb_dir: Path) -> None:
    kb = KnowledgeBase.from_directory(kb_dir, semantic=False)
    assert kb.parse_count == 6
    assert kb.refresh() is False
    assert kb.parse_count == 6
    assert kb.search("wireguard") == []
    vpn = kb_dir / "vpn.md"
    write(vpn, "# VPN setup\n\nInstall WireGuard and import the profile.\n")
    bump(vpn)
    assert kb.refresh() is True
    assert kb.parse_count == 7  # only vpn.md was parsed again
    hits = kb.search("wireguard")
    assert hits and hits[0].article_id == "vpn.md"


def test_refresh_adds_and_removes_files(kb_dir: Path) -> None:
    kb = KnowledgeBase.from_directory(kb_dir, semantic=False)
    write(kb_dir / "new" / "dns.md", "# DNS records\n\nAdd an MX record for mail.\n")
    assert kb.refresh() is True
    assert kb.article_count == 7
    assert kb.search("mx record")[0].article_id == "new/dns.md"
    (kb_dir / "vpn.md").unlink()
    assert kb.refresh() is True
    assert kb.article_count == 6
    assert all(h.article_id != "vpn.md" for h in kb.search("vpn profile"))


def test_touch_without_change_does_not_reparse(kb_dir: Path) -> None:
    kb = KnowledgeBase.from_directory(kb_dir, semantic=False)
    bump(kb_dir / "vpn.md")
    assert kb.refresh() is False
    assert kb.parse_count == 6


def test_malformed_file_is_skipped_with_one_warning(
    kb_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(kb_dir / "broken.md", "---\ntitle: [unclosed\n---\n# Broken\n\nvpn text\n")
    (kb_dir / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    with caplog.at_level(logging.WARNING, logger="bot.kb"):
        kb = KnowledgeBase.from_directory(kb_dir, semantic=False)
        kb.refresh()
        bump(kb_dir / "topic0.md")
        kb.refresh()
    assert kb.article_count == 6
    paths = {i.path for i in kb.issues}
    assert paths == {"broken.md", "binary.md"}
    assert all(isinstance(i, KbIssue) and i.severity == "error" for i in kb.issues)
    warned = [r for r in caplog.records if "broken.md" in r.getMessage()]
    assert len(warned) == 1
    assert kb.search("vpn profile")[0].article_id == "vpn.md"


def test_fixing_a_broken_file_brings_it_back(kb_dir: Path) -> None:
    bad = kb_dir / "broken.md"
    write(bad, "---\ntitle: [unclosed\n---\nfirewall rules\n")
    kb = KnowledgeBase.from_directory(kb_dir, semantic=False)
    assert kb.search("firewall") == []
    write(bad, "---\ntitle: Firewall\n---\nfirewall rules\n")
    bump(bad)
    assert kb.refresh() is True
    assert kb.search("firewall")[0].article_id == "broken.md"
    assert kb.issues == []
