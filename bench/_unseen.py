"""Answer judged questions as if the KB's authors had never seen them.

KB authors add the questions they are asked as aliases, which is what aliases are for;
but when those questions are the ones we measure on, every such alias is a copy of a
test question, and the figures say how well the engine finds copies. Questions nobody
has seen (the holdout, a new customer's) get no such help. ``UnseenKb`` answers each
question with the aliases that nearly repeat it hidden — leave-one-out: another
question's alias stays, as it would for an unseen question on the same topic. "Nearly
repeat" is a Jaccard similarity of the analysed words of at least ``threshold``.

Used by bench/kb_calibrate.py (``--unseen``); it works on a copy of the KB folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from bot.kb import KnowledgeBase
from bot.kb.analysis import analyze

T = TypeVar("T")


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two sets of analysed words."""
    return len(a & b) / len(a | b) if a | b else 0.0


class UnseenKb:
    """A copy of a KB folder whose aliases can be hidden per question."""

    def __init__(self, root: Path, threshold: float, **options: object) -> None:
        self._tmp = Path(tempfile.mkdtemp(prefix="kb-unseen-"))
        self.root = self._tmp / "kb"
        shutil.copytree(root, self.root)
        self.threshold = threshold
        self.kb = KnowledgeBase.from_directory(self.root, **options)  # type: ignore[arg-type]
        self.kb.wait_semantic()
        self._aliases = [
            (set(analyze(alias)), art.article_id, alias)
            for art in self.kb.articles
            for alias in art.aliases
        ]
        self.hidden_for = 0  # questions that had at least one alias hidden

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    def repeating(self, question: str) -> list[tuple[str, str]]:
        """(article id, alias) of every alias that nearly repeats ``question``."""
        words = set(analyze(question))
        return [
            (article, alias)
            for alias_words, article, alias in self._aliases
            if alias_words and similarity(words, alias_words) >= self.threshold
        ]

    @contextmanager
    def hiding(self, question: str) -> Iterator[KnowledgeBase]:
        """The KB with the aliases that repeat ``question`` removed, restored after."""
        saved: dict[str, str] = {}
        for article, alias in self.repeating(question):
            path = self.root / article
            text = saved.setdefault(article, path.read_text(encoding="utf-8"))
            current = path.read_text(encoding="utf-8") if article in saved else text
            path.write_text(_without_alias(current, alias), encoding="utf-8")
        if saved:
            self.hidden_for += 1
            self.kb.refresh()
        try:
            yield self.kb
        finally:
            for article, text in saved.items():
                (self.root / article).write_text(text, encoding="utf-8")
            if saved:
                self.kb.refresh()

    def answer_each(self, rows: list[dict], ask: Callable[[KnowledgeBase, dict], T]) -> list[T]:
        """``ask(kb, row)`` for every row, each with its own aliases hidden."""
        out = []
        for row in rows:
            with self.hiding(row["query"]) as kb:
                out.append(ask(kb, row))
        return out


def _without_alias(text: str, alias: str) -> str:
    """The file text without the front-matter list item holding ``alias``."""
    lines = text.split("\n")
    keep = [
        line
        for line in lines
        if not (line.strip().startswith("- ") and line.strip()[2:].strip().strip("\"'") == alias)
    ]
    return "\n".join(keep)
