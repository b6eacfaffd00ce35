"""The optional embedding re-ranker: off when asked, cross-lingual help when installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase, dense, embedders, sections, semantic
from bot.kb.ranker_weights import FALLBACK, RankerWeights, weights_for, write_weights


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
    installed = [name for name in semantic.BACKENDS if embedders.installed(name)]
    assert semantic.choose_backend() == (installed[0] if installed else None)
    for name in semantic.BACKENDS:
        monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", name)
        assert semantic.choose_backend() == (name if name in installed else None)


class CountingEmbedder:
    """A small stand-in model for the cache tests: bag-of-words vectors, counted, and as
    slow as asked (the real model's first call takes seconds)."""

    module = "numpy"
    passages = 0
    delay = 0.0

    def __init__(self) -> None:
        import time

        time.sleep(type(self).delay)

    def _vec(self, text: str):  # type: ignore[no-untyped-def]
        import numpy as np

        v = np.zeros(64, np.float32)
        for word in text.lower().split():
            v[hash(word) % 64] += 1.0
        return v / (np.linalg.norm(v) or 1.0)

    def query(self, text: str):  # type: ignore[no-untyped-def]
        return self._vec(text)

    def passage(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        type(self).passages += len(texts)
        return np.vstack([self._vec(t) for t in texts])


@pytest.fixture()
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingEmbedder]:
    monkeypatch.setitem(semantic.BACKENDS, "counting", CountingEmbedder)
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "counting")
    monkeypatch.setattr(CountingEmbedder, "passages", 0)
    monkeypatch.setattr(CountingEmbedder, "delay", 0.0)
    return CountingEmbedder


def test_a_restart_loads_embeddings_from_disk_instead_of_embedding(
    tmp_path: Path, counting: type[CountingEmbedder], _embedding_cache_in_tmp: Path
) -> None:
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    make_kb(kb_dir)
    first = KnowledgeBase.from_directory(kb_dir, semantic=True)
    assert first.wait_semantic(30)
    # each article's text, and its title as the first of its question-like lines
    assert counting.passages == 6 and _embedding_cache_in_tmp.exists()
    again = KnowledgeBase.from_directory(kb_dir, semantic=True)
    assert again.wait_semantic(30)
    assert counting.passages == 6  # nothing embedded again
    assert again._semantic is not None and again._semantic.embedded == 0
    question = "как вернуть деньги refunds"
    assert [h.article_id for h in again.search(question)] == [
        h.article_id for h in first.search(question)
    ]


def test_an_edit_while_serving_embeds_only_that_article_at_once(
    tmp_path: Path, counting: type[CountingEmbedder]
) -> None:
    make_kb(tmp_path)
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(30) and counting.passages == 6
    page = tmp_path / "vpn.md"
    page.write_text("# Connecting over VPN\n\nInstall WireGuard instead.\n", encoding="utf-8")
    st = page.stat()
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    assert kb.refresh()
    assert kb.semantic_state == "ready"  # no lexical-only gap after a small edit
    assert counting.passages == 7  # the new text; the title did not change


def test_the_first_answer_waits_for_the_embeddings(
    tmp_path: Path, counting: type[CountingEmbedder]
) -> None:
    counting.delay = 0.5  # the model takes a while to load, as the real one does
    make_kb(tmp_path)
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.semantic_state == "loading"
    # Even a question the words answer alone waits: its confidence without the
    # embeddings is judged by stricter weights, so it could say "not sure" where a
    # warm server answers.
    first = kb.answer("refunds card")
    assert kb.semantic_state == "ready"
    assert first == kb.answer("refunds card")
    assert kb.answer("как вернуть деньги refunds card").best is not None


def test_waiting_for_embeddings_is_bounded(
    tmp_path: Path, counting: type[CountingEmbedder]
) -> None:
    counting.delay = 3.0
    make_kb(tmp_path)
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True, ready_wait=0.05)
    ans = kb.answer("как вернуть деньги refunds card")  # a question that wants embeddings
    assert ans.best is not None and ans.best.article_id == "refunds.md"  # lexical meanwhile
    assert kb.semantic_state == "loading"
    assert kb.wait_semantic(30)


