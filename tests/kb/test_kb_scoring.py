"""Scoring rules: question-word coverage of sections, English contractions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.kb import KnowledgeBase, ranking
from bot.kb.analysis import analyze
from bot.kb.query import prepare_query


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def kb(tmp_path: Path) -> KnowledgeBase:
    write(
        tmp_path,
        "export.md",
        "# Data files\n\n## Export\n\nExport your records at any time. Each export is a CSV"
        " file, and an export is kept for seven days.\n",
    )
    write(
        tmp_path,
        "reports.md",
        "# Reports\n\nReports summarise activity.\n\n## Schedules\n\nA weekly report can be"
        " sent to every team member; its usage figures are also available as an export.\n\n"
        "## Sharing\n\nShare a report with a link.\n",
    )
    for i in range(6):
        write(tmp_path, f"n{i}.md", f"# Note {i}\n\nGeneral text about accounts, number {i}.\n")
    return KnowledgeBase.from_directory(tmp_path, semantic=False)


def scores(kb: KnowledgeBase, query: str) -> dict[str, float]:
    return {h.article_id: h.score for h in kb.search(query)}


def test_cover_strength_fades_with_question_length() -> None:
    assert ranking.cover_strength(1) == 1.0
    assert ranking.cover_strength(ranking.COVER_FULL) == 1.0
    mid = ranking.cover_strength((ranking.COVER_FULL + ranking.COVER_NONE) // 2)
    assert 0.0 < mid < 1.0
    assert ranking.cover_strength(ranking.COVER_NONE) == 0.0
    assert ranking.cover_strength(40) == 0.0


def test_short_question_prefers_sections_holding_all_its_words(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = scores(kb, "team usage export")
    monkeypatch.setattr(ranking, "COVER_FULL", 0)
    monkeypatch.setattr(ranking, "COVER_NONE", 1)
    off = scores(kb, "team usage export")
    # The section with all three words keeps its score; the one with only
    # "export" is scaled down by its (idf-weighted) share of the question.
    assert on["reports.md"] == pytest.approx(off["reports.md"])
    assert on["export.md"] < off["export.md"]
    assert max(on, key=on.__getitem__) == "reports.md"


def test_long_question_is_ranked_by_bm25_alone(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = (
        "export records csv files weekly report team member usage figures link activity"
        " summary accounts"
    )
    assert len(set(analyze(question))) >= ranking.COVER_NONE
    on = scores(kb, question)
    monkeypatch.setattr(ranking, "COVER_FULL", 0)
    monkeypatch.setattr(ranking, "COVER_NONE", 1)
    assert scores(kb, question) == on


def test_contraction_remnants_are_stop_words() -> None:
    assert analyze("We're sure you'll find what you've lost") == ["sure", "find", "lost"]
    assert analyze("we’re") == []


def test_synonyms_and_typo_corrections_count_as_the_word(tmp_path: Path) -> None:
    write(
        tmp_path,
        "kb/reports.md",
        "# Reports\n\n## Schedules\n\nTeam usage export.\n\n## Teams\n\nSet up a team.\n",
    )
    write(tmp_path, "kb/meter.md", "# Meter\n\nConsumption is metered hourly.\n")
    syn = tmp_path / "synonyms.yml"
    syn.write_text("groups:\n  - [usage, consumption]\n  - [export, set up]\n", "utf-8")
    kb = KnowledgeBase.from_directory(tmp_path / "kb", synonyms_path=syn, semantic=False)
    snap = kb._snap
    assert snap is not None
    a = [art.article_id for art in snap.arts].index("reports.md")
    headings = [sec.heading for sec in snap.arts[a].sections]

    def coverage(question: str, heading: str) -> float:
        q = prepare_query(question, kb.vocab.ids, snap.art_index, snap.fuzzy, kb.synonyms)
        sec = np.array([int(snap.sec_start[a]) + headings.index(heading)])
        return float(ranking.coverage_of(q, snap.sec_index, sec)[0])

    assert coverage("team consumption export", "Schedules") == pytest.approx(1.0)  # synonym
    assert coverage("team usage exprot", "Schedules") == pytest.approx(1.0)  # typo
    assert coverage("team hourly", "Schedules") < 1.0
    # only one-word synonyms count: the index cannot tell "set up" from "set" ... "up"
    assert coverage("team export", "Teams") < 1.0


def test_a_long_question_weighs_a_title_match_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    topics = ["Printer drivers", "VPN client setup", "Invoice download", "Password reset"]
    for i, topic in enumerate([*topics, "Teams meetings", "DNS records"]):
        (tmp_path / f"f{i}.md").write_text(
            f"# {topic}\n\nSome text about {topic.lower()} and other things here.\n",
            encoding="utf-8",
        )
    (tmp_path / "retention.md").write_text(
        "# Retention policies for mailboxes\n\nKeep or delete items after a set time.\n",
        encoding="utf-8",
    )
    (tmp_path / "archive.md").write_text(
        "# Archive mailboxes\n\nAdmins learn how the archive keeps items of users in the"
        " organization: policies move old mail after a set time so the mailbox stops filling"
        " its quota, and deleted items follow.\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    # A pasted, description-like question: the archive article's body holds more of its
    # words, but the question is about retention policies as a whole (the title).
    long = (
        "admins can learn about retention policies for mailboxes that keep or delete items"
        " for users in the organization after a set time, so old mail stops filling quota"
    )
    assert len(set(analyze(long))) >= ranking.TITLE_FULL
    assert kb.search(long)[0].article_id == "retention.md"
    monkeypatch.setattr(ranking, "TITLE_MIX", 0.0)  # BM25F alone: the body wins
    assert kb.search(long)[0].article_id == "archive.md"
    assert ranking.title_strength(ranking.TITLE_FROM) == 0.0
    assert ranking.title_strength(ranking.TITLE_FULL) == 1.0