def test_a_broken_cache_file_is_logged_and_ignored(
    tmp_path: Path,
    counting: type[CountingEmbedder],
    _embedding_cache_in_tmp: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _embedding_cache_in_tmp.write_bytes(b"this is not a database" * 100)
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    make_kb(kb_dir)
    kb = KnowledgeBase.from_directory(kb_dir, semantic=True)
    assert kb.wait_semantic(30)
    assert "embedding cache" in caplog.text and counting.passages == 6
    assert kb.search("refunds card")[0].article_id == "refunds.md"


def meaning_model(phrase: str) -> type:
    """A stand-in model that reads one meaning the words do not show: every question
    means ``phrase``, and so does any text that contains it."""

    class Model:
        module = "numpy"

        def _vec(self, text: str):  # type: ignore[no-untyped-def]
            import numpy as np

            return np.array([1.0, 0.0] if phrase in text.lower() else [0.0, 1.0], np.float32)

        def query(self, text: str):  # type: ignore[no-untyped-def]
            return self._vec(phrase)

        def passage(self, texts: list[str]):  # type: ignore[no-untyped-def]
            import numpy as np

            return np.vstack([self._vec(t) for t in texts])

    return Model


TopicEmbedder = meaning_model("money")  # "getting money back": any text about money


def cancel_pages(root: Path, **aliases: list[str]) -> None:
    """Two articles the words can hardly tell apart (one is about getting money back)
    and a third, with the given aliases per page."""
    pages = {
        "refund": "# Cancel a subscription\n\nCancel the subscription in the portal; the money"
        " for unused days comes back.\n",
        "legacy": "# Cancel a subscription\n\nCancel the subscription in the portal. Old"
        " contracts end at the term.\n",
        "vpn": "# VPN\n\nInstall the client.\n",
    }
    for name, text in pages.items():
        front = f"---\naliases: {aliases[name]!r}\n---\n" if name in aliases else ""
        (root / f"{name}.md").write_text(front + text, encoding="utf-8")


def test_embeddings_break_a_near_tie_the_words_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(semantic.BACKENDS, "topic", TopicEmbedder)
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "topic")
    cancel_pages(tmp_path)
    question = "cancel subscription portal"
    words_only = KnowledgeBase.from_directory(tmp_path, semantic=False)
    assert words_only.search(question)[0].article_id == "legacy.md"  # by a hair
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(30)
    answer, evidence = kb.answer_with_evidence(question)
    assert answer.best is not None and answer.best.article_id == "refund.md"
    # the confidence hears that the embeddings agree with the answer
    assert evidence is not None and evidence.agreement == 1.0 and evidence.cosine == 1.0
    _answer, other = kb.answer_with_evidence("install client vpn")
    assert other is not None and other.agreement is not None and other.agreement < 1.0


def test_the_console_waits_for_a_first_time_embedding_and_says_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli_commands import _wait_for_kb

    class Loading:
        """A knowledge service whose embeddings become ready on the second wait."""

        def __init__(self) -> None:
            self.waits: list[float] = []

        def embeddings_loading(self) -> bool:
            return True

        def wait_for_embeddings(self, timeout: float) -> bool:
            self.waits.append(timeout)
            return len(self.waits) > 1

    service = Loading()
    _wait_for_kb(service)  # type: ignore[arg-type]
    assert len(service.waits) == 2 and service.waits[1] >= 60
    err = capsys.readouterr().err
    assert "Preparing the knowledge-base search" in err and "Still preparing" not in err


# Only one phrasing means "money back": the question and an alias say it, no article text does.
AliasEmbedder = meaning_model("money back")


def test_a_question_like_an_alias_finds_its_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(semantic.BACKENDS, "alias", AliasEmbedder)
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "alias")
    cancel_pages(
        tmp_path,
        refund=["I want my money back"],
        legacy=["when does an old contract end"],
        vpn=["vpn app"],
    )
    question = "cancel subscription portal old"
    assert KnowledgeBase.from_directory(tmp_path, semantic=False).search(question)[
        0
    ].article_id == ("legacy.md")
    monkeypatch.setattr(dense, "weights_for", lambda key: RankerWeights(0.0, 0.5))
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(30)
    assert kb.search(question)[0].article_id == "refund.md"
    monkeypatch.setattr(dense, "weights_for", lambda key: RankerWeights(0.0, 0.0))
    assert kb.search(question)[0].article_id == "legacy.md"  # the lines are what did it
    # The fitted weights are for KBs written with aliases; imported docs without them
    # keep the hand-set rule (the text at 0.07, no lines), which FAQ-style questions need.
    for page in ("legacy.md", "vpn.md"):
        text = (tmp_path / page).read_text("utf-8")
        (tmp_path / page).write_text(text.split("---\n", 2)[2], "utf-8")
    monkeypatch.setattr(dense, "weights_for", lambda key: RankerWeights(0.0, 0.5))
    bare = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert bare.wait_semantic(30)
    assert bare.search(question)[0].article_id == "legacy.md"


def test_the_ranker_weights_are_read_per_backend_and_a_broken_file_is_survived(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "ranker.yml"
    write_weights({"e5+use": RankerWeights(0.25, 0.15, 0.12)}, "test", path=path)
    write_weights({"use": RankerWeights(0.1, 0.3)}, "test", path=path)  # merged, not replaced
    assert weights_for("e5+use", path) == RankerWeights(0.25, 0.15, 0.12)
    assert weights_for("use", path) == RankerWeights(0.1, 0.3, 0.0)
    old = tmp_path / "old.yml"  # written before the second line model existed
    old.write_text("use: {article: 0.1, line: 0.2}\n", encoding="utf-8")
    assert weights_for("use", old) == RankerWeights(0.1, 0.2, 0.0)
    assert weights_for("other", path) == FALLBACK
    broken = tmp_path / "broken.yml"
    broken.write_text("e5+use: {article: [}", encoding="utf-8")
    assert weights_for("e5+use", broken) == FALLBACK
    assert "cannot read ranker weights" in caplog.text


def test_titles_and_aliases_are_embedded_by_the_fast_model_next_to_e5(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embedders, "installed", lambda name: True)
    assert embedders.line_model_for("e5") == "use" and embedders.backend_key("e5") == "e5+use"
    assert embedders.line_models_for("e5") == ("use", "e5")  # e5 reads the lines too
    assert embedders.line_model_for("use") == "use" and embedders.backend_key("use") == "use"
    assert embedders.line_models_for("use") == ("use",)
    monkeypatch.setattr(embedders, "installed", lambda name: name == "e5")
    assert embedders.line_model_for("e5") == "e5" and embedders.backend_key("e5") == "e5"
    assert embedders.line_models_for("e5") == ("e5",)


def test_a_translations_alias_speaks_for_the_whole_family(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Aliases are written per language, and not every phrasing makes it into every
    version: a Russian version's alias lifts the English article an English question finds."""
    monkeypatch.setitem(semantic.BACKENDS, "alias", AliasEmbedder)
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "alias")
    cancel_pages(tmp_path, legacy=["when does an old contract end"], vpn=["vpn app"])
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "refund.md").write_text(
        "---\nlang: ru\ntranslation_key: refund\naliases: ['верните money back']\n---\n"
        "# Отмена подписки\n\nОтмените подписку на портале.\n",
        encoding="utf-8",
    )
    text = (tmp_path / "refund.md").read_text("utf-8")
    (tmp_path / "refund.md").write_text("---\ntranslation_key: refund\n---\n" + text, "utf-8")
    question = "cancel subscription portal old"
    monkeypatch.setattr(dense, "weights_for", lambda key: RankerWeights(0.0, 0.5))
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(30)
    assert kb.search(question)[0].article_id == "refund.md"  # in the question's language
    monkeypatch.setattr(dense, "weights_for", lambda key: RankerWeights(0.0, 0.0))
    assert kb.search(question)[0].article_id == "legacy.md"


class RolesEmbedder:
    """A stand-in for a model with question and passage roles (like e5): only a line read
    as a question means "money back"; read as a passage, nothing means anything."""

    module = "numpy"
    as_questions = 0

    def _vec(self, meaning: bool):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.array([1.0, 0.0] if meaning else [0.0, 1.0], np.float32)

    def query(self, text: str):  # type: ignore[no-untyped-def]
        return self._vec(True)

    def passage(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.vstack([self._vec(False) for _ in texts])

    def questions(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        type(self).as_questions += len(texts)
        return np.vstack([self._vec("money back" in t.lower()) for t in texts])


def test_a_model_with_roles_reads_titles_and_aliases_as_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _embedding_cache_in_tmp: Path
) -> None:
    monkeypatch.setitem(semantic.BACKENDS, "roles", RolesEmbedder)
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "roles")
    monkeypatch.setattr(RolesEmbedder, "as_questions", 0)
    monkeypatch.setattr(dense, "weights_for", lambda key: RankerWeights(0.0, 0.5))
    cancel_pages(tmp_path, refund=["I want my money back"], legacy=["old contract end"])
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(30)
    assert kb.search("cancel subscription portal old")[0].article_id == "refund.md"
    assert RolesEmbedder.as_questions == 4  # two distinct titles, two aliases
    again = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert again.wait_semantic(30) and RolesEmbedder.as_questions == 4  # from the disk cache


def recording_page(root: Path) -> None:
    (root / "recording.md").write_text(
        "# Record a Teams meeting\n\n"
        "Organisers and presenters can record a Teams meeting.\n\n"
        "## Start and stop the recording\n\n"
        "In the meeting select More actions, then Start recording; everyone is told.\n\n"
        "## Where the recording is saved\n\n"
        "The video goes to the OneDrive of the person who started it, in the Recordings "
        "folder, and a link appears in the chat.\n\n"
        "## Features missing in Teams operated by 21Vianet\n\n"
        "Live captions and transcripts of a meeting video are not available.\n",
        encoding="utf-8",
    )
    make_kb(root)  # other articles: embeddings re-rank only where there is a choice


def test_the_quoted_section_is_the_one_the_question_means(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words alone quote the section that names the meeting video most; the section
    embeddings (heading and opening) find the one that says where it went. The
    stand-in line model reads every question as "saved"."""
    monkeypatch.setitem(semantic.BACKENDS, "use", meaning_model("saved"))
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "use")
    recording_page(tmp_path)
    question = "where did the meeting video end up?"
    kb = KnowledgeBase.from_directory(tmp_path, semantic=True)
    assert kb.wait_semantic(30)
    assert sections.SECTION_MEANING > 0
    best = kb.answer(question, lang="en").best
    assert best is not None and best.section == "Where the recording is saved"
    monkeypatch.setattr(sections, "SECTION_MEANING", 0.0)
    words_only = kb.answer(question, lang="en").best
    assert words_only is not None
    assert words_only.section == "Features missing in Teams operated by 21Vianet"
